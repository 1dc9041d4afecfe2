package io.canarykit.cli.bench;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The CPU time a whole process has used so far, as the operating system counts it: for the broker,
 * a process of its own that shares the machine with the job it serves.
 */
final class ProcessCpu {

    private ProcessCpu() {}

    /** The CPU nanoseconds process {@code pid} has used so far; empty if it is gone or the system does not say. */
    static OptionalLong nanos(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(p -> p.info().totalCpuDuration())
                .map(Duration::toNanos)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    /** The CPU nanoseconds used between two readings; empty if either reading is. */
    static OptionalLong usedBetween(OptionalLong earlier, OptionalLong later) {
        if (earlier.isEmpty() || later.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, later.getAsLong() - earlier.getAsLong()));
    }
}

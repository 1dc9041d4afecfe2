package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void aProcessThatWorksHasUsedAtLeastTheCpuOfTheThreadThatWorked() {
        long pid = ProcessHandle.current().pid();
        OptionalLong before = ProcessCpu.nanos(pid);
        long threadBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long spin = 0;
        // Work for about 200 ms of this thread's CPU time.
        while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadBefore < 200_000_000L) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }
        long threadUsed = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadBefore;
        OptionalLong used = ProcessCpu.usedBetween(before, ProcessCpu.nanos(pid));

        assertThat(spin).isNotNegative();
        assertThat(before).isPresent();
        // The system counts in clock ticks (10 ms here); the process used at least what this thread did.
        assertThat(used.getAsLong()).isGreaterThanOrEqualTo(threadUsed - 20_000_000L);
    }

    @Test
    void aProcessThatIsGoneHasNoReading() {
        assertThat(ProcessCpu.nanos(Long.MAX_VALUE)).isEmpty();
        assertThat(ProcessCpu.usedBetween(OptionalLong.of(5), OptionalLong.empty())).isEmpty();
        assertThat(ProcessCpu.usedBetween(OptionalLong.of(5), OptionalLong.of(12))).hasValue(7);
    }
}

package io.canarykit.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time of this process's threads whose name starts with a prefix: a task's own cost, which,
 * unlike Flink's busy time, does not grow while the task waits for a core on a saturated machine.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {}

    /** Whether this JVM measures the CPU time of its threads. */
    static boolean supported() {
        return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }

    /** The CPU nanoseconds used so far by the live threads named {@code prefix}..., summed. */
    static long nanos(String prefix) {
        long total = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                // -1: the thread ended between the listing and the reading.
                total += Math.max(0, cpu);
            }
        }
        return total;
    }
}

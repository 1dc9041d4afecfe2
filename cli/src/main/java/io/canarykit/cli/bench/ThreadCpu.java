package io.canarykit.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

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

    /** The CPU time each live thread that {@code counted} accepts (by name) has used so far, by thread id. */
    static Map<Long, Long> snapshot(Predicate<String> counted) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && counted.test(info.getThreadName())) {
                long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }

    /**
     * The CPU nanoseconds the threads of {@code later} used since {@code earlier}: a thread started
     * in between counts whole; one that ended in between is lost, with what it used.
     */
    static long usedBetween(Map<Long, Long> earlier, Map<Long, Long> later) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : later.entrySet()) {
            total += Math.max(0, thread.getValue() - earlier.getOrDefault(thread.getKey(), 0L));
        }
        return total;
    }

    /**
     * The CPU nanoseconds the threads of {@code later} that {@code earlier} did not have (started in
     * between) used: the work of something started in between, apart from older threads of the same
     * name (a sidecar of another section, still serving).
     */
    static long usedByThreadsStartedBetween(Map<Long, Long> earlier, Map<Long, Long> later) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : later.entrySet()) {
            if (!earlier.containsKey(thread.getKey())) {
                total += thread.getValue();
            }
        }
        return total;
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

package io.canarykit.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The CPU time a job's task threads use while it runs, by operator: the cost per event that a
 * saturated machine does not inflate, and that says which operator takes what.
 *
 * <p>A task's thread takes its CPU total with it when it ends, and a bounded job's tasks end with it,
 * so the threads are read every {@link #INTERVAL} while the job runs and each keeps its last reading:
 * up to one interval of a thread's last moments is missed. A task thread's whole CPU counts, its
 * set-up (the state backend, the operators' {@code open}) included. The threads are told by Flink's
 * names, {@code <task> (<subtask>/<parallelism>)#<attempt>}, with the task's timer and flusher
 * threads counted as the task's; an operator is the first name of its chain, before {@code " -> "}.
 * Threads alive at the start (an earlier job's, still ending) are left out.
 */
final class TaskCpu {

    /** How often the threads are read while a job runs. */
    static final Duration INTERVAL = Duration.ofMillis(5);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Pattern TASK_THREAD = Pattern.compile(
            "^(?:OutputFlusher for |System Time Trigger for |Time Trigger for )?(.+?) \\(\\d+/\\d+\\)#\\d+$");

    /** The operator a thread last read belongs to, and the CPU it had used then. */
    private record Reading(String operator, long nanos) {}

    private final Map<Long, Reading> latest = new ConcurrentHashMap<>();
    private final Set<Long> before;
    private final Thread sampler;
    private volatile boolean running = true;

    private TaskCpu() {
        before = LongStream.of(THREADS.getAllThreadIds()).boxed().collect(Collectors.toSet());
        sampler = new Thread(this::sampleUntilStopped, "bench-task-cpu");
        sampler.setDaemon(true);
    }

    /** Whether this JVM measures the CPU time of its threads. */
    static boolean supported() {
        return ThreadCpu.supported();
    }

    /** Starts reading the task threads, before the job is submitted. */
    static TaskCpu start() {
        TaskCpu cpu = new TaskCpu();
        cpu.sampler.start();
        return cpu;
    }

    /** Stops reading, once the job has ended, and gives each operator's CPU nanoseconds, by name. */
    Map<String, Long> stop() throws InterruptedException {
        running = false;
        sampler.join();
        sample();
        Map<String, Long> byOperator = new TreeMap<>();
        latest.values().forEach(r -> byOperator.merge(r.operator(), r.nanos(), Long::sum));
        return byOperator;
    }

    /**
     * The operator a thread of Flink's works for, the first name of its task's chain, or empty for a
     * thread that is not a task's (the cluster's own, the bench's).
     */
    static Optional<String> operatorOf(String threadName) {
        Matcher task = TASK_THREAD.matcher(threadName);
        if (!task.matches()) {
            return Optional.empty();
        }
        String chain = task.group(1);
        int next = chain.indexOf(" -> ");
        return Optional.of(next < 0 ? chain : chain.substring(0, next));
    }

    /** Adds up operators' CPU, e.g. over rounds. */
    static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> total = new TreeMap<>(a);
        b.forEach((operator, nanos) -> total.merge(operator, nanos, Long::sum));
        return total;
    }

    /** All operators' CPU together. */
    static long total(Map<String, Long> byOperator) {
        return byOperator.values().stream().mapToLong(Long::longValue).sum();
    }

    private void sampleUntilStopped() {
        while (running) {
            LockSupport.parkNanos(INTERVAL.toNanos());
            sample();
        }
    }

    private void sample() {
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null || before.contains(info.getThreadId())) {
                continue;
            }
            Optional<String> operator = operatorOf(info.getThreadName());
            if (operator.isEmpty()) {
                continue;
            }
            long nanos = THREADS.getThreadCpuTime(info.getThreadId());
            // -1: the thread ended between the listing and the reading; its last reading stands.
            if (nanos >= 0) {
                latest.put(info.getThreadId(), new Reading(operator.get(), nanos));
            }
        }
    }
}

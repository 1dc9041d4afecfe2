package io.canarykit.cli.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Hands the bench the task metrics it samples (busy, back-pressured and idle time, records in) from
 * the metric registry of the mini-cluster in its own JVM. Read through Flink's REST API instead, every
 * reading made the cluster dump and the REST endpoint deserialize every metric of the job, thousands
 * per hundred symbols, on the cores whose busy time the reading measured.
 *
 * <p>Flink builds the reporter from the configuration ({@link #configure}) through {@link Factory},
 * which it finds as a service; the metrics are kept in one map for the JVM, by job, task and subtask.
 */
public final class TaskMetricsReporter implements MetricReporter {

    private static final String REPORTER = "kit-bench-tasks";
    private static final String JOB = "<job_id>";
    private static final String TASK = "<task_name>";
    private static final String SUBTASK = "<subtask_index>";
    private static final String OPERATOR = "<operator_id>";

    /** One task's subtask of one job. */
    private record Subtask(String jobId, String task, int index) {}

    private static final Map<Subtask, Map<String, Metric>> METRICS = new ConcurrentHashMap<>();

    /** Has the mini-cluster of {@code conf} report its task metrics here. */
    static void configure(Configuration conf) {
        conf.setString("metrics.reporter." + REPORTER + ".factory.class", Factory.class.getName());
    }

    /**
     * The totals of {@code parallelism} subtasks of the task named {@code task} in job {@code jobId}
     * now, as {@link SubtaskCounters}; a metric not (or no longer) registered reads as NaN.
     */
    static List<SubtaskCounters> read(String jobId, String task, int parallelism) {
        Map<String, Double> values = new HashMap<>();
        for (int s = 0; s < parallelism; s++) {
            Map<String, Metric> metrics = METRICS.getOrDefault(new Subtask(jobId, task, s), Map.of());
            for (String name : SubtaskCounters.METRICS) {
                values.put(s + "." + name, valueOf(metrics.get(name)));
            }
        }
        return SubtaskCounters.of(values, parallelism);
    }

    static double valueOf(Metric metric) {
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        if (metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number) {
            return number.doubleValue();
        }
        return Double.NaN;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        Subtask subtask = subtaskOf(name, group);
        if (subtask != null) {
            METRICS.computeIfAbsent(subtask, s -> new ConcurrentHashMap<>()).put(name, metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        Subtask subtask = subtaskOf(name, group);
        if (subtask != null) {
            METRICS.computeIfPresent(subtask, (s, metrics) -> {
                metrics.remove(name, metric);
                return metrics.isEmpty() ? null : metrics;
            });
        }
    }

    /** The subtask a task-level metric the bench reads belongs to; null for every other metric. */
    private static Subtask subtaskOf(String name, MetricGroup group) {
        if (!SubtaskCounters.METRICS.contains(name)) {
            return null;
        }
        Map<String, String> variables = group.getAllVariables();
        // An operator's metrics carry its id; the same names on the task's own group do not.
        if (variables.containsKey(OPERATOR) || !variables.containsKey(TASK) || !variables.containsKey(SUBTASK)) {
            return null;
        }
        try {
            return new Subtask(variables.get(JOB), variables.get(TASK), Integer.parseInt(variables.get(SUBTASK)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Found by Flink as a service ({@code META-INF/services}), named in the configuration by class. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new TaskMetricsReporter();
        }
    }
}

package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * The bench's reporter on a real mini-cluster: a job of ten million numbers, doubled in the source's
 * task, then keyed to a task that spends a millisecond on each, so the source is held back and both
 * tasks run until the job is cancelled; their totals are read while they run.
 */
class TaskMetricsReporterITCase {

    private static final int NUMBERS = 10_000_000;
    private static final int PARALLELISM = 2;

    @Test
    void readsEachTasksOwnTotalsWhileItRunsAndForgetsThemWhenItStops() throws Exception {
        Configuration conf = new Configuration();
        TaskMetricsReporter.configure(conf);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(PARALLELISM).build());
        cluster.start();
        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(PARALLELISM);
            env.fromSequence(1, NUMBERS).name("numbers")
                    .map(n -> n * 2).name("double")
                    .keyBy(n -> n % 7)
                    .map(TaskMetricsReporterITCase::slowly).name("slowly")
                    .sinkTo(new DiscardingSink<>()).name("discard");
            JobGraph job = env.getStreamGraph().getJobGraph();
            String source = vertexNamed(job, name -> name.contains("numbers"));
            String slow = vertexNamed(job, name -> name.startsWith("slowly"));
            JobID id = job.getJobID();
            assertThat(TaskMetricsReporter.read(id.toString(), slow, PARALLELISM))
                    .noneMatch(SubtaskCounters::complete);

            cluster.submitJob(job).get();
            List<SubtaskCounters> first = awaitReading(id, slow, r -> r.stream().allMatch(SubtaskCounters::complete)
                    && r.stream().mapToDouble(SubtaskCounters::recordsIn).sum() > 0);
            long readAt = System.nanoTime();
            List<SubtaskCounters> later = awaitReading(id, slow, r -> r.stream().mapToDouble(SubtaskCounters::recordsIn)
                    .sum() > first.stream().mapToDouble(SubtaskCounters::recordsIn).sum() + 200);
            double elapsedMs = (System.nanoTime() - readAt) / 1e6;

            for (int s = 0; s < PARALLELISM; s++) {
                assertThat(later.get(s).subtask()).isEqualTo(s);
                assertThat(later.get(s).recordsIn()).isBetween(first.get(s).recordsIn(), (double) NUMBERS);
                // The three totals share out the subtask's time: they grow about as fast as the clock, and
                // a reading that added another subtask's or operator's would grow twice as fast. Not to the
                // millisecond: the three are gauges of Flink's own, read one after the other, and in one run
                // they grew by 129 ms in the 124.5 ms measured around the readings.
                assertThat(later.get(s).totalMs() - first.get(s).totalMs()).isLessThanOrEqualTo(elapsedMs * 1.2 + 5);
            }
            // A source's task takes nothing in from the network: the chained map's own count is not its.
            List<SubtaskCounters> sourceTask = TaskMetricsReporter.read(id.toString(), source, PARALLELISM);
            assertThat(sourceTask).allMatch(SubtaskCounters::complete);
            assertThat(sourceTask).extracting(SubtaskCounters::recordsIn).containsOnly(0.0);

            cluster.cancelJob(id).get();
            awaitReading(id, slow, r -> r.stream().noneMatch(SubtaskCounters::complete));
        } finally {
            cluster.close();
        }
    }

    private static long slowly(long n) throws InterruptedException {
        Thread.sleep(1);
        return n;
    }

    private static String vertexNamed(JobGraph job, Predicate<String> test) {
        List<String> names = new ArrayList<>();
        for (JobVertex vertex : job.getVertices()) {
            names.add(vertex.getName());
            if (test.test(vertex.getName())) {
                return vertex.getName();
            }
        }
        throw new AssertionError("no vertex as asked among " + names);
    }

    private static List<SubtaskCounters> awaitReading(JobID id, String task, Predicate<List<SubtaskCounters>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<SubtaskCounters> reading = TaskMetricsReporter.read(id.toString(), task, PARALLELISM);
        while (!done.test(reading)) {
            assertThat(System.nanoTime()).as("a reading of %s as awaited, the last %s", task, reading).isLessThan(deadline);
            Thread.sleep(20);
            reading = TaskMetricsReporter.read(id.toString(), task, PARALLELISM);
        }
        return reading;
    }
}

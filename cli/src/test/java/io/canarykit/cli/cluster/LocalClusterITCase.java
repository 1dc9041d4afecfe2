package io.canarykit.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Starts the local cluster as real processes, runs the shaded job on it, and stops it by its PIDs. */
class LocalClusterITCase {

    private static LocalCluster cluster;
    private static FlinkRest rest;
    private static Path root;

    @BeforeAll
    static void up() throws Exception {
        root = ClusterCommand.projectRoot();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "kc");
        cluster = new LocalCluster(dir, root.resolve("deploy/local/config.yaml"),
                root.resolve("cli/src/main/jvm/java17.args"), freePorts());
        long start = System.nanoTime();
        cluster.start();
        rest = new FlinkRest(cluster.restUrl());
        cluster.awaitReady(Duration.ofSeconds(120), rest);
        System.out.printf("local cluster up in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            assertThat(cluster.stop()).contains(LocalCluster.TASK_MANAGER, LocalCluster.JOB_MANAGER, LocalCluster.KAFKA);
            assertThat(cluster.describeProcesses()).allMatch(line -> line.endsWith("not running"));
        }
    }

    @Test
    void runsTheShadedJobUntilItCheckpointsThenStopsItWithASavepoint() throws Exception {
        assertThat(cluster.describeProcesses()).noneMatch(line -> line.endsWith("not running"));
        assertThat(rest.taskManagers()).hasSize(1);

        String jarId = rest.upload(shadedJar());
        String jobId = rest.run(jarId, List.of(
                "--set", "KAFKA_BOOTSTRAP=" + cluster.kafkaBootstrap(),
                "--reference", root.resolve("deploy/compose/reference").toString(),
                "--champion", "champion-v1", "--challenger", "challenger-v2",
                "--checkpoint-interval-ms", "2000"), null);

        Optional<JsonNode> checkpoint = Optional.empty();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (checkpoint.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            checkpoint = rest.lastCheckpoint(jobId);
        }
        assertThat(rest.currentJob()).get().extracting(j -> j.path("state").asText()).isEqualTo("RUNNING");
        assertThat(checkpoint).as("a completed checkpoint within 90 s").isPresent();

        String savepoint = rest.stopWithSavepoint(jobId, cluster.savepointDir(), Duration.ofMinutes(2));
        assertThat(savepoint).contains(cluster.savepointDir().getFileName().toString());
        assertThat(rest.currentJob()).isEmpty();
    }

    private static Path shadedJar() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("jobs/target"))) {
            return files.filter(p -> p.getFileName().toString().matches("jobs-.*-job\\.jar")).findFirst().orElseThrow();
        }
    }

    private static ClusterPorts freePorts() throws IOException {
        int[] p = new int[8];
        for (int i = 0; i < p.length; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                p[i] = s.getLocalPort();
            }
        }
        return new ClusterPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    }
}

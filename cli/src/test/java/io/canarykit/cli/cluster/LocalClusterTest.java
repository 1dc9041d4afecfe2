package io.canarykit.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterTest {

    @TempDir
    Path dir;

    @Test
    void refusesToStartWhenAnotherProgramHoldsTheRestPort() throws IOException {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress("127.0.0.1", 0));
            int taken = other.getLocalPort();
            ClusterPorts ports = ClusterPorts.free();
            ClusterPorts clash = new ClusterPorts(taken, ports.jobManagerRpc(), ports.taskManagerRpc(), ports.blob(),
                    ports.jobManagerMetrics(), ports.taskManagerMetrics(), ports.kafka(), ports.kafkaController(),
                    ports.prometheus());
            assertThatThrownBy(() -> cluster(clash).requirePortsFree())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken + " (the Flink REST API) is in use by another program")
                    .hasMessageContaining("--port-offset");
        }
    }

    @Test
    void namesEveryTakenPort() throws IOException {
        try (ServerSocket a = new ServerSocket(); ServerSocket b = new ServerSocket()) {
            a.bind(new InetSocketAddress("127.0.0.1", 0));
            b.bind(new InetSocketAddress("127.0.0.1", 0));
            ClusterPorts ports = ClusterPorts.free();
            ClusterPorts clash = new ClusterPorts(ports.rest(), ports.jobManagerRpc(), ports.taskManagerRpc(), ports.blob(),
                    ports.jobManagerMetrics(), a.getLocalPort(), b.getLocalPort(), ports.kafkaController(), ports.prometheus());
            assertThatThrownBy(() -> cluster(clash).requirePortsFree())
                    .hasMessageContaining(a.getLocalPort() + " (the TaskManager's metrics)")
                    .hasMessageContaining(b.getLocalPort() + " (Kafka)")
                    .hasMessageContaining(" are in use");
        }
    }

    @Test
    void startsWhenEveryPortIsFree() throws IOException {
        ClusterPorts ports = ClusterPorts.free();
        assertThatCode(() -> cluster(ports).requirePortsFree()).doesNotThrowAnyException();
    }

    @Test
    void writesTheTemplateWithTheClusterPortsAndDirectories() throws IOException {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, String.join("\n",
                "# a comment",
                "rest.address: 127.0.0.1",
                "rest.port: 8081",
                "jobmanager.rpc.port: 6123",
                "taskmanager.rpc.port: 6122",
                "blob.server.port: 6124",
                "taskmanager.numberOfTaskSlots: 2",
                "execution.checkpointing.interval: 10 s",
                "state.backend.incremental: true",
                "metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                ""));
        ClusterPorts ports = new ClusterPorts(18081, 16123, 16122, 16124, 19249, 19250, 19092, 19093, 19090);
        Path clusterDir = dir.resolve("cluster");
        new LocalCluster(clusterDir, template, Path.of("unused.args"), ports).writeFlinkConfig();

        JsonNode conf = new YAMLMapper().readTree(clusterDir.resolve("conf/config.yaml").toFile());
        assertThat(conf.path("rest.port").asInt()).isEqualTo(18081);
        assertThat(conf.path("jobmanager.rpc.port").asInt()).isEqualTo(16123);
        assertThat(conf.path("taskmanager.rpc.port").asInt()).isEqualTo(16122);
        assertThat(conf.path("blob.server.port").asInt()).isEqualTo(16124);
        assertThat(conf.path("rest.address").asText()).isEqualTo("127.0.0.1");
        assertThat(conf.path("taskmanager.numberOfTaskSlots").asInt()).isEqualTo(2);
        assertThat(conf.path("execution.checkpointing.interval").asText()).isEqualTo("10 s");
        assertThat(conf.path("state.backend.incremental").asBoolean()).isTrue();
        assertThat(conf.path("metrics.reporter.prom.factory.class").asText())
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        Path absolute = clusterDir.toAbsolutePath();
        assertThat(conf.path("io.tmp.dirs").asText()).isEqualTo(absolute.resolve("tmp").toString());
        assertThat(conf.path("execution.checkpointing.dir").asText())
                .isEqualTo("file://" + absolute.resolve("state/checkpoints"));
        assertThat(conf.path("execution.checkpointing.savepoint-dir").asText())
                .isEqualTo("file://" + absolute.resolve("savepoints"));
        assertThat(conf.path("state.changelog.enabled").asBoolean()).isTrue();
        assertThat(conf.path("state.changelog.dstl.dfs.base-path").asText())
                .isEqualTo("file://" + absolute.resolve("state/changelog"));
        assertThat(conf.path("execution.state-recovery.claim-mode").asText()).isEqualTo("CLAIM");
        assertThat(conf.size()).isEqualTo(9 + 5 + 5);
    }

    @Test
    void freePortsAreAllDifferentEvenWhenTheSystemHandsOneOutAgain() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            ClusterPorts ports = ClusterPorts.free();
            List<Integer> nine = List.of(ports.rest(), ports.jobManagerRpc(), ports.taskManagerRpc(), ports.blob(),
                    ports.jobManagerMetrics(), ports.taskManagerMetrics(), ports.kafka(), ports.kafkaController(),
                    ports.prometheus());
            nine.forEach(port -> assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue());
        }
    }

    @Test
    void quotesTheEndOfADeadProcesssOutputAndLog() throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            out.add("out line " + i);
        }
        Files.write(dir.resolve("kafka.out"), out);
        Files.writeString(dir.resolve("kafka.log"), "ERROR Address already in use\n");

        String quoted = cluster(ClusterPorts.free()).lastLines(LocalCluster.KAFKA);

        assertThat(quoted).contains("the end of kafka.out", "out line 11", "out line 30", "the end of kafka.log",
                "ERROR Address already in use");
        assertThat(quoted).doesNotContain("out line 10\n");
        assertThat(quoted.lines().filter(line -> line.startsWith("out line "))).hasSize(20);
    }

    @Test
    void quotesNothingWhenAProcessLeftNoOutput() {
        assertThat(cluster(ClusterPorts.free()).lastLines(LocalCluster.JOB_MANAGER)).isEmpty();
    }

    private LocalCluster cluster(ClusterPorts ports) {
        return new LocalCluster(dir, Path.of("unused-config.yaml"), Path.of("unused.args"), ports);
    }
}

package io.canarykit.cli.cluster;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
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

    private LocalCluster cluster(ClusterPorts ports) {
        return new LocalCluster(dir, Path.of("unused-config.yaml"), Path.of("unused.args"), ports);
    }
}

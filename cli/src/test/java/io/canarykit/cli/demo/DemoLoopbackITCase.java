package io.canarykit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.cli.net.ListeningSockets;
import io.canarykit.cli.net.ListeningSockets.Listener;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the demo listens on, read from the kernel's socket tables: only loopback, except the
 * Prometheus reporter, which Flink 2.2.1 binds to every interface (docs/demo.md, "What listens where").
 */
class DemoLoopbackITCase {

    @TempDir
    static Path dataDir;

    private static Demo demo;

    @BeforeAll
    static void startDemo() throws Exception {
        demo = DemoTestConfig.startPlaying(dataDir, List.of("BTCUSDT"), "healthy", 1, line -> { });
    }

    @AfterAll
    static void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void theBrokerListensOnLoopbackOnly() {
        List<Listener> broker = ListeningSockets.of(demo.broker().pid());

        assertThat(broker).as("the broker's listeners").allMatch(Listener::onLoopback)
                .extracting(Listener::port).contains(demo.ports().kafka(), demo.ports().kafkaController());
    }

    @Test
    void theJobAndTheSidecarListenOnLoopbackButThePrometheusReporterOnEveryInterface() {
        List<Listener> own = ListeningSockets.of(ProcessHandle.current().pid());

        assertThat(own).as("the demo JVM's listeners").filteredOn(l -> !l.onLoopback())
                .extracting(Listener::port).containsExactly(demo.ports().prometheus());
        assertThat(own).filteredOn(Listener::onLoopback).extracting(Listener::port)
                .contains(demo.ports().sidecar(), demo.ports().flinkUi());
        System.out.println("DemoLoopbackITCase: the demo JVM listens on " + own + "; the broker on "
                + ListeningSockets.of(demo.broker().pid()));
    }
}

package io.canarykit.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.cli.demo.Demo;
import io.canarykit.cli.net.ListeningSockets;
import io.canarykit.cli.net.ListeningSockets.Listener;
import io.canarykit.cli.observability.PrometheusServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the processes of {@code kit cluster up} listen on, read from the kernel's socket tables:
 * only loopback, except each Flink process's Prometheus reporter (docs/deploy.md, "What listens where").
 */
class LocalClusterLoopbackITCase {

    private static Path work;
    private static LocalCluster cluster;
    private static ClusterPorts ports;

    @BeforeAll
    static void startCluster() throws Exception {
        Path root = ClusterCommand.projectRoot();
        ports = ClusterPorts.free();
        // Under /tmp with a short name, as the drill does: RocksDB warns about long paths.
        work = Files.createTempDirectory(Path.of("/tmp"), "kl");
        cluster = new LocalCluster(work.resolve("cluster"),
                root.resolve("deploy/local/config.yaml"), root.resolve("cli/src/main/jvm/java17.args"), ports)
                .withPrometheus(PrometheusServer.findBinary().orElseThrow(() ->
                        new AssertionError("prometheus is not on the PATH; " + PrometheusServer.howToInstall())));
        cluster.start();
        cluster.awaitReady(Duration.ofSeconds(120), new FlinkRest(cluster.restUrl()));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.stop();
        }
        if (work != null) {
            Demo.wipe(work);
            Files.deleteIfExists(work);
        }
    }

    @Test
    void theBrokerListensOnLoopbackOnly() {
        List<Listener> kafka = listeners(LocalCluster.KAFKA);

        assertThat(kafka).allMatch(Listener::onLoopback)
                .extracting(Listener::port).contains(ports.kafka(), ports.kafkaController());
    }

    @Test
    void theJobManagerListensOnLoopbackButItsPrometheusReporterOnEveryInterface() {
        List<Listener> jobManager = listeners(LocalCluster.JOB_MANAGER);

        assertThat(jobManager).filteredOn(l -> !l.onLoopback()).extracting(Listener::port)
                .containsExactly(ports.jobManagerMetrics());
        assertThat(jobManager).filteredOn(Listener::onLoopback).extracting(Listener::port)
                .contains(ports.rest(), ports.jobManagerRpc(), ports.blob());
    }

    @Test
    void theTaskManagerListensOnLoopbackButItsPrometheusReporterOnEveryInterface() {
        List<Listener> taskManager = listeners(LocalCluster.TASK_MANAGER);

        assertThat(taskManager).filteredOn(l -> !l.onLoopback()).extracting(Listener::port)
                .containsExactly(ports.taskManagerMetrics());
        assertThat(taskManager).filteredOn(Listener::onLoopback).extracting(Listener::port)
                .contains(ports.taskManagerRpc());
    }

    @Test
    void prometheusListensOnLoopbackOnlyAndScrapesBothReporters() throws Exception {
        List<Listener> prometheus = listeners(LocalCluster.PROMETHEUS);
        assertThat(prometheus).isNotEmpty().allMatch(Listener::onLoopback)
                .extracting(Listener::port).contains(ports.prometheus());

        // Both reporters up, as Prometheus itself sees them, and the rules loaded.
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String up = "";
        while (System.nanoTime() < deadline) {
            up = http.send(HttpRequest.newBuilder(URI.create(cluster.prometheusUrl() + "/api/v1/query?query="
                    + URLEncoder.encode("sum(up)", StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (up.contains("\"2\"]")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(up).as("both reporters scraped").contains("\"2\"]");
        String rules = http.send(HttpRequest.newBuilder(URI.create(cluster.prometheusUrl() + "/api/v1/rules")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(rules).contains("BudgetDepleted", "DataStale");
    }

    private static List<Listener> listeners(String process) {
        long pid = cluster.running(process).orElseThrow().pid();
        List<Listener> listeners = ListeningSockets.of(pid);
        System.out.println("LocalClusterLoopbackITCase: the " + process + " listens on " + listeners);
        return listeners;
    }
}

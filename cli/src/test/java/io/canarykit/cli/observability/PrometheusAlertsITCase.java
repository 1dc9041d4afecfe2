package io.canarykit.cli.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.canarykit.admin.Sidecar;
import io.canarykit.admin.SidecarOptions;
import io.canarykit.cli.demo.broker.KafkaBroker;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar reads the alerts of a real Prometheus that runs the project's rules: healthy, nothing
 * critical fires; a spent budget fires {@code BudgetDepleted}, which preflight, Go/No-Go and
 * {@code GET /api/kit/alerts} all report; a Prometheus that stops is said to be unavailable, never
 * taken for "no alerts".
 */
class PrometheusAlertsITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path brokerDir;
    private static KafkaBroker broker;

    @TempDir
    Path dir;

    private final AtomicReference<String> metrics = new AtomicReference<>("daily_budget_left 0.8\ngate_budget_active 0\n");
    private HttpServer exporter;
    private PrometheusServer prometheus;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaBroker(brokerDir.resolve("kafka"), KafkaBroker.freePort(), KafkaBroker.freePort(), "256m")
                .start(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private void startExporterAndPrometheus() throws Exception {
        exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/metrics", exchange -> {
            byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        exporter.start();
        Path binary = PrometheusServer.findBinary().orElseThrow(() ->
                new AssertionError("prometheus is not on the PATH; " + PrometheusServer.howToInstall()));
        prometheus = new PrometheusServer(binary, dir.resolve("prometheus"), KafkaBroker.freePort(), Duration.ofSeconds(1),
                List.of(new PrometheusServer.Target("exporter", "127.0.0.1:" + exporter.getAddress().getPort(), "/metrics")))
                .start(Duration.ofSeconds(30));
    }

    @AfterEach
    void stopExporterAndPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.stop(0);
        }
    }

    @Test
    void aSpentBudgetFiresBudgetDepletedWhichPreflightGoNoGoAndTheAlertsCallReport() throws Exception {
        startExporterAndPrometheus();
        try (Sidecar sidecar = sidecar(prometheus.url())) {
            String base = "http://127.0.0.1:" + sidecar.app().port();
            // Healthy: the rules are loaded and evaluated, nothing fires.
            JsonNode rules = await(prometheus.url() + "/api/v1/rules", r -> r.path("data").path("groups").size() >= 2);
            assertThat(rules.toString()).contains("BudgetDepleted", "SLOGateStuck", "DataStale");
            JsonNode healthy = get(base + "/api/kit/alerts", 200);
            assertThat(healthy.path("configured").asBoolean()).isTrue();
            assertThat(healthy.path("source").asText()).isEqualTo(prometheus.url());
            assertThat(healthy.path("alerts")).isEmpty();
            assertThat(check(get(base + "/api/kit/preflight", -1), "alerts").path("ok").asBoolean()).isTrue();
            JsonNode healthyGoNoGo = get(base + "/api/kit/go-no-go", 200);
            assertThat(criterion(healthyGoNoGo, "critical_alerts").path("status").asText()).isEqualTo("pass");
            assertThat(criterion(healthyGoNoGo, "budget_depleted").path("detail").asText())
                    .isEqualTo("BudgetDepleted did not fire in the last hour (" + prometheus.url() + ")");

            metrics.set("daily_budget_left 0\ngate_budget_active 1\n");
            JsonNode firing = await(base + "/api/kit/alerts", a -> a.path("critical").asInt() == 1);
            JsonNode alert = firing.path("alerts").get(0);
            assertThat(alert.path("alertname").asText()).isEqualTo("BudgetDepleted");
            assertThat(alert.path("severity").asText()).isEqualTo("critical");
            assertThat(alert.path("summary").asText()).contains("budget is spent");
            assertThat(alert.path("active_since").asText()).isNotBlank();

            JsonNode preflightCheck = check(get(base + "/api/kit/preflight", -1), "alerts");
            assertThat(preflightCheck.path("ok").asBoolean()).isFalse();
            assertThat(preflightCheck.path("detail").asText()).contains("BudgetDepleted");

            JsonNode goNoGo = get(base + "/api/kit/go-no-go", 200);
            assertThat(goNoGo.path("go").asBoolean()).isFalse();
            JsonNode critical = criterion(goNoGo, "critical_alerts");
            assertThat(critical.path("status").asText()).isEqualTo("fail");
            assertThat(critical.path("value").asDouble()).isEqualTo(1.0);
            JsonNode budget = criterion(goNoGo, "budget_depleted");
            assertThat(budget.path("status").asText()).isEqualTo("fail");
            assertThat(budget.path("detail").asText()).contains("BudgetDepleted fired in the last hour", prometheus.url());

            // A Prometheus that is gone is not "no alerts".
            prometheus.close();
            JsonNode gone = get(base + "/api/kit/alerts", 503);
            assertThat(gone.path("error").asText()).isEqualTo("prometheus_unavailable");
            JsonNode warned = check(get(base + "/api/kit/preflight", -1), "alerts");
            assertThat(warned.path("ok").asBoolean()).isTrue();
            assertThat(warned.path("warning").asBoolean()).isTrue();
            assertThat(criterion(get(base + "/api/kit/go-no-go", 200), "critical_alerts").path("status").asText())
                    .isEqualTo("insufficient_data");
            assertThat(criterion(get(base + "/api/kit/go-no-go", 200), "budget_depleted").path("detail").asText())
                    .contains("from the ledger");
        }
    }

    @Test
    void withoutAPrometheusTheAlertsCallSaysSoAndPreflightWarns() throws Exception {
        try (Sidecar sidecar = sidecar(null)) {
            String base = "http://127.0.0.1:" + sidecar.app().port();
            JsonNode none = get(base + "/api/kit/alerts", 200);
            assertThat(none.path("configured").asBoolean()).isFalse();
            assertThat(none.path("detail").asText()).contains("PROMETHEUS_URL is unset");
            JsonNode check = check(get(base + "/api/kit/preflight", -1), "alerts");
            assertThat(check.path("warning").asBoolean()).isTrue();
            assertThat(criterion(get(base + "/api/kit/go-no-go", 200), "critical_alerts").path("status").asText())
                    .isEqualTo("insufficient_data");
        }
    }

    private Sidecar sidecar(String prometheusUrl) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP", broker.bootstrap(),
                "KIT_DB_URL", "jdbc:sqlite:" + dir.resolve("kit-" + System.nanoTime() + ".db")));
        if (prometheusUrl != null) {
            settings.put("PROMETHEUS_URL", prometheusUrl);
        }
        KitConfig config = ConfigLoader.load(Map.of(), List.of(), settings);
        return Sidecar.assemble(config, new SidecarOptions("127.0.0.1", KafkaBroker.freePort(), "http://127.0.0.1:1", System::currentTimeMillis))
                .serve();
    }

    private static JsonNode check(JsonNode preflight, String name) {
        for (JsonNode c : preflight.path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + preflight);
    }

    private static JsonNode criterion(JsonNode goNoGo, String name) {
        for (JsonNode c : goNoGo.path("criteria")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no criterion " + name + " in " + goNoGo);
    }

    private static JsonNode await(String url, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(url, -1);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after 30 s waiting on " + url + "; last answer " + last);
    }

    /** The JSON at {@code url}; with {@code status} of -1, whatever the status. */
    private static JsonNode get(String url, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (status >= 0) {
            assertThat(response.statusCode()).as("%s answered %s", url, response.body()).isEqualTo(status);
        }
        return JSON.readTree(response.body());
    }
}

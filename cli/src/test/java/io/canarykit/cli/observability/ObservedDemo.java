package io.canarykit.cli.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.cli.demo.Demo;
import io.canarykit.cli.demo.DemoPorts;
import io.canarykit.cli.demo.desk.Scenario;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo as {@code kit demo} runs it with its Prometheus (the real job and its reporter on a real
 * broker, the real sidecar, a real Prometheus with the project's rules scraping both), for the
 * observability tests: it arms the job as the runbook does and asks Prometheus instant queries.
 */
final class ObservedDemo implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Demo demo;
    private final KitConfig config;

    private ObservedDemo(Demo demo, KitConfig config) {
        this.demo = demo;
        this.config = config;
    }

    /** The settings {@code kit demo} gives its parts for these ports and symbols, plus {@code extra}. */
    static KitConfig config(DemoPorts ports, Path dataDir, int symbolCount, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Demo.deskLimits(symbolCount));
        settings.put("KAFKA_BOOTSTRAP", Demo.bootstrap(ports));
        settings.put("KIT_DB_URL", Demo.dbUrl(dataDir));
        settings.put("PROMETHEUS_URL", Demo.prometheusUrl(ports));
        settings.putAll(extra);
        return ConfigLoader.load(Map.of(), List.of(), settings);
    }

    /** Starts the demo with its Prometheus scraping every {@code scrape}, the desk playing {@code story}. */
    static ObservedDemo start(Path dataDir, DemoPorts ports, KitConfig config, List<String> symbols, Scenario story,
            Duration scrape) throws Exception {
        Path binary = PrometheusServer.findBinary().orElseThrow(() ->
                new AssertionError("prometheus is not on the PATH; " + PrometheusServer.howToInstall()));
        Demo demo = new Demo(dataDir, ports, config, symbols, 48)
                .withPrometheus(binary)
                .scrapeEvery(scrape)
                .playing(story, line -> System.out.println("[" + story.name() + "] " + line));
        try {
            demo.start();
        } catch (Exception e) {
            demo.close();
            throw e;
        }
        return new ObservedDemo(demo, config);
    }

    Demo demo() {
        return demo;
    }

    KitConfig config() {
        return config;
    }

    /** Waits for preflight to pass, arms the job, and returns when the story has started (epoch ms). */
    long preflightAndArm() throws Exception {
        String base = "http://127.0.0.1:" + demo.ports().sidecar() + "/api/kit";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode preflight = null;
        while (System.nanoTime() < deadline) {
            preflight = JSON.readTree(send("GET", base + "/preflight").body());
            if (preflight.path("ok").asBoolean()) {
                break;
            }
            Thread.sleep(500);
        }
        if (preflight == null || !preflight.path("ok").asBoolean()) {
            throw new AssertionError("preflight did not pass: " + preflight);
        }
        HttpResponse<String> arm = send("POST", base + "/arm");
        if (arm.statusCode() != 200) {
            throw new AssertionError("arm answered " + arm.statusCode() + ": " + arm.body());
        }
        while (demo.scenario().armedAt() < 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (demo.scenario().armedAt() < 0) {
            throw new AssertionError("the desk never saw the job armed");
        }
        return demo.scenario().armedAt();
    }

    /** The result of an instant query: the samples of a vector, or the one of a scalar. */
    List<Sample> query(String expr) throws Exception {
        String url = Demo.prometheusUrl(demo.ports()) + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8);
        HttpResponse<String> response = send("GET", url);
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + expr + ": " + response.body());
        }
        JsonNode data = body.path("data");
        List<Sample> samples = new ArrayList<>();
        if ("scalar".equals(data.path("resultType").asText())) {
            samples.add(new Sample(Map.of(), Double.parseDouble(data.path("result").get(1).asText())));
            return samples;
        }
        for (JsonNode r : data.path("result")) {
            Map<String, String> labels = new HashMap<>();
            r.path("metric").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            samples.add(new Sample(labels, Double.parseDouble(r.path("value").get(1).asText())));
        }
        return samples;
    }

    /** Asks {@code expr} every half second until some sample has a finite value, or the time is up; returns the last answer. */
    List<Sample> awaitFinite(String expr, long deadlineNanos) throws Exception {
        List<Sample> last = query(expr);
        while (last.stream().noneMatch(Sample::finite) && System.nanoTime() < deadlineNanos) {
            Thread.sleep(500);
            last = query(expr);
        }
        return last;
    }

    private static HttpResponse<String> send(String method, String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        demo.close();
    }

    /** One sample of a query's answer. */
    record Sample(Map<String, String> labels, double value) {
        boolean finite() {
            return Double.isFinite(value);
        }
    }
}

package io.canarykit.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** The calls an operator makes to a running demo's {@code /api/kit}, for the demo's integration tests. */
final class DemoHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    DemoHttp(DemoPorts ports) {
        this.base = "http://127.0.0.1:" + ports.sidecar() + "/api/kit";
    }

    DemoHttp(Demo demo) {
        this(demo.ports());
    }

    JsonNode get(String path) throws Exception {
        return JSON.readTree(send("GET", path).body());
    }

    HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code path} every {@code everyMs} until {@code done} holds or the time is up; returns the last answer. */
    JsonNode until(String path, Predicate<JsonNode> done, Duration timeout, long everyMs) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(everyMs);
        }
        return last;
    }

    /** Asks every second until the answer satisfies {@code done} or the timeout passes; returns the last answer. */
    JsonNode until(String path, Predicate<JsonNode> done, Duration timeout) throws Exception {
        return until(path, done, timeout, 1_000);
    }

    /** The latest decision of a symbol from {@code /gates}, or a missing node. */
    static JsonNode decision(JsonNode gates, String symbol) {
        for (JsonNode d : gates.path("decisions")) {
            if (symbol.equals(d.path("symbol").asText())) {
                return d;
            }
        }
        return MissingNode.getInstance();
    }

    /** Waits for preflight to pass, then arms the job, as the runbook does; returns the arm call's answer. */
    JsonNode preflightAndArm() throws Exception {
        JsonNode preflight = until("/preflight", body -> body.path("ok").asBoolean(), Duration.ofSeconds(60), 1_000);
        if (!preflight.path("ok").asBoolean()) {
            throw new AssertionError("preflight did not pass: " + preflight);
        }
        HttpResponse<String> arm = send("POST", "/arm");
        if (arm.statusCode() != 200) {
            throw new AssertionError("arm answered " + arm.statusCode() + ": " + arm.body());
        }
        return JSON.readTree(arm.body());
    }
}

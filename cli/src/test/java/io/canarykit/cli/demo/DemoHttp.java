package io.canarykit.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Calls a running demo's {@code /api/kit} as an operator's curl would, for the demo's ITCases. */
final class DemoHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    DemoHttp(Demo demo) {
        this.base = "http://127.0.0.1:" + demo.ports().sidecar() + "/api/kit";
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

    /** Asks every second until the answer satisfies {@code done} or the timeout passes; returns the last answer. */
    JsonNode until(String path, Predicate<JsonNode> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = get(path);
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            last = get(path);
        }
        return last;
    }

    /** The latest decision of a symbol from {@code /gates}, or a missing node. */
    static JsonNode decision(JsonNode gates, String symbol) {
        for (JsonNode d : gates.path("decisions")) {
            if (symbol.equals(d.path("symbol").asText())) {
                return d;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}

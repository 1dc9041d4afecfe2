package io.canarykit.admin.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts of the Prometheus at {@code PROMETHEUS_URL}, which evaluates the project's rules: the ones
 * firing now, and whether one fired within a past window. Read over its HTTP API, a few seconds at most.
 */
public final class PrometheusAlerts {

    /** The severity of the alerts that stop a go-live. */
    public static final String CRITICAL = "critical";

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient client;

    /**
     * One firing alert.
     *
     * @param name the rule's alert name, e.g. {@code DataStale}
     * @param severity its {@code severity} label
     * @param symbol its {@code symbol} label, or null for a desk-wide alert
     * @param summary its summary annotation, or null
     * @param activeAt when it became active, as Prometheus says it (RFC 3339)
     * @param labels every label
     */
    public record Alert(String name, String severity, String symbol, String summary, String activeAt,
            Map<String, String> labels) {}

    public PrometheusAlerts(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("baseUrl is required but not provided.");
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Where the alerts are read from. */
    public String url() {
        return baseUrl;
    }

    /** The alerts firing now (not those still pending their {@code for}), critical first, then by name and symbol. */
    public List<Alert> firing() {
        JsonNode data = get("/api/v1/alerts");
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode a : data.path("alerts")) {
            if (!"firing".equals(a.path("state").asText())) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            a.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            JsonNode summary = a.path("annotations").get("summary");
            alerts.add(new Alert(labels.getOrDefault("alertname", ""), labels.getOrDefault("severity", ""),
                    labels.get("symbol"), summary == null ? null : summary.asText(), a.path("activeAt").asText(null),
                    labels));
        }
        alerts.sort(Comparator.comparing((Alert a) -> !CRITICAL.equals(a.severity()))
                .thenComparing(Alert::name)
                .thenComparing(a -> a.symbol() == null ? "" : a.symbol()));
        return alerts;
    }

    /** Whether the alert {@code name} was firing at any moment of the last {@code window}. */
    public boolean firedWithin(String name, Duration window) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not an alert name: " + name);
        }
        String query = "max_over_time(ALERTS{alertname=\"" + name + "\",alertstate=\"firing\"}["
                + Math.max(1, window.toSeconds()) + "s])";
        JsonNode data = get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        return data.path("result").size() > 0;
    }

    private JsonNode get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PrometheusUnavailableException("Prometheus at " + baseUrl + " does not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusUnavailableException("interrupted while asking Prometheus at " + baseUrl, e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PrometheusUnavailableException("Prometheus at " + baseUrl + " answered " + response.statusCode()
                    + " with something that is not JSON", e);
        }
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new PrometheusUnavailableException("Prometheus at " + baseUrl + " answered " + response.statusCode()
                    + ": " + body.path("error").asText("no error given"), null);
        }
        return body.path("data");
    }
}

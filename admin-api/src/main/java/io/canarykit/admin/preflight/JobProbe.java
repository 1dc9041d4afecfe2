package io.canarykit.admin.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.admin.view.StateView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the gating job runs: through the Flink REST API when {@code FLINK_REST_URL} is set,
 * otherwise by the age of its decision heartbeats.
 */
public final class JobProbe {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String flinkRestUrl;
    private final StateView view;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param flinkRestUrl the Flink REST base URL, or null to judge by heartbeats */
    public JobProbe(String flinkRestUrl, StateView view) {
        this.flinkRestUrl = flinkRestUrl == null || flinkRestUrl.isBlank() ? null : flinkRestUrl.replaceAll("/+$", "");
        this.view = view;
    }

    /** Where the answer comes from: {@code flink-rest} or {@code heartbeats}. */
    public String source() {
        return flinkRestUrl == null ? "heartbeats" : "flink-rest";
    }

    /** The check: the job runs and its decisions are fresh. */
    public Check check() {
        Check heartbeats = heartbeats();
        if (flinkRestUrl == null) {
            return heartbeats;
        }
        Check rest = flinkRest();
        if (!rest.ok()) {
            return rest;
        }
        // Running on the cluster is not enough: a job that publishes nothing gates nothing.
        return heartbeats.ok() ? Check.pass("job", rest.detail() + "; " + heartbeats.detail())
                : Check.fail("job", rest.detail() + ", but " + heartbeats.detail());
    }

    private Check heartbeats() {
        return view.decisionAgeMillis()
                .map(age -> age <= StateView.STALE_AFTER_MS
                        ? Check.pass("job", "newest decision is " + seconds(age) + " old")
                        : Check.fail("job", "newest decision is " + seconds(age) + " old (more than "
                                + StateView.STALE_AFTER_MS / 1000 + " s): the job is not heartbeating"))
                .orElse(Check.fail("job", "no gate decision has arrived on kit.gate-decisions"));
    }

    private Check flinkRest() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(flinkRestUrl + "/jobs/overview"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Check.fail("job", "Flink REST answered " + response.statusCode() + " at " + flinkRestUrl);
            }
            List<String> running = new ArrayList<>();
            for (JsonNode job : MAPPER.readTree(response.body()).path("jobs")) {
                if ("RUNNING".equals(job.path("state").asText())) {
                    running.add(job.path("name").asText() + " (" + job.path("jid").asText() + ")");
                }
            }
            return running.isEmpty()
                    ? Check.fail("job", "Flink at " + flinkRestUrl + " runs no job")
                    : Check.pass("job", "Flink runs " + String.join(", ", running));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.fail("job", "interrupted while asking Flink");
        } catch (Exception e) {
            return Check.fail("job", "Flink REST at " + flinkRestUrl + " did not answer: " + e.getMessage());
        }
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}

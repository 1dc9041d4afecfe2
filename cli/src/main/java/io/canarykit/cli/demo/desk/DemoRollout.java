package io.canarykit.cli.demo.desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.schema.RolloutPlan;
import io.canarykit.schema.codec.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's automatic rollout: a plan sped up from the runbook's days to minutes, started through
 * the sidecar's {@code POST /api/kit/rollout} as an operator would start one.
 */
public final class DemoRollout {

    /** How long each step holds: about a minute, so the whole ramp plays in a few. */
    static final long HOLD_MS = 60_000;
    /** How often the job analyses the step. */
    static final long INTERVAL_MS = 10_000;
    /**
     * Fills each arm needs in a step before the comparisons answer: low, since at 5 % the demo's
     * challenger fills a few orders a minute, but enough for the interval to be worth reading.
     */
    static final int MIN_FILLS = 5;
    /** The challenger may pay this much more slippage (bps): its healthy 0.1 bp passes, a bad 10 bp fails. */
    static final double SLIPPAGE_MARGIN_BPS = 3.0;
    /**
     * The 5 s markout moves about 6 bps on the simulated market, so with the handful of fills a 5 %
     * step gets in a minute only a wide margin lets a healthy challenger pass within the step.
     */
    static final double MARKOUT_MARGIN_BPS = 15.0;
    /** The challenger's share of live trades may be this far from the step's: a few trades swing it. */
    static final double IMBALANCE_TOLERANCE = 0.1;
    static final List<Double> SHARES = List.of(0.05, 0.10, 0.20);

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoRollout() {}

    /** The sped-up plan: a shadow step, then 5 %, 10 % and 20 %, each held a minute and analysed every 10 s. */
    public static RolloutPlan plan() {
        List<RolloutPlan.Step> steps = new ArrayList<>();
        steps.add(new RolloutPlan.Step(0, HOLD_MS, true));
        for (double share : SHARES) {
            steps.add(new RolloutPlan.Step(share, HOLD_MS, false));
        }
        RolloutPlan.Analysis analysis = new RolloutPlan.Analysis(INTERVAL_MS, RolloutPlan.Analysis.DEFAULT.failureLimit(),
                SLIPPAGE_MARGIN_BPS, MARKOUT_MARGIN_BPS, RolloutPlan.Analysis.DEFAULT.alpha(), MIN_FILLS,
                IMBALANCE_TOLERANCE);
        return new RolloutPlan(steps, analysis);
    }

    /** The plan in words, as the demo prints it. */
    static String describe(RolloutPlan plan) {
        List<String> steps = new ArrayList<>();
        for (RolloutPlan.Step s : plan.steps()) {
            steps.add((s.shadow() ? "a shadow step (the challenger trades on paper beside the champion)"
                    : Scenarios.percent(s.share())) + " for " + s.holdMs() / 1000 + " s");
        }
        RolloutPlan.Analysis a = plan.analysis();
        return String.format(Locale.ROOT,
                "%s; analysed every %d s (min_fills %d, slippage margin %s bps, failure_limit %d)",
                String.join(", then ", steps), a.intervalMs() / 1000, a.minFills(),
                Scenarios.plain(a.slippageMarginBps()), a.failureLimit());
    }

    /**
     * What the sidecar answered.
     *
     * @param accepted whether the rollout started
     * @param says the answer in words: the plan it started, or why not
     */
    public record Answer(boolean accepted, String says) {}

    /**
     * Asks the sidecar at {@code baseUrl} to start {@code plan}, with {@code token} when the sidecar
     * needs one (null or blank: none); a sidecar that cannot be reached is an answer too.
     */
    public static Answer start(String baseUrl, String token, RolloutPlan plan) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/api/kit/rollout"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Kit-Actor", "kit-demo")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JsonCodec.encode(plan)));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            return answer(response.statusCode(), response.body(), plan);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, "interrupted before the sidecar answered");
        } catch (IOException e) {
            return new Answer(false, "the sidecar at " + baseUrl + " could not be asked: " + e.getMessage());
        }
    }

    /** Reads the sidecar's answer: 200 with the plan it accepted, or an error status with {@code {"error"}}. */
    static Answer answer(int status, String body, RolloutPlan plan) {
        if (status == 200) {
            return new Answer(true, "the rollout started: " + describe(plan));
        }
        return new Answer(false, "the sidecar refused the rollout (" + status + "): " + errorOf(body));
    }

    private static String errorOf(String body) {
        try {
            JsonNode json = JSON.readTree(body == null ? "" : body);
            if (json != null && json.hasNonNull("error")) {
                String message = json.path("message").asText("");
                return json.get("error").asText() + (message.isBlank() ? "" : ": " + message);
            }
        } catch (IOException e) {
            // Not JSON: the body itself says what went wrong.
        }
        return body == null || body.isBlank() ? "no reason given" : body.strip();
    }
}

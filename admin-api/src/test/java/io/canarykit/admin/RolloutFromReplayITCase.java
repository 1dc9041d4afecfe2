package io.canarykit.admin;

import static io.canarykit.admin.testing.SidecarHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.admin.audit.AuditEntry;
import io.canarykit.admin.testing.SidecarHarness;
import io.canarykit.jobs.replay.ReplayResult;
import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.jobs.testing.RolloutSession;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar's view of a rollout built from the decisions of a real {@code kit replay} of
 * {@link RolloutSession}, sent through the broker as the job writes them: the sidecar started no
 * rollout itself, so everything it answers comes from the job's output. The sessions' outcomes are
 * worked by hand in that class's comment (a challenger 6 bps worse aborts at the second analysis; one
 * like the champion completes its three steps).
 */
class RolloutFromReplayITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A symbol's decisions are at most this far apart: the heartbeat. */
    private static final long HEARTBEAT_MS = 5_000;
    /** The sidecar's classpath has no RocksDB; the jobs module replays the session on both. */
    private static final String HEAP = "hashmap";

    @TempDir
    static Path work;

    @Test
    void aRolloutTheJobAbortedIsShownWithItsHistoryAndAuditedOnceAsTheJobs(@TempDir Path dir) throws Exception {
        long abortedAt = RolloutSession.START + 2 * RolloutSession.INTERVAL_MS;
        ReplayResult worse = RolloutSession.replay(work.resolve("worse"), 6.0,
                RolloutSession.START + 6 * RolloutSession.INTERVAL_MS, RolloutSession.PLAN, HEAP);
        try (KafkaTestBroker broker = KafkaTestBroker.start()) {
            int sent = publish(broker, worse.decisions());
            try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir, Map.of()))) {
                await("the replay's decisions", () -> sidecar.recordsConsumed() >= sent);
                SidecarHarness.http(sidecar, (server, client) -> {
                    JsonNode rollout = JSON.readTree(client.get("/api/kit/rollout").body().string());
                    assertThat(rollout.get("state").asText()).as(rollout.toString()).isEqualTo("aborted");
                    assertThat(rollout.get("step").asInt()).isZero();
                    assertThat(rollout.get("share").asDouble()).isZero();
                    assertThat(rollout.get("reason").asText())
                            .startsWith("aborted after 2 failed analyses in a row: slippage (");
                    JsonNode slippage = check(rollout.get("last_analysis").get("checks"), "slippage");
                    assertThat(slippage.get("verdict").asText()).isEqualTo("fail");
                    // About 6 bps worse: the session's challenger pays N(6.5, 1), the champion N(0.5, 1).
                    assertThat(slippage.get("challenger").asDouble() - slippage.get("champion").asDouble())
                            .isBetween(5.0, 7.0);

                    // The history as the decisions showed it: started, then aborted at the second analysis
                    // (dated by the first decision that shows it, at most a heartbeat later in replay).
                    List<String> states = new ArrayList<>();
                    rollout.get("history").forEach(h -> states.add(h.get("state").asText()));
                    assertThat(states).containsExactly("running", "aborted");
                    JsonNode abort = rollout.get("history").get(1);
                    assertThat(abort.get("ts").asLong()).isBetween(abortedAt, abortedAt + HEARTBEAT_MS);
                    assertThat(abort.get("share").asDouble()).isZero();

                    // A manual share is refused no more: the rollout is over.
                    assertThat(client.patch("/api/kit/model/canary_share?pct=0.05", "").code()).isEqualTo(200);
                });
                List<AuditEntry> aborts = sidecar.audit().recent(200).stream()
                        .filter(e -> e.action().equals("rollout_aborted")).toList();
                assertThat(aborts).hasSize(1);
                assertThat(aborts.get(0).actor()).isEqualTo("job");
                assertThat(aborts.get(0).payload()).contains("slippage");
                assertThat(sidecar.audit().verify().intact()).isTrue();
            }
        }
    }

    @Test
    void aRolloutTheJobCompletedHoldsItsLastShareAndLeavesTheManualShareFree(@TempDir Path dir) throws Exception {
        ReplayResult like = RolloutSession.replay(work.resolve("like"), 0.0,
                RolloutSession.START + 3 * RolloutSession.HOLD_MS + 90_000, RolloutSession.PLAN, HEAP);
        try (KafkaTestBroker broker = KafkaTestBroker.start()) {
            int sent = publish(broker, like.decisions());
            try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir, Map.of()))) {
                await("the replay's decisions", () -> sidecar.recordsConsumed() >= sent);
                SidecarHarness.http(sidecar, (server, client) -> {
                    JsonNode rollout = JSON.readTree(client.get("/api/kit/rollout").body().string());
                    assertThat(rollout.get("state").asText()).as(rollout.toString()).isEqualTo("completed");
                    assertThat(rollout.get("step").asInt()).isEqualTo(2);
                    assertThat(rollout.get("share").asDouble()).isEqualTo(0.20);
                    rollout.get("last_analysis").get("checks")
                            .forEach(c -> assertThat(c.get("verdict").asText()).as(c.toString()).isEqualTo("pass"));
                    // Each step began where the one before held for its 5 minutes; the sidecar dates a
                    // change by the first decision that shows it, at most a heartbeat later in replay.
                    List<Long> stepStarts = new ArrayList<>();
                    List<Integer> steps = new ArrayList<>();
                    rollout.get("history").forEach(h -> {
                        steps.add(h.get("step").asInt());
                        stepStarts.add(h.get("ts").asLong());
                    });
                    assertThat(steps).containsExactly(0, 1, 2, 2);
                    for (int i = 0; i < 3; i++) {
                        long stepStart = RolloutSession.START + i * RolloutSession.HOLD_MS;
                        assertThat(stepStarts.get(i)).as("step " + i).isBetween(stepStart, stepStart + HEARTBEAT_MS);
                    }

                    JsonNode status = JSON.readTree(client.get("/api/kit/status").body().string());
                    assertThat(status.get("rollout").get("state").asText()).isEqualTo("completed");
                    assertThat(client.patch("/api/kit/model/canary_share?pct=0.05", "").code()).isEqualTo(200);
                });
                assertThat(sidecar.audit().recent(200)).noneMatch(e -> e.action().equals("rollout_aborted"));
            }
        }
    }

    private static int publish(KafkaTestBroker broker, List<GateDecision> decisions) throws Exception {
        for (GateDecision d : decisions) {
            broker.send(Topics.GATE_DECISIONS, d.symbol(), JsonCodec.encode(d));
        }
        return decisions.size();
    }

    private static JsonNode check(JsonNode checks, String name) {
        for (JsonNode c : checks) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + checks);
    }
}

package io.canarykit.admin;

import static io.canarykit.admin.SidecarApiITCase.json;
import static io.canarykit.admin.testing.SidecarHarness.await;
import static io.canarykit.admin.testing.SidecarHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.admin.audit.AuditEntry;
import io.canarykit.admin.testing.Records;
import io.canarykit.admin.testing.RolloutRecords;
import io.canarykit.admin.testing.SidecarHarness;
import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.RolloutPlan;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.InputDecoder;
import io.canarykit.schema.codec.RolloutPlanDecoder;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The automatic rollout's calls against a real broker: the plan checked, the commands sent and audited, the job's decisions read back. */
class RolloutApiITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "rollout-token-0123456789";
    private static final String PLAN = "{\"steps\":[{\"share\":0.02,\"hold_ms\":600000},{\"share\":0.05,\"hold_ms\":1200000},"
            + "{\"share\":0.1,\"hold_ms\":1800000}],\"analysis\":{\"alpha\":0.1}}";
    // A broker per test: the decisions topic is compacted and read from its start, so one test's rollout
    // would otherwise be the next one's.
    private static KafkaTestBroker broker;

    @TempDir
    Path dir;

    @BeforeEach
    void startBroker() throws Exception {
        broker = KafkaTestBroker.start();
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void everyBadPlanIsA400NamingItsFieldAndNothingIsSent() throws Exception {
        // A cap below the runbook's last step (20%), so the runbook plan itself is refused.
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir,
                Map.of("CANARY_NOTIONAL_CAP", "0.15")))) {
            Map<String, String> badPlans = new LinkedHashMap<>();
            badPlans.put("{}", "steps");
            badPlans.put("{\"steps\":[]}", "steps");
            badPlans.put("{\"steps\":{\"share\":0.05}}", "steps");
            badPlans.put(steps(21), "steps");
            badPlans.put("{\"steps\":[{\"share\":0.05,\"hold_ms\":1000},{\"share\":0.04,\"hold_ms\":1000}]}", "steps[1].share");
            badPlans.put("{\"steps\":[{\"share\":0.05,\"hold_ms\":1000},{\"share\":0.05,\"hold_ms\":1000}]}", "steps[1].share");
            badPlans.put("{\"steps\":[{\"share\":0.05,\"hold_ms\":1000},{\"share\":0.16,\"hold_ms\":1000}]}", "steps[1].share");
            badPlans.put("{\"steps\":[{\"share\":-0.01,\"hold_ms\":1000}]}", "steps[0].share");
            badPlans.put("{\"steps\":[{\"share\":0,\"hold_ms\":1000}]}", "steps[0].share");
            badPlans.put("{\"steps\":[{\"share\":\"5%\",\"hold_ms\":1000}]}", "steps[0].share");
            badPlans.put("{\"steps\":[{\"hold_ms\":1000}]}", "steps[0].share");
            badPlans.put("{\"steps\":[{\"share\":0.05,\"hold_ms\":0}]}", "steps[0].hold_ms");
            badPlans.put("{\"steps\":[{\"share\":0.05,\"hold_ms\":-5}]}", "steps[0].hold_ms");
            badPlans.put("{\"steps\":[{\"share\":0.05,\"hold_ms\":1.5}]}", "steps[0].hold_ms");
            badPlans.put("{\"steps\":[{\"share\":0.05}]}", "steps[0].hold_ms");
            badPlans.put("{\"steps\":[{\"share\":0.05,\"hold_ms\":1000},{\"share\":0,\"hold_ms\":1000,\"shadow\":true}]}",
                    "steps[1].shadow");
            badPlans.put("{\"steps\":[{\"share\":0.05,\"hold_ms\":1000,\"shadow\":\"yes\"}]}", "steps[0].shadow");
            badPlans.put("{\"steps\":[{\"share\":0.05,\"hold_ms\":1000,\"shadow\":true}]}", "steps[0].share");
            badPlans.put(withAnalysis("\"x\""), "analysis");
            badPlans.put(withAnalysis("{\"interval_ms\":999}"), "analysis.interval_ms");
            badPlans.put(withAnalysis("{\"failure_limit\":0}"), "analysis.failure_limit");
            badPlans.put(withAnalysis("{\"failure_limit\":101}"), "analysis.failure_limit");
            badPlans.put(withAnalysis("{\"slippage_margin_bps\":-1}"), "analysis.slippage_margin_bps");
            badPlans.put(withAnalysis("{\"markout_margin_bps\":\"2\"}"), "analysis.markout_margin_bps");
            badPlans.put(withAnalysis("{\"alpha\":0}"), "analysis.alpha");
            badPlans.put(withAnalysis("{\"alpha\":0.6}"), "analysis.alpha");
            badPlans.put(withAnalysis("{\"min_fills\":1}"), "analysis.min_fills");
            badPlans.put(withAnalysis("{\"imbalance_tolerance\":1}"), "analysis.imbalance_tolerance");
            SidecarHarness.http(sidecar, (server, client) -> {
                List<String> failures = new ArrayList<>();
                for (Map.Entry<String, String> bad : badPlans.entrySet()) {
                    JsonNode refused = JSON.readTree(client.post("/api/kit/rollout", bad.getKey()).body().string());
                    if (!"invalid_plan".equals(refused.path("error").asText())
                            || !bad.getValue().equals(refused.path("field").asText())
                            || !refused.path("message").asText().contains("'" + bad.getValue() + "'")) {
                        failures.add(bad.getKey() + " → expected field " + bad.getValue() + ", got " + refused);
                    }
                }
                assertThat(failures).isEmpty();

                JsonNode malformed = json(client.post("/api/kit/rollout", "{\"steps\": [}"), 400);
                assertThat(malformed.get("error").asText()).isEqualTo("invalid_plan");
                assertThat(malformed.get("reason").asText()).isEqualTo("invalid_json");
                JsonNode array = json(client.post("/api/kit/rollout", "[{\"share\":0.05,\"hold_ms\":1000}]"), 400);
                assertThat(array.get("reason").asText()).isEqualTo("wrong_type");
                // No body: the runbook's ramp, whose 20% step is above this sidecar's cap of 0.15.
                JsonNode runbook = json(client.post("/api/kit/rollout", ""), 400);
                assertThat(runbook.get("field").asText()).isEqualTo("steps[2].share");
                assertThat(runbook.get("message").asText()).contains("CANARY_NOTIONAL_CAP 0.15").contains("0.2");
            });
            assertThat(commandsRecorded(sidecar)).isZero();
            // Each refused call is audited with its answer, and sent nothing.
            List<AuditEntry> entries = sidecar.audit().recent(100);
            assertThat(entries).hasSize(badPlans.size() + 3);
            assertThat(entries).allSatisfy(e -> {
                assertThat(e.action()).isEqualTo("POST /api/kit/rollout");
                assertThat(e.payload()).contains("\"status\":400").contains("\"commands\":[]");
            });
        }
    }

    @Test
    void aRolloutRunsThroughItsCallsAndTheJobsDecisionsAndItsAbortIsAuditedOnce() throws Exception {
        long before = System.currentTimeMillis();
        send(broker, Topics.GATE_DECISIONS, "BTCUSDT", Records.healthy("BTCUSDT", 1, before - 1_000, 0.0));
        Map<String, String> env = Map.of("KIT_ADMIN_TOKEN", TOKEN);
        long[] seq = {1};
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir, env))) {
            await("the first decision", () -> sidecar.view().decision("BTCUSDT").isPresent());
            SidecarHarness.http(sidecar, (server, client) -> {
                // Started with a plan: answered with the plan as sent, every analysis setting written out.
                JsonNode started = json(post(client, "/api/kit/rollout", PLAN), 200);
                assertThat(started.get("ok").asBoolean()).isTrue();
                assertThat(started.get("state").asText()).isEqualTo("running");
                assertThat(started.get("command").get("type").asText()).isEqualTo("rollout_start");
                assertThat(started.get("plan").get("steps").get(1).get("share").asDouble()).isEqualTo(0.05);
                assertThat(started.get("plan").get("analysis").get("alpha").asDouble()).isEqualTo(0.1);
                assertThat(started.get("plan").get("analysis").get("interval_ms").asLong()).isEqualTo(60_000);
                String id = started.get("command").get("id").asText();

                // On kit.control, args.plan is a JSON object that the job's decoder reads as the plan posted.
                ConsumerRecord<String, String> onTopic = controlRecord(id);
                assertThat(onTopic.key()).isEqualTo("global");
                JsonNode raw = JSON.readTree(onTopic.value());
                assertThat(raw.get("type").asText()).isEqualTo("rollout_start");
                assertThat(raw.get("args").get("plan").isObject()).isTrue();
                ControlCommand command = InputDecoder.control(onTopic.value().getBytes(StandardCharsets.UTF_8)).value();
                RolloutPlan sent = RolloutPlanDecoder.decode(JSON.readTree(command.arg("plan").orElseThrow()),
                        RolloutPlan.Analysis.DEFAULT, 0.25).value();
                assertThat(sent).isEqualTo(new RolloutPlan(List.of(new RolloutPlan.Step(0.02, 600_000, false),
                        new RolloutPlan.Step(0.05, 1_200_000, false), new RolloutPlan.Step(0.1, 1_800_000, false)),
                        new RolloutPlan.Analysis(60_000, 2, 2.0, 2.0, 0.1, 30, 0.05)));

                // Known as running at once, before the job has said anything.
                JsonNode early = json(client.get("/api/kit/rollout"), 200);
                assertThat(early.get("state").asText()).isEqualTo("running");
                assertThat(early.get("confirmed").asBoolean()).isFalse();
                assertThat(early.get("plan").get("steps")).hasSize(3);
                assertThat(early.get("started_by").asText()).startsWith("ana@");
                assertThat(early.get("step").isNull()).isTrue();
                assertThat(early.get("history")).isEmpty();

                JsonNode again = json(post(client, "/api/kit/rollout", ""), 409);
                assertThat(again.get("error").asText()).isEqualTo("rollout_active");
                JsonNode manual = json(patch(client, "/api/kit/model/canary_share?pct=0.05"), 409);
                assertThat(manual.get("error").asText()).isEqualTo("rollout_active");
                assertThat(manual.get("message").asText()).contains("rollout sets the canary share")
                        .contains("POST /api/kit/rollout/pause").contains("POST /api/kit/rollout/abort");
                assertThat(json(post(client, "/api/kit/rollout/resume", ""), 409).get("error").asText())
                        .isEqualTo("no_rollout_to_resume");

                // The job takes it: step 0, then step 1 after an analysis where every check passed.
                long t0 = System.currentTimeMillis();
                job(sidecar, seq, RolloutRecords.status(RolloutState.RUNNING, 0, 0.02, t0, t0 + 600_000,
                        "started by ana@127.0.0.1", List.of(), null), t0);
                long t1 = t0 + 50;
                job(sidecar, seq, RolloutRecords.status(RolloutState.RUNNING, 1, 0.05, t1, t1 + 1_200_000,
                        "step 1 passed every check after its hold", List.of(
                                RolloutRecords.slippage(CheckVerdict.PASS, 1.2, 1.0, -0.8, 1.1, 42, 310, "within 2.0 bps"),
                                RolloutRecords.errorRate(CheckVerdict.INCONCLUSIVE, 0.0, 12)), t1), t1);
                JsonNode running = json(client.get("/api/kit/rollout"), 200);
                assertThat(running.get("state").asText()).isEqualTo("running");
                assertThat(running.get("confirmed").asBoolean()).isTrue();
                assertThat(running.get("step").asInt()).isEqualTo(1);
                assertThat(running.get("steps").asInt()).isEqualTo(3);
                assertThat(running.get("share").asDouble()).isEqualTo(0.05);
                assertThat(running.get("since").asLong()).isEqualTo(t1);
                assertThat(running.get("next_step_due").asLong()).isEqualTo(t1 + 1_200_000);
                assertThat(running.get("reason").asText()).isEqualTo("step 1 passed every check after its hold");
                JsonNode analysis = running.get("last_analysis");
                assertThat(analysis.get("ts").asLong()).isEqualTo(t1);
                JsonNode slippage = analysis.get("checks").get(0);
                assertThat(slippage.get("name").asText()).isEqualTo("slippage");
                assertThat(slippage.get("verdict").asText()).isEqualTo("pass");
                assertThat(slippage.get("upper").asDouble()).isEqualTo(1.1);
                assertThat(slippage.get("samples").asLong()).isEqualTo(42);
                assertThat(slippage.get("champion_samples").asLong()).isEqualTo(310);
                assertThat(analysis.get("checks").get(1).get("verdict").asText()).isEqualTo("inconclusive");
                assertThat(history(running)).containsExactly("running/0/0.02", "running/1/0.05");
                JsonNode status = json(client.get("/api/kit/status"), 200).get("rollout");
                assertThat(status.get("state").asText()).isEqualTo("running");
                assertThat(status.get("step").asInt()).isEqualTo(1);
                assertThat(status.get("share").asDouble()).isEqualTo(0.05);

                // Paused by the operator, at once; then as the job shows it; resumed likewise.
                assertThat(json(post(client, "/api/kit/rollout/pause", ""), 200).get("state").asText()).isEqualTo("paused");
                assertThat(json(client.get("/api/kit/rollout"), 200).get("state").asText()).isEqualTo("paused");
                assertThat(json(post(client, "/api/kit/rollout/pause", ""), 409).get("error").asText())
                        .isEqualTo("no_rollout_to_pause");
                assertThat(json(patch(client, "/api/kit/model/canary_share?pct=0.05"), 409).get("state").asText())
                        .isEqualTo("paused");
                long t2 = System.currentTimeMillis();
                job(sidecar, seq, RolloutRecords.status(RolloutState.PAUSED, 1, 0.05, t1, null, "paused by ana@127.0.0.1",
                        List.of(), null), t2);
                assertThat(json(post(client, "/api/kit/rollout/resume", ""), 200).get("state").asText()).isEqualTo("running");
                long t3 = System.currentTimeMillis();
                job(sidecar, seq, RolloutRecords.status(RolloutState.RUNNING, 1, 0.05, t1, t1 + 1_200_000,
                        "resumed by ana@127.0.0.1", List.of(), null), t3);

                // The job aborts on failing checks, on both symbols' decisions, then heartbeats.
                long t4 = System.currentTimeMillis();
                String why = "aborted after 2 failed analyses in a row: slippage (interval [2.4, 6.1] bps above 2.0)";
                RolloutStatus aborted = RolloutRecords.status(RolloutState.ABORTED, 1, 0.0, t1, null, why, List.of(
                        RolloutRecords.slippage(CheckVerdict.FAIL, 5.3, 1.0, 2.4, 6.1, 80, 600, "above 2.0 bps")), t4);
                send(broker, Topics.GATE_DECISIONS, "ETHUSDT", RolloutRecords.decision("ETHUSDT", 1, t4, aborted));
                job(sidecar, seq, aborted, t4);
                job(sidecar, seq, aborted, t4 + 5);
                send(broker, Topics.GATE_DECISIONS, "ETHUSDT", RolloutRecords.decision("ETHUSDT", 2, t4 + 5, aborted));
                await("ETHUSDT's heartbeat", () -> sidecar.view().decision("ETHUSDT").map(d -> d.decision().seq() == 2)
                        .orElse(false));
                JsonNode over = json(client.get("/api/kit/rollout"), 200);
                assertThat(over.get("state").asText()).isEqualTo("aborted");
                assertThat(over.get("share").asDouble()).isEqualTo(0.0);
                assertThat(over.get("reason").asText()).isEqualTo(why);
                assertThat(history(over)).containsExactly("running/0/0.02", "running/1/0.05", "paused/1/0.05",
                        "running/1/0.05", "aborted/1/0.0");
                assertThat(over.get("history").get(4).get("reason").asText()).isEqualTo(why);
                assertThat(over.get("history").get(4).get("ts").asLong()).isEqualTo(t4);
                assertThat(json(post(client, "/api/kit/rollout/abort", ""), 409).get("error").asText())
                        .isEqualTo("no_rollout_to_abort");
                // The job ended it, so the manual share is the operator's again.
                assertThat(json(patch(client, "/api/kit/model/canary_share?pct=0.01"), 200).get("canary_share").asDouble())
                        .isEqualTo(0.01);
            });
            List<AuditEntry> aborts = jobAborts(sidecar);
            assertThat(aborts).hasSize(1);
            assertThat(aborts.get(0).payload()).contains("aborted after 2 failed analyses in a row")
                    .contains("\"failed_checks\":[\"slippage\"]").contains("\"step\":1");
            assertThat(sidecar.audit().verify().intact()).isTrue();
        }

        // A restart reads the compacted decisions again: the abort is not recorded twice, the plan is still known.
        try (Sidecar again = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir, env))) {
            await("the decisions again", () -> again.view().decision("ETHUSDT").isPresent()
                    && again.view().decision("BTCUSDT").map(d -> d.decision().rollout() != null).orElse(false));
            SidecarHarness.http(again, (server, client) -> {
                JsonNode after = json(client.get("/api/kit/rollout"), 200);
                assertThat(after.get("state").asText()).isEqualTo("aborted");
                assertThat(after.get("history")).hasSize(5);
                assertThat(after.get("plan").get("steps").get(2).get("share").asDouble()).isEqualTo(0.1);

                // A new rollout may start after an abort; a rollback during it is not refused, and ends it at once.
                JsonNode restarted = json(post(client, "/api/kit/rollout", ""), 200);
                assertThat(restarted.get("plan").get("steps").get(2).get("hold_ms").asLong()).isEqualTo(86_400_000L);
                assertThat(json(post(client, "/api/kit/model/rollback", ""), 200).get("canary_share").asDouble()).isZero();
                JsonNode rolledBack = json(client.get("/api/kit/rollout"), 200);
                assertThat(rolledBack.get("state").asText()).isEqualTo("aborted");
                assertThat(rolledBack.get("confirmed").asBoolean()).isFalse();
                assertThat(json(patch(client, "/api/kit/model/canary_share?pct=0.02"), 200).get("ok").asBoolean()).isTrue();
            });
            assertThat(jobAborts(again)).hasSize(1);
            List<String> actions = again.audit().recent(200).stream().map(AuditEntry::action).toList();
            assertThat(actions).contains("POST /api/kit/rollout", "POST /api/kit/rollout/pause",
                    "POST /api/kit/rollout/resume", "POST /api/kit/rollout/abort", "PATCH /api/kit/model/canary_share");
        }
    }

    @Test
    void theRolloutCallsNeedTheTokenAndAreAuditedWithTheirCommand() throws Exception {
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir,
                Map.of("KIT_ADMIN_TOKEN", TOKEN)))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                assertThat(client.post("/api/kit/rollout", PLAN).code()).isEqualTo(401);
                assertThat(client.post("/api/kit/rollout/abort", "").code()).isEqualTo(401);
                JsonNode started = json(post(client, "/api/kit/rollout", PLAN), 200);
                String id = started.get("command").get("id").asText();
                List<AuditEntry> entries = sidecar.audit().recent(2);
                // Newest first: the call's entry, then the intent written before the command was sent.
                assertThat(entries.get(0).action()).isEqualTo("POST /api/kit/rollout");
                assertThat(entries.get(0).payload()).contains(id).contains("\"outcome\":\"acknowledged\"")
                        .contains("\"status\":200").contains("\"type\":\"rollout_start\"");
                JsonNode intent = JSON.readTree(entries.get(1).payload());
                assertThat(intent.get("phase").asText()).isEqualTo("intent");
                assertThat(intent.get("command").get("args").get("plan").get("steps").get(0).get("share").asDouble())
                        .isEqualTo(0.02);
                JsonNode aborted = json(post(client, "/api/kit/rollout/abort", ""), 200);
                assertThat(aborted.get("state").asText()).isEqualTo("aborted");
                assertThat(controlRecord(aborted.get("command").get("id").asText()).value())
                        .contains("\"type\":\"rollout_abort\"").contains("\"args\":{}");
            });
            assertThat(sidecar.audit().verify().entries()).as("two calls, two intents; the refused calls none").isEqualTo(4);
        }
    }

    // Sends the job's next decision of BTCUSDT carrying the rollout, and waits until the sidecar holds it.
    private static void job(Sidecar sidecar, long[] seq, RolloutStatus rollout, long ts) throws Exception {
        long next = ++seq[0];
        send(broker, Topics.GATE_DECISIONS, "BTCUSDT", RolloutRecords.decision("BTCUSDT", next, ts, rollout));
        await("decision " + next, () -> sidecar.view().decision("BTCUSDT").map(d -> d.decision().seq() == next).orElse(false));
    }

    private static List<String> history(JsonNode rollout) {
        List<String> rows = new ArrayList<>();
        rollout.get("history").forEach(h -> rows.add(h.get("state").asText() + "/" + h.get("step").asInt() + "/"
                + h.get("share").asDouble()));
        return rows;
    }

    private static List<AuditEntry> jobAborts(Sidecar sidecar) {
        return sidecar.audit().recent(500).stream()
                .filter(e -> e.actor().equals("job") && e.action().equals("rollout_aborted")).toList();
    }

    private static ConsumerRecord<String, String> controlRecord(String id) {
        return broker.readUntil(Topics.CONTROL, seen -> seen.stream().anyMatch(r -> r.value().contains(id)),
                Duration.ofSeconds(15)).stream().filter(r -> r.value().contains(id)).findFirst().orElseThrow();
    }

    private static long commandsRecorded(Sidecar sidecar) {
        return sidecar.ledger().transaction(c -> {
            try (var q = c.prepareStatement("SELECT COUNT(*) FROM control_commands"); var rows = q.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1L;
            }
        });
    }

    private static Response post(HttpClient client, String path, String body) {
        return client.post(path, body, req -> req.header("Authorization", "Bearer " + TOKEN).header("X-Kit-Actor", "ana"));
    }

    private static Response patch(HttpClient client, String path) {
        return client.patch(path, "", req -> req.header("Authorization", "Bearer " + TOKEN).header("X-Kit-Actor", "ana"));
    }

    private static String withAnalysis(String analysis) {
        return "{\"steps\":[{\"share\":0.05,\"hold_ms\":1000}],\"analysis\":" + analysis + "}";
    }

    private static String steps(int count) {
        StringBuilder plan = new StringBuilder("{\"steps\":[");
        for (int i = 0; i < count; i++) {
            plan.append(i == 0 ? "" : ",").append("{\"share\":").append(0.001 * (i + 1)).append(",\"hold_ms\":1000}");
        }
        return plan.append("]}").toString();
    }
}

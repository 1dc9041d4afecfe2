package io.canarykit.admin;

import static io.canarykit.admin.testing.SidecarHarness.await;
import static io.canarykit.admin.testing.SidecarHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.admin.audit.AuditEntry;
import io.canarykit.admin.testing.BrokerPerClass;
import io.canarykit.admin.testing.Records;
import io.canarykit.admin.testing.SidecarHarness;
import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.InputDecoder;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SidecarApiITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "test-token-0123456789";
    @RegisterExtension
    static final BrokerPerClass BROKER = new BrokerPerClass();

    @TempDir
    Path dir;

    @Test
    void statusGatesSloAndRiskServeTheLatestRecords() throws Exception {
        long now = System.currentTimeMillis();
        send(BROKER.broker(), Topics.GATE_DECISIONS, "BTCUSDT", Records.healthy("BTCUSDT", 7, now, 0.05));
        // A lower seq arriving later is older news and must not replace seq 7.
        send(BROKER.broker(), Topics.GATE_DECISIONS, "BTCUSDT", Records.sloHalted("BTCUSDT", 6, now - 1_000));
        send(BROKER.broker(), Topics.GATE_DECISIONS, "ETHUSDT", Records.sloHalted("ETHUSDT", 3, now));
        send(BROKER.broker(), Topics.KPIS, "BTCUSDT", Records.kpi("BTCUSDT", now, 0.002, 120.0, 1.2));
        send(BROKER.broker(), Topics.KPIS, "_global", Records.global(now, 0.75, 0.0025, 2, 1, 100_000, 99_750));
        // A fill's first TCA record, then its final one with markouts 0.5, 0.7 and 1.1 bps.
        TcaRecord finalTca = Records.tca(Records.fill("o-markout", "BTCUSDT", now, 1.0, 100.0, false), 1.0);
        send(BROKER.broker(), Topics.TCA, "o-markout", finalTca.withMarkouts(null, false));
        send(BROKER.broker(), Topics.TCA, "o-markout", finalTca);

        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            await("the global KPI record", () -> sidecar.view().globalKpi().isPresent() && sidecar.view().decisions().size() >= 2);
            await("the final TCA record", () -> sidecar.ledger().transaction(c -> {
                try (var rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM tca WHERE final = 1")) {
                    return rows.next() && rows.getInt(1) == 1;
                }
            }));
            SidecarHarness.http(sidecar, (server, client) -> {
                JsonNode status = json(client.get("/api/kit/status"), 200);
                assertThat(status.get("model_id_used").asText()).isEqualTo(Records.CHAMPION);
                assertThat(status.get("pinned").asBoolean()).isFalse();
                assertThat(status.get("budget_left").asDouble()).isEqualTo(0.75);
                assertThat(status.get("stale").asBoolean()).isFalse();
                assertThat(status.get("gates_active").toString()).contains("slo_error_rate");
                assertThat(status.get("data").get("rehydrate_seconds").asDouble()).isLessThan(5.0);

                JsonNode btc = json(client.get("/api/kit/gates?symbol=BTCUSDT"), 200);
                assertThat(btc.get("decision").get("seq").asLong()).isEqualTo(7);
                assertThat(btc.get("decision").get("allow").asBoolean()).isTrue();
                JsonNode all = json(client.get("/api/kit/gates"), 200);
                assertThat(all.get("decisions")).hasSize((int) sidecar.view().decisions().size());

                JsonNode slo = json(client.get("/api/kit/slo?symbol=BTCUSDT"), 200);
                assertThat(slo.get("gate").asBoolean()).isFalse();
                assertThat(slo.get("error_rate").asDouble()).isEqualTo(0.002);
                assertThat(slo.get("p95_place_ms").asDouble()).isEqualTo(120.0);
                assertThat(slo.get("slippage_bps").asDouble()).isEqualTo(1.2);
                assertThat(slo.get("slo_bps").asDouble()).isEqualTo(5.0);
                JsonNode globalSlo = json(client.get("/api/kit/slo"), 200);
                assertThat(globalSlo.get("gate").asBoolean()).isTrue();
                assertThat(globalSlo.get("symbols").get("ETHUSDT").asBoolean()).isTrue();

                JsonNode risk = json(client.get("/api/kit/risk"), 200);
                assertThat(risk.get("budget_left").asDouble()).isEqualTo(0.75);
                assertThat(risk.get("dd_today").asDouble()).isEqualTo(0.0025);
                assertThat(risk.get("trades_today").asLong()).isEqualTo(2);
                assertThat(risk.get("open_positions").asInt()).isEqualTo(1);
                assertThat(risk.get("canary_notional_share").asDouble()).isEqualTo(0.04);
                assertThat(risk.get("gate").asBoolean()).isFalse();
                assertThat(risk.get("limits").get("max_trades_per_day").asInt()).isEqualTo(8);

                String metrics = client.get("/metrics").body().string();
                assertThat(metrics).contains("daily_budget_left 0.75")
                        .contains("gate_slo_active{symbol=\"ETHUSDT\"} 1")
                        .contains("gate_budget_active{symbol=\"BTCUSDT\"} 0")
                        .contains("feed_dislocation_bps{symbol=\"BTCUSDT\"} 0.4")
                        .contains("kit_sidecar_rehydrate_seconds ")
                        .contains("tca_markout_bps_count{horizon=\"1s\",model_id=\"" + Records.CHAMPION + "\",symbol=\"BTCUSDT\"} 1\n")
                        .contains("tca_markout_bps_sum{horizon=\"60s\",model_id=\"" + Records.CHAMPION + "\",symbol=\"BTCUSDT\"} 1.1\n");
                assertThat(json(client.get("/health"), 200).get("status").asText()).isEqualTo("ok");
                assertThat(client.get("/ping").body().string()).isEqualTo("pong");
            });
        }
    }

    @Test
    void staleDataIsStillServedWithItsAge() throws Exception {
        long oneMinuteAgo = System.currentTimeMillis() - 60_000;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // The record's produce time says when the job last spoke.
            producer.send(new ProducerRecord<>(Topics.GATE_DECISIONS, null, oneMinuteAgo, "STALEUSDT",
                    io.canarykit.schema.codec.JsonCodec.encode(Records.healthy("STALEUSDT", 1, oneMinuteAgo, 0)))).get();
        }
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            await("the stale decision", () -> sidecar.view().decision("STALEUSDT").isPresent());
            SidecarHarness.http(sidecar, (server, client) -> {
                JsonNode gate = json(client.get("/api/kit/gates?symbol=STALEUSDT"), 200);
                assertThat(gate.get("decision").get("symbol").asText()).isEqualTo("STALEUSDT");
                assertThat(gate.get("expired").asBoolean()).isTrue();
                // Other tests' decisions may be newer; the age is that of the newest decision.
                assertThat(gate.has("age_seconds")).isTrue();
            });
        }
    }

    @Test
    void controlCallAnswersAfterTheBrokerAcknowledgedAndIsAudited() throws Exception {
        KitConfigFor token = new KitConfigFor(Map.of("KIT_ADMIN_TOKEN", TOKEN));
        try (Sidecar sidecar = SidecarHarness.assemble(token.config(BROKER.broker(), dir))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                Response reset = client.post("/api/kit/risk/reset", "", req -> req.header("Authorization", "Bearer " + TOKEN)
                        .header("X-Kit-Actor", "ana"));
                JsonNode body = json(reset, 200);
                assertThat(body.get("ok").asBoolean()).isTrue();
                String id = body.get("command").get("id").asText();

                ControlCommand sent = BROKER.broker().readUntil(Topics.CONTROL,
                                seen -> seen.stream().anyMatch(r -> r.value().contains(id)), java.time.Duration.ofSeconds(15))
                        .stream().filter(r -> r.value().contains(id)).findFirst()
                        .map(r -> InputDecoder.control(r.value().getBytes(StandardCharsets.UTF_8)).value()).orElseThrow();
                assertThat(sent.type()).isEqualTo(ControlType.RISK_RESET);
                assertThat(sent.actor()).startsWith("ana@");

                AuditEntry entry = sidecar.audit().recent(1).get(0);
                assertThat(entry.action()).isEqualTo("POST /api/kit/risk/reset");
                assertThat(entry.actor()).startsWith("ana@");
                assertThat(entry.payload()).contains(id).contains("\"outcome\":\"acknowledged\"").contains("\"status\":200");
                assertThat(sidecar.audit().verify().intact()).isTrue();

                Response share = client.patch("/api/kit/model/canary_share?pct=0.05", "",
                        req -> req.header("Authorization", "Bearer " + TOKEN));
                assertThat(json(share, 200).get("canary_share").asDouble()).isEqualTo(0.05);
                assertThat(json(client.get("/api/kit/status"), 200).get("canary_share_commanded").asDouble()).isEqualTo(0.05);
            });
        }
    }

    @Test
    void everyControlCallSendsItsCommandToKitControl() throws Exception {
        long now = System.currentTimeMillis();
        send(BROKER.broker(), Topics.GATE_DECISIONS, "ADAUSDT", Records.healthy("ADAUSDT", 1, now, 0.05));
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            await("a decision naming the models", () -> sidecar.view().decision("ADAUSDT").isPresent());
            List<String> ids = new ArrayList<>();
            SidecarHarness.http(sidecar, (server, client) -> {
                ids.add(json(client.post("/api/kit/disarm"), 200).get("command").get("id").asText());
                ids.add(json(client.post("/api/kit/kill"), 200).get("command").get("id").asText());
                ids.add(json(client.post("/api/kit/kill/release"), 200).get("command").get("id").asText());
                JsonNode pin = json(client.post("/api/kit/model/pin", "{\"model_id\":\"" + Records.CHALLENGER + "\"}"), 200);
                assertThat(pin.get("pinned").asText()).isEqualTo(Records.CHALLENGER);
                ids.add(pin.get("command").get("id").asText());
                ids.add(json(client.delete("/api/kit/model/pin"), 200).get("command").get("id").asText());
                JsonNode promote = json(client.post("/api/kit/model/promote"), 200);
                assertThat(promote.get("champion").asText()).isEqualTo(Records.CHALLENGER);
                ids.add(promote.get("command").get("id").asText());
                ids.add(json(client.post("/api/kit/model/rollback"), 200).get("command").get("id").asText());
                ids.add(json(client.post("/api/kit/slo/refresh"), 200).get("command").get("id").asText());
                JsonNode status = json(client.get("/api/kit/status"), 200);
                assertThat(status.get("armed").asBoolean()).isFalse();
                assertThat(status.get("kill_switch").asBoolean()).isFalse();
                assertThat(status.get("pinned_model").isNull()).isTrue();
            });
            List<String> types = new ArrayList<>();
            for (String id : ids) {
                types.add(BROKER.broker().readUntil(Topics.CONTROL, seen -> seen.stream().anyMatch(r -> r.value().contains(id)),
                                java.time.Duration.ofSeconds(15)).stream().filter(r -> r.value().contains(id))
                        .map(r -> InputDecoder.control(r.value().getBytes(StandardCharsets.UTF_8)).value().type().wire())
                        .findFirst().orElseThrow());
            }
            assertThat(types).containsExactly("disarm", "kill", "unkill", "pin", "unpin", "promote", "rollback", "refresh");
            // Each call: the intent of its command, written before the send, and the call's own entry once it ended.
            assertThat(sidecar.audit().verify().entries()).isEqualTo(16);
        }
    }

    @Test
    void everyMutatingRouteRefusesACallWithoutTheRightToken() throws Exception {
        KitConfigFor token = new KitConfigFor(Map.of("KIT_ADMIN_TOKEN", TOKEN));
        try (Sidecar sidecar = SidecarHarness.assemble(token.config(BROKER.broker(), dir))) {
            List<ParsedEndpoint> endpoints = sidecar.app().unsafe.internalRouter.allHttpHandlers();
            TreeSet<String> mutating = new TreeSet<>();
            SidecarHarness.http(sidecar, (server, client) -> {
                for (ParsedEndpoint endpoint : endpoints) {
                    HandlerType method = endpoint.endpoint.method;
                    String path = endpoint.endpoint.path.replace("{date}", "2026-01-01");
                    if (!io.canarykit.admin.http.AdminAuth.mutating(method)) {
                        continue;
                    }
                    mutating.add(method + " " + endpoint.endpoint.path);
                    for (String header : new String[] {null, "Bearer wrong-token", "Basic " + TOKEN, "Bearer "}) {
                        Response answer = client.request(path, req -> {
                            req.url(client.getOrigin() + path);
                            if (header != null) {
                                req.header("Authorization", header);
                            }
                            switch (method.name()) {
                                case "POST" -> req.post(HttpRequest.BodyPublishers.ofString("{\"model_id\":\"x\"}"));
                                case "PATCH" -> req.patch(HttpRequest.BodyPublishers.noBody());
                                case "DELETE" -> req.delete(HttpRequest.BodyPublishers.noBody());
                                default -> req.put(HttpRequest.BodyPublishers.noBody());
                            }
                        });
                        assertThat(answer.code()).as("%s %s with %s", method, path, header).isEqualTo(401);
                        assertThat(JSON.readTree(answer.body().string()).get("error").asText()).isEqualTo("unauthorized");
                    }
                }
            });
            // The walk covers every mutating call of the contract; a new one is walked without being listed.
            assertThat(mutating).contains("POST /api/kit/arm", "POST /api/kit/disarm", "POST /api/kit/kill",
                    "POST /api/kit/kill/release", "POST /api/kit/risk/reset", "POST /api/kit/model/pin",
                    "DELETE /api/kit/model/pin", "PATCH /api/kit/model/canary_share", "POST /api/kit/model/promote",
                    "POST /api/kit/model/rollback", "POST /api/kit/slo/refresh", "POST /api/kit/reference");
            assertThat(sidecar.audit().verify().entries()).as("refused calls change nothing").isZero();
        }
    }

    @Test
    void everyBadRequestGetsAJsonFourHundredAndNothingIsSent() throws Exception {
        long now = System.currentTimeMillis();
        send(BROKER.broker(), Topics.GATE_DECISIONS, "XRPUSDT", Records.healthy("XRPUSDT", 1, now, 0));
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            await("a decision", () -> sidecar.view().decision("XRPUSDT").isPresent());
            SidecarHarness.http(sidecar, (server, client) -> {
                List<String> failures = new ArrayList<>();
                expect(failures, client.patch("/api/kit/model/canary_share?pct=0.3"), 400, "invalid_pct");
                expect(failures, client.patch("/api/kit/model/canary_share?pct=-0.01"), 400, "invalid_pct");
                expect(failures, client.patch("/api/kit/model/canary_share?pct=abc"), 400, "invalid_pct");
                expect(failures, client.patch("/api/kit/model/canary_share?pct=NaN"), 400, "invalid_pct");
                expect(failures, client.patch("/api/kit/model/canary_share?pct=Infinity"), 400, "invalid_pct");
                expect(failures, client.patch("/api/kit/model/canary_share"), 400, "invalid_pct");
                expect(failures, client.post("/api/kit/model/pin", "{not json"), 400, "invalid_json");
                expect(failures, client.post("/api/kit/model/pin", "[1,2]"), 400, "invalid_json");
                expect(failures, client.post("/api/kit/model/pin", "{\"model\":\"x\"}"), 400, "invalid_model_id");
                expect(failures, client.post("/api/kit/model/pin", "{\"model_id\":42}"), 400, "invalid_model_id");
                expect(failures, client.post("/api/kit/model/pin", "{\"model_id\":\"champion_YYYYMMDD\"}"), 404, "unknown_model");
                expect(failures, client.get("/api/kit/gates?symbol=NOPE"), 404, "unknown_symbol");
                expect(failures, client.get("/api/kit/slo?symbol=NOPE"), 404, "unknown_symbol");
                expect(failures, client.get("/api/kit/report/2999-01-01"), 404, "unknown_date");
                expect(failures, client.get("/api/kit/report/1990-01-01"), 404, "unknown_date");
                expect(failures, client.get("/api/kit/report/2026-13-45"), 400, "invalid_date");
                expect(failures, client.get("/api/kit/report/yesterday"), 400, "invalid_date");
                expect(failures, client.get("/api/kit/go-no-go?hours=abc"), 400, "invalid_hours");
                expect(failures, client.get("/api/kit/go-no-go?hours=-1"), 400, "invalid_hours");
                expect(failures, client.get("/api/kit/audit?limit=0"), 400, "invalid_limit");
                expect(failures, client.get("/api/kit/nothing-here"), 404, "not_found");
                assertThat(failures).isEmpty();
            });
            // Nothing above reached the broker or the ledger's command table.
            long commands = sidecar.ledger().transaction(c -> {
                try (var q = c.prepareStatement("SELECT COUNT(*) FROM control_commands"); var rows = q.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : -1L;
                }
            });
            assertThat(commands).isZero();
        }
    }

    @Test
    void armIsRefusedWithConflictWhilePreflightFails() throws Exception {
        // Live profile with limits outside the runbook's: the config check fails.
        KitConfigFor live = new KitConfigFor(Map.of("PROFILE", "live", "KIT_ADMIN_TOKEN", TOKEN, "MAX_TRADES_PER_DAY", "50"));
        try (Sidecar sidecar = SidecarHarness.assemble(live.config(BROKER.broker(), dir))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                JsonNode preflight = json(client.get("/api/kit/preflight"), 200);
                assertThat(preflight.get("ok").asBoolean()).isFalse();
                assertThat(checkNamed(preflight, "config").get("ok").asBoolean()).isFalse();
                assertThat(checkNamed(preflight, "config").get("detail").asText()).contains("MAX_TRADES_PER_DAY=50");
                assertThat(checkNamed(preflight, "kafka").get("ok").asBoolean()).isTrue();
                assertThat(checkNamed(preflight, "audit_chain").get("ok").asBoolean()).isTrue();
                assertThat(checkNamed(preflight, "database").get("ok").asBoolean()).isTrue();

                Response arm = client.post("/api/kit/arm", "", req -> req.header("Authorization", "Bearer " + TOKEN));
                JsonNode refused = json(arm, 409);
                assertThat(refused.get("ok").asBoolean()).isFalse();
                assertThat(refused.get("error").asText()).isEqualTo("preflight_failed");
                assertThat(refused.get("preflight").get("ok").asBoolean()).isFalse();
            });
            AuditEntry entry = sidecar.audit().recent(1).get(0);
            assertThat(entry.payload()).contains("\"status\":409").contains("\"commands\":[]");
        }
    }

    @Test
    void liveProfileRefusesToStartWithoutAToken() {
        KitConfigFor live = new KitConfigFor(Map.of("PROFILE", "live"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sidecar.assemble(live.config(BROKER.broker(), dir),
                        SidecarOptions.defaults()))
                .hasMessageContaining("KIT_ADMIN_TOKEN");
    }

    private record KitConfigFor(Map<String, String> extra) {
        io.canarykit.config.KitConfig config(KafkaTestBroker broker, Path dir) {
            return SidecarHarness.config(broker.bootstrap(), dir, extra);
        }
    }

    private static JsonNode checkNamed(JsonNode preflight, String name) {
        for (JsonNode check : preflight.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + preflight);
    }

    private static void expect(List<String> failures, Response response, int status, String error) throws Exception {
        String body = response.body().string();
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (Exception notJson) {
            failures.add("expected JSON, got " + response.code() + " " + body);
            return;
        }
        if (response.code() != status || !error.equals(json.path("error").asText())
                || json.path("ok").asBoolean(true) || json.path("message").asText().isEmpty()) {
            failures.add("expected " + status + " " + error + ", got " + response.code() + " " + body);
        }
    }

    static JsonNode json(Response response, int status) throws Exception {
        String body = response.body().string();
        assertThat(response.code()).as("status of %s", body).isEqualTo(status);
        return JSON.readTree(body);
    }

    private static KafkaProducer<String, byte[]> producer() {
        java.util.Properties p = new java.util.Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.broker().bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}

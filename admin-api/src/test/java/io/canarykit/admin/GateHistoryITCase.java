package io.canarykit.admin;

import static io.canarykit.admin.SidecarApiITCase.json;
import static io.canarykit.admin.testing.SidecarHarness.await;
import static io.canarykit.admin.testing.SidecarHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.admin.ledger.UtcDay;
import io.canarykit.admin.testing.BrokerPerClass;
import io.canarykit.admin.testing.DecisionJson;
import io.canarykit.admin.testing.Records;
import io.canarykit.admin.testing.SidecarHarness;
import io.canarykit.admin.testing.ZipFiles;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.Topics;
import io.javalin.testtools.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's "size halved (log)" over a real port: the decision changes the sidecar kept from
 * kit.gate-decisions, the strict query of GET /api/kit/gates/history, decisions.csv in the report,
 * and the account-wide SLO gate.
 */
class GateHistoryITCase {

    private static final String TOKEN = "test-token-0123456789";
    @RegisterExtension
    static final BrokerPerClass BROKER = new BrokerPerClass();

    @TempDir
    Path dir;

    @Test
    void answersTheSymbolsChangesNewestLastAndTheReportListsThem() throws Exception {
        long now = System.currentTimeMillis();
        // Every change inside today (UTC), so that the default since and today's report both hold them.
        long t = Math.max(now - 10_000, UtcDay.start(LocalDate.parse(UtcDay.of(now))));
        decision("HISTUSDT", 1, t, "normal", 1.0, List.of(), 0.05);
        decision("HISTUSDT", 2, t + 1_000, "normal", 1.0, List.of(), 0.12);
        decision("HISTUSDT", 3, t + 2_000, "normal", 0.5, List.of("psi_warn"), 0.25);
        decision("HISTUSDT", 4, t + 3_000, "normal", 0.5, List.of("psi_warn"), 0.27);
        decision("HISTUSDT", 5, t + 4_000, "halted", 0.0, List.of("psi"), 0.31);

        Map<String, String> env = Map.of("KIT_ADMIN_TOKEN", TOKEN);
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, env))) {
            await("the last decision", () -> sidecar.view().decision("HISTUSDT").map(d -> d.decision().seq() == 5).orElse(false));
            SidecarHarness.http(sidecar, (server, client) -> {
                // A GET needs no bearer token, as for every other GET.
                JsonNode all = json(client.get("/api/kit/gates/history?symbol=HISTUSDT&since=0"), 200);
                assertThat(all.get("symbol").asText()).isEqualTo("HISTUSDT");
                assertThat(all.get("truncated").asBoolean()).isFalse();
                JsonNode changes = all.get("changes");
                assertThat(changes).hasSize(3);
                assertThat(changes.get(0).get("seq").asLong()).isEqualTo(1);
                assertThat(changes.get(1).get("seq").asLong()).isEqualTo(3);
                assertThat(changes.get(1).get("ts").asLong()).isEqualTo(t + 2_000);
                assertThat(changes.get(1).get("mode").asText()).isEqualTo("normal");
                assertThat(changes.get(1).get("size_multiplier").asDouble()).isEqualTo(0.5);
                assertThat(changes.get(1).get("reasons").toString()).isEqualTo("[\"psi_warn\"]");
                assertThat(changes.get(1).get("psi").asDouble()).isEqualTo(0.25);
                assertThat(changes.get(2).get("seq").asLong()).isEqualTo(5);
                assertThat(changes.get(2).get("allow").asBoolean()).isFalse();
                assertThat(changes.get(2).get("size_multiplier").asDouble()).isEqualTo(0.0);

                JsonNode since = json(client.get("/api/kit/gates/history?symbol=HISTUSDT&since=" + (t + 2_000)), 200);
                assertThat(since.get("changes").findValues("seq")).extracting(JsonNode::asLong).containsExactly(3L, 5L);
                JsonNode today = json(client.get("/api/kit/gates/history?symbol=HISTUSDT"), 200);
                assertThat(today.get("changes")).hasSize(3);

                refused(client.get("/api/kit/gates/history"), "symbol", "is required");
                refused(client.get("/api/kit/gates/history?symbol=A&symbol=B"), "symbol", "given 2 times");
                refused(client.get("/api/kit/gates/history?symbol=HISTUSDT&since=yesterday"), "since", "whole number");
                refused(client.get("/api/kit/gates/history?symbol=HISTUSDT&since=-1"), "since", "must be in");
                refused(client.get("/api/kit/gates/history?symbol=HISTUSDT&since=1e12"), "since", "whole number");
                refused(client.get("/api/kit/gates/history?symbol=HISTUSDT&since=1&since=2"), "since", "given 2 times");
                assertThat(json(client.get("/api/kit/gates/history?symbol=NOPEUSDT"), 404).get("error").asText())
                        .isEqualTo("unknown_symbol");

                Map<String, byte[]> files = ZipFiles.unzip(zipAt(client.getOrigin() + "/api/kit/report/today"));
                // The other test's symbol shares the topic: this symbol's lines, each to the byte.
                String csv = new String(files.get("decisions.csv"), StandardCharsets.UTF_8);
                String mine = csv.lines().filter(l -> l.startsWith("symbol,") || l.startsWith("HISTUSDT,"))
                        .map(l -> l + "\r\n").collect(Collectors.joining());
                assertThat(csv).contains("\r\n").doesNotContain("\n\n");
                assertThat(mine).isEqualTo(
                        "symbol,ts,seq,mode,size_multiplier,allow,reasons,psi,model_id\r\n"
                                + "HISTUSDT," + t + ",1,normal,1.0,1,,0.05,champion_20261101\r\n"
                                + "HISTUSDT," + (t + 2_000) + ",3,normal,0.5,1,psi_warn,0.25,champion_20261101\r\n"
                                + "HISTUSDT," + (t + 4_000) + ",5,halted,0.0,0,psi,0.31,champion_20261101\r\n");
            });
        }
    }

    @Test
    void theGlobalSloGateAlsoReadsTheAccountWideFigures() throws Exception {
        long now = System.currentTimeMillis();
        send(BROKER.broker(), Topics.GATE_DECISIONS, "QUIETUSDT", Records.healthy("QUIETUSDT", 1, now, 0.0));
        // 2 % of the desk's orders failed, more than the 1 % SLO, though no symbol's own gate tripped.
        KpiRecord global = Records.globalWithSlo(now, 0.02, 120.0, 1.0, 0.0, 0, 0, 100_000, 100_000);
        send(BROKER.broker(), Topics.KPIS, "_global", global);

        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            await("the account's figures", () -> sidecar.view().globalKpi()
                    .map(k -> Double.valueOf(0.02).equals(k.kpi().errorRate())).orElse(false)
                    && sidecar.view().decision("QUIETUSDT").isPresent());
            SidecarHarness.http(sidecar, (server, client) -> {
                JsonNode slo = json(client.get("/api/kit/slo"), 200);
                assertThat(slo.get("gate").asBoolean()).isTrue();
                assertThat(slo.get("gate_basis").asText()).isEqualTo("any_symbol_or_account");
                assertThat(slo.get("reasons").toString()).isEqualTo("[\"slo_error_rate\"]");
                assertThat(slo.get("symbols").get("QUIETUSDT").asBoolean()).isFalse();
                assertThat(json(client.get("/api/kit/slo?symbol=QUIETUSDT"), 200).get("gate").asBoolean()).isFalse();
            });
        }
    }

    private static void decision(String symbol, long seq, long ts, String mode, double size, List<String> reasons,
            Double psi) throws Exception {
        BROKER.broker().send(Topics.GATE_DECISIONS, symbol, DecisionJson.of(symbol, seq, ts, mode, size, reasons, psi));
    }

    private static void refused(Response response, String parameter, String saying) throws Exception {
        JsonNode body = json(response, 400);
        assertThat(body.get("error").asText()).isEqualTo("invalid_" + parameter);
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        assertThat(body.get("message").asText()).contains(saying);
    }

    private static byte[] zipAt(String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response.body();
    }
}

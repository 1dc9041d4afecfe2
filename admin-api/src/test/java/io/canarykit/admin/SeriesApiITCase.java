package io.canarykit.admin;

import static io.canarykit.admin.testing.SidecarHarness.await;
import static io.canarykit.admin.testing.SidecarHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.admin.testing.BrokerPerClass;
import io.canarykit.admin.testing.Records;
import io.canarykit.admin.testing.SidecarHarness;
import io.canarykit.schema.Topics;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/kit/series} over a real port, fed through the real broker as the job would feed it. */
class SeriesApiITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYM = "SERIESUSDT";
    @RegisterExtension
    static final BrokerPerClass BROKER = new BrokerPerClass();

    @TempDir
    Path dir;

    @Test
    void answersTheSymbolsPointsOldestFirstWithinTheMinutesAsked() throws Exception {
        long now = System.currentTimeMillis();
        long t1 = now - 300_000;
        long t2 = now - 30_000;
        long t3 = now - 20_000;
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                // One record at a time, each seen before the next, so each point's carried figures are known.
                // Later than the other tests' account records on this broker, so that its budget is the newest.
                send(BROKER.broker(), Topics.KPIS, "_global", Records.globalRecord(now, 0.9));
                await("the budget", () -> sidecar.view().globalKpi().map(k -> k.ts() == now).orElse(false));
                send(BROKER.broker(), Topics.GATE_DECISIONS, SYM, Records.healthy(SYM, 1, t1, 0.05));
                await("the decision", () -> sidecar.view().decision(SYM).isPresent());
                send(BROKER.broker(), Topics.KPIS, SYM, Records.kpiRecord(SYM, t2, 0.12, 1.5));
                await("the first KPI record", () -> sidecar.view().kpi(SYM).map(k -> k.ts() == t2).orElse(false));
                // The operator ramps the share; the job (not running here) has not applied it yet.
                json(client.patch("/api/kit/model/canary_share?pct=0.1", ""), 200);
                send(BROKER.broker(), Topics.KPIS, SYM, Records.kpiRecord(SYM, t3, 0.18, 2.5));
                await("the second KPI record", () -> sidecar.view().kpi(SYM).map(k -> k.ts() == t3).orElse(false));

                String first = point(t1, null, null, 0.9, 0.05, 0.0);
                String second = point(t2, 0.12, 1.5, 0.9, 0.05, 0.0);
                String third = point(t3, 0.18, 2.5, 0.9, 0.05, 0.1);
                JsonNode hour = json(client.get("/api/kit/series?symbol=" + SYM + "&minutes=60"), 200);
                assertThat(hour.get("symbol").asText()).isEqualTo(SYM);
                assertThat(hour.get("minutes").asInt()).isEqualTo(60);
                assertThat(hour.get("limits")).isEqualTo(
                        JSON.readTree("{\"psi_warn\":0.2,\"psi_halt\":0.3,\"slippage_slo_bps\":5.0}"));
                assertThat(hour.get("points")).isEqualTo(JSON.readTree("[" + first + "," + second + "," + third + "]"));
                assertThat(hour.has("as_of")).isTrue();

                // A minute back holds the last two; no minutes means the whole hour.
                JsonNode minute = json(client.get("/api/kit/series?symbol=" + SYM + "&minutes=1"), 200);
                assertThat(minute.get("points")).isEqualTo(JSON.readTree("[" + second + "," + third + "]"));
                JsonNode whole = json(client.get("/api/kit/series?symbol=" + SYM), 200);
                assertThat(whole.get("minutes").asInt()).isEqualTo(60);
                assertThat(whole.get("points")).hasSize(3);
            });
        }
    }

    @Test
    void refusesABadSymbolOrMinutesAndAnswers404ForAnUnknownSymbol() throws Exception {
        send(BROKER.broker(), Topics.GATE_DECISIONS, "KNOWNUSDT", Records.healthy("KNOWNUSDT", 1, System.currentTimeMillis(), 0));
        send(BROKER.broker(), Topics.KPIS, "_global", Records.globalRecord(System.currentTimeMillis(), 1.0));
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            await("the records", () -> sidecar.view().decision("KNOWNUSDT").isPresent() && sidecar.view().globalKpi().isPresent());
            SidecarHarness.http(sidecar, (server, client) -> {
                assertThat(error(client.get("/api/kit/series"), 400)).isEqualTo("invalid_symbol");
                assertThat(error(client.get("/api/kit/series?symbol=%20%20&minutes=5"), 400)).isEqualTo("invalid_symbol");
                assertThat(error(client.get("/api/kit/series?symbol=KNOWNUSDT&symbol=KNOWNUSDT"), 400)).isEqualTo("invalid_symbol");
                for (String minutes : new String[] {"0", "61", "-5", "1.5", "abc", ""}) {
                    assertThat(error(client.get("/api/kit/series?symbol=KNOWNUSDT&minutes=" + minutes), 400))
                            .as("minutes=%s", minutes).isEqualTo("invalid_minutes");
                }
                assertThat(error(client.get("/api/kit/series?symbol=NOPEUSDT"), 404)).isEqualTo("unknown_symbol");
                // The account-wide record feeds every symbol's budget; it is no symbol of its own.
                assertThat(error(client.get("/api/kit/series?symbol=_global"), 404)).isEqualTo("unknown_symbol");
                assertThat(json(client.get("/api/kit/series?symbol=KNOWNUSDT&minutes=1"), 200).get("points")).hasSize(1);
            });
        }
    }

    @Test
    void servesUplotFromItsWebjar() throws Exception {
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                Response script = client.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
                assertThat(script.code()).isEqualTo(200);
                assertThat(script.headers().get("Content-Type")).anyMatch(type -> type.contains("javascript"));
                assertThat(script.body().string()).contains("uPlot");
                assertThat(client.get("/webjars/uplot/1.6.30/dist/uPlot.min.css").code()).isEqualTo(200);
                String page = client.get("/").body().string();
                assertThat(page).contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").doesNotContain("https://");
            });
        }
    }

    private static String point(long ts, Double psi, Double slippage, double budget, double share, double commanded) {
        return "{\"ts\":" + ts + ",\"psi\":" + psi + ",\"slippage_bps\":" + slippage + ",\"budget_left\":" + budget
                + ",\"canary_share\":" + share + ",\"canary_share_commanded\":" + commanded + "}";
    }

    private static JsonNode json(Response response, int status) throws Exception {
        String body = response.body().string();
        assertThat(response.code()).as("status of %s", body).isEqualTo(status);
        return JSON.readTree(body);
    }

    private static String error(Response response, int status) throws Exception {
        return json(response, status).get("error").asText();
    }
}

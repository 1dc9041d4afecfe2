package io.canarykit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.cli.KitCommand;
import io.canarykit.config.KitConfig;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo in-process with the healthy desk, and the runbook's final smoke test over HTTP as an
 * operator would type it: preflight, arm, a 5 % canary, then the SLO, the budget and the report.
 */
class DemoSmokeITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dataDir;

    private static Demo demo;
    private static String base;
    private static DemoHttp http;
    private static KitConfig config;

    @BeforeAll
    static void startDemo() throws Exception {
        DemoPorts ports = DemoPorts.free();
        config = DemoTestConfig.of(ports, dataDir, 3);
        demo = new Demo(dataDir, ports, config, List.of("BTCUSDT", "ETHUSDT", "SOLUSDT"), 48).start();
        base = "http://127.0.0.1:" + ports.sidecar() + "/api/kit";
        http = new DemoHttp(ports);
    }

    @AfterAll
    static void stopDemo() {
        if (demo != null) {
            long pid = demo.broker().pid();
            demo.close();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("the broker process is gone after close").isFalse();
        }
    }

    @Test
    void runbookSmokeTestPassesAndTheDeskTradesWithinTheGates() throws Exception {
        // The budget is full before anything traded.
        assertThat(http.get("/risk").path("budget_left").asDouble()).isEqualTo(1.0);

        JsonNode preflight = http.until("/preflight", body -> body.path("ok").asBoolean(), Duration.ofSeconds(60));
        assertThat(preflight.path("ok").asBoolean()).as("preflight %s", preflight).isTrue();

        HttpResponse<String> arm = http.send("POST", "/arm");
        assertThat(arm.statusCode()).as(arm.body()).isEqualTo(200);
        assertThat(JSON.readTree(arm.body()).path("ok").asBoolean()).isTrue();
        assertThat(JSON.readTree(arm.body()).path("armed").asBoolean()).isTrue();

        HttpResponse<String> share = http.send("PATCH", "/model/canary_share?pct=0.05");
        assertThat(share.statusCode()).as(share.body()).isEqualTo(200);

        // Once armed, the desk trades: fills make the budget drop below 1.0, a little.
        JsonNode risk = http.until("/risk", body -> body.path("budget_left").asDouble() < 1.0, Duration.ofSeconds(60));
        assertThat(risk.path("budget_left").asDouble()).as("risk %s", risk).isBetween(0.9, 0.99999);
        assertThat(demo.desk().ordersPlaced()).isPositive();

        JsonNode gates = http.get("/gates?symbol=BTCUSDT");
        assertThat(gates.toString()).contains("\"allow\":true");
        JsonNode slo = http.get("/slo?symbol=BTCUSDT");
        assertThat(slo.path("gate").asBoolean()).as("slo %s", slo).isFalse();

        HttpResponse<byte[]> report = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/report/today")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(report.statusCode()).isEqualTo(200);
        Map<String, String> files = unzip(report.body());
        assertThat(files).containsKeys("orders.csv", "fills.csv", "pnl.csv", "tca.csv", "metadata.json");
        assertThat(files.get("orders.csv").lines().count()).as("orders.csv has rows").isGreaterThan(1);
        assertThat(files.get("fills.csv").lines().count()).as("fills.csv has rows").isGreaterThan(1);

        assertThat(kit("verify-audit-chain", "--db", Demo.dbUrl(dataDir))).contains("intact");
        assertThat(kit("backup-db", "--db", Demo.dbUrl(dataDir), "--out", dataDir.resolve("backup.db").toString()))
                .contains("integrity_check: ok");
    }

    private static String kit(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var kit = KitCommand.commandLine();
        kit.setOut(new PrintWriter(out));
        kit.setErr(new PrintWriter(err));
        int code = kit.execute(args);
        assertThat(code).as("kit %s: %s %s", String.join(" ", args), out, err).isZero();
        return out.toString();
    }

    private static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}

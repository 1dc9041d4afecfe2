package io.canarykit.admin;

import static io.canarykit.admin.testing.SidecarHarness.await;
import static io.canarykit.admin.testing.SidecarHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.admin.testing.Records;
import io.canarykit.admin.testing.SidecarHarness;
import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Gates;
import io.canarykit.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code curl} line of the go-live runbook exactly as written, with the operator's
 * {@code ~/.curlrc} carrying the admin token and pointing localhost:8000 at the test's port.
 */
class RunbookCurlITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "runbook-token-0123456789";
    // The runbook pins "champion_YYYYMMDD" (a date to fill in); here the job's champion is named exactly so.
    private static final String RUNBOOK_CHAMPION = "champion_YYYYMMDD";

    @TempDir
    Path dir;

    @Test
    void everyCurlLineOfTheRunbookWorksAsWritten() throws Exception {
        List<String> lines = curlLines(Path.of("..", "docs", "runbook-go-live-canario.md"));
        assertThat(lines).hasSize(4).allMatch(l -> l.contains("http://localhost:8000/api/kit/"));
        try (KafkaTestBroker broker = KafkaTestBroker.start()) {
            sendHeartbeat(broker);
            try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir,
                    Map.of("KIT_ADMIN_TOKEN", TOKEN)))) {
                await("the champion's decision", () -> sidecar.view().decision("BTCUSDT").isPresent());
                SidecarHarness.http(sidecar, (server, client) -> {
                    Path curlHome = curlrc(server.port());
                    for (String line : lines) {
                        sendHeartbeat(broker);
                        Answer answer = run(curlHome, line);
                        assertThat(answer.status()).as("%s answered %s", line, answer.body()).isEqualTo(200);
                        assertThat(answer.json().get("ok").asBoolean()).as("%s answered %s", line, answer.body()).isTrue();
                    }
                    // The smoke test's other calls, with curl too.
                    sendHeartbeat(broker);
                    assertThat(run(curlHome, "curl -X POST http://localhost:8000/api/kit/arm").json().get("ok").asBoolean()).isTrue();
                    assertThat(run(curlHome, "curl http://localhost:8000/api/kit/slo?symbol=BTCUSDT").json().get("gate").asBoolean())
                            .isFalse();
                    assertThat(run(curlHome, "curl http://localhost:8000/api/kit/slo").status()).isEqualTo(200);
                    assertThat(run(curlHome, "curl http://localhost:8000/api/kit/risk").json().get("budget_left").asDouble())
                            .isEqualTo(1.0);
                    assertThat(run(curlHome, "curl -X POST http://localhost:8000/api/kit/slo/refresh").status()).isEqualTo(200);
                    Path zip = dir.resolve("report.zip");
                    Answer report = run(curlHome, "curl -o " + zip + " http://localhost:8000/api/kit/report/today");
                    assertThat(report.status()).isEqualTo(200);
                    assertThat(Files.readAllBytes(zip)).startsWith(new byte[] {'P', 'K', 3, 4});
                });
                assertThat(sidecar.audit().verify().intact()).isTrue();
                // Five calls (reset, pin, share, arm, refresh), each with its entry, and six intents written
                // before their sends: arm sends two commands (preflight, then arm).
                assertThat(sidecar.audit().verify().entries()).isEqualTo(11);
            }
        }
    }

    private static void sendHeartbeat(KafkaTestBroker broker) throws Exception {
        long now = System.currentTimeMillis();
        GateDecision healthy = Records.healthy("BTCUSDT", now, now, 0.05);
        send(broker, Topics.GATE_DECISIONS, "BTCUSDT", new GateDecision(healthy.symbol(), healthy.ts(), healthy.seq(),
                healthy.validUntil(), true, healthy.mode(), 1, List.of(),
                new Gates(false, false, false, false, false, false, false, null), RUNBOOK_CHAMPION, RUNBOOK_CHAMPION,
                Records.CHALLENGER, false, 0.05, 150.0, false, null));
    }

    /** The lines of the runbook's code blocks that start with curl. */
    static List<String> curlLines(Path runbook) throws Exception {
        List<String> lines = new ArrayList<>();
        boolean inBlock = false;
        for (String line : Files.readAllLines(runbook, StandardCharsets.UTF_8)) {
            if (line.strip().startsWith("```")) {
                inBlock = !inBlock;
            } else if (inBlock && line.strip().startsWith("curl ")) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    private Path curlrc(int port) throws Exception {
        Path home = Files.createDirectories(dir.resolve("curl-home"));
        Files.writeString(home.resolve(".curlrc"), String.join("\n",
                "connect-to = \"localhost:8000:127.0.0.1:" + port + "\"",
                "header = \"Authorization: Bearer " + TOKEN + "\"",
                "silent",
                "show-error",
                "write-out = \"\\n%{http_code}\"",
                ""));
        return home;
    }

    private record Answer(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private static Answer run(Path curlHome, String line) throws Exception {
        ProcessBuilder shell = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true);
        shell.environment().put("CURL_HOME", curlHome.toString());
        shell.environment().put("HOME", curlHome.toString());
        Process process = shell.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int cut = output.lastIndexOf('\n');
        assertThat(cut).as("curl output %s", output).isGreaterThanOrEqualTo(0);
        return new Answer(Integer.parseInt(output.substring(cut + 1).strip()), output.substring(0, cut));
    }
}

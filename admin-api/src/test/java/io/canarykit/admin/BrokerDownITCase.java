package io.canarykit.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.admin.audit.AuditEntry;
import io.canarykit.admin.testing.SidecarHarness;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the broker down, the sidecar still serves: control calls answer 503 and are audited as attempts. */
class BrokerDownITCase {

    @TempDir
    Path dir;

    @Test
    void controlCallAnswers503WithAClearErrorAndTheAttemptIsAudited() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String[] refusedId = new String[1];
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config("127.0.0.1:" + closedPort, dir, Map.of()))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                JsonNode refused = SidecarApiITCase.json(client.post("/api/kit/risk/reset"), 503);
                assertThat(refused.get("ok").asBoolean()).isFalse();
                assertThat(refused.get("error").asText()).isEqualTo("broker_unavailable");
                assertThat(refused.get("message").asText()).contains("risk_reset command was not delivered");
                refusedId[0] = refused.get("command_id").asText();

                JsonNode preflight = SidecarApiITCase.json(client.get("/api/kit/preflight"), 200);
                assertThat(preflight.get("ok").asBoolean()).isFalse();
                assertThat(preflight.get("checks").get(0).get("name").asText()).isEqualTo("kafka");
                assertThat(preflight.get("checks").get(0).get("ok").asBoolean()).isFalse();

                JsonNode status = SidecarApiITCase.json(client.get("/api/kit/status"), 200);
                assertThat(status.get("stale").asBoolean()).isTrue();
                assertThat(status.get("budget_left").asDouble()).isEqualTo(1.0);
            });
            // Newest first: the call's entry saying the send failed, after the intent written before the send.
            List<AuditEntry> entries = sidecar.audit().recent(10);
            assertThat(entries).hasSize(2);
            AuditEntry entry = entries.get(0);
            assertThat(entry.action()).isEqualTo("POST /api/kit/risk/reset");
            assertThat(entry.payload()).contains("\"status\":503").contains("\"outcome\":\"broker_unavailable\"");
            AuditEntry intent = entries.get(1);
            String id = refusedId[0];
            assertThat(intent.action()).isEqualTo("POST /api/kit/risk/reset");
            assertThat(intent.payload()).contains("\"phase\":\"intent\"").contains(id).doesNotContain("\"status\"");
            assertThat(entry.payload()).contains(id);
            String outcome = sidecar.ledger().transaction(c -> {
                try (var q = c.prepareStatement("SELECT outcome FROM control_commands WHERE id = ?")) {
                    q.setString(1, id);
                    try (var rows = q.executeQuery()) {
                        return rows.next() ? rows.getString(1) : null;
                    }
                }
            });
            assertThat(outcome).isEqualTo("broker_unavailable");
            assertThat(sidecar.view().rehydrateMillis()).isPresent();
        }
    }
}

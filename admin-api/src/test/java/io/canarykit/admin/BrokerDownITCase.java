package io.canarykit.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.admin.audit.AuditEntry;
import io.canarykit.admin.testing.SidecarHarness;
import java.net.ServerSocket;
import java.nio.file.Path;
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
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config("127.0.0.1:" + closedPort, dir, Map.of()))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                JsonNode refused = SidecarApiITCase.json(client.post("/api/kit/risk/reset"), 503);
                assertThat(refused.get("ok").asBoolean()).isFalse();
                assertThat(refused.get("error").asText()).isEqualTo("broker_unavailable");
                assertThat(refused.get("message").asText()).contains("risk_reset command was not delivered");

                JsonNode preflight = SidecarApiITCase.json(client.get("/api/kit/preflight"), 200);
                assertThat(preflight.get("ok").asBoolean()).isFalse();
                assertThat(preflight.get("checks").get(0).get("name").asText()).isEqualTo("kafka");
                assertThat(preflight.get("checks").get(0).get("ok").asBoolean()).isFalse();

                JsonNode status = SidecarApiITCase.json(client.get("/api/kit/status"), 200);
                assertThat(status.get("stale").asBoolean()).isTrue();
                assertThat(status.get("budget_left").asDouble()).isEqualTo(1.0);
            });
            AuditEntry entry = sidecar.audit().recent(1).get(0);
            assertThat(entry.action()).isEqualTo("POST /api/kit/risk/reset");
            assertThat(entry.payload()).contains("\"status\":503").contains("\"outcome\":\"broker_unavailable\"");
            assertThat(sidecar.view().rehydrateMillis()).isPresent();
        }
    }
}

package io.canarykit.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.admin.control.ControlTopic;
import io.canarykit.admin.testing.BrokerPerClass;
import io.canarykit.admin.testing.SidecarHarness;
import io.canarykit.schema.Topics;
import io.javalin.testtools.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Preflight's audit_commands check, on a broker of its own so that kit.control holds only this test's commands. */
class AuditCommandsCheckITCase {

    @RegisterExtension
    static final BrokerPerClass BROKER = new BrokerPerClass();

    @TempDir
    Path dir;

    @Test
    void preflightHoldsKitControlAgainstTheAuditLog() throws Exception {
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                SidecarApiITCase.json(client.post("/api/kit/kill"), 200);
                SidecarApiITCase.json(client.post("/api/kit/kill/release"), 200);
                JsonNode clean = auditCommands(client);
                assertThat(clean.get("ok").asBoolean()).as("%s", clean).isTrue();
                assertThat(clean.get("detail").asText()).contains("is in the audit log");

                // Another producer's command (a recorded control file, say) is not the sidecar's to audit.
                produce("{\"id\":\"recorded-1\",\"ts\":1,\"actor\":\"tape\",\"type\":\"refresh\",\"args\":{}}", null);
                JsonNode foreign = auditCommands(client);
                assertThat(foreign.get("ok").asBoolean()).isTrue();
                assertThat(foreign.get("warning").asBoolean()).isTrue();
                assertThat(foreign.get("detail").asText()).contains("1 commands on kit.control were not sent through the sidecar")
                        .contains("recorded-1");

                // A command marked as the sidecar's with no audit entry is what must never happen.
                produce("{\"id\":\"lost-1\",\"ts\":1,\"actor\":\"x\",\"type\":\"kill\",\"args\":{}}", ControlTopic.SIDECAR);
                JsonNode missing = auditCommands(client);
                assertThat(missing.get("ok").asBoolean()).isFalse();
                assertThat(missing.get("detail").asText()).contains("have no audit entry").contains("lost-1");
            });
        }
    }

    private static JsonNode auditCommands(HttpClient client) throws Exception {
        JsonNode preflight = SidecarApiITCase.json(client.get("/api/kit/preflight"), 200);
        for (JsonNode check : preflight.get("checks")) {
            if (check.get("name").asText().equals("audit_commands")) {
                return check;
            }
        }
        throw new AssertionError("no audit_commands check in " + preflight);
    }


    private static void produce(String json, String sender) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.broker().bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CONTROL, Topics.CONTROL_KEY, json);
            if (sender != null) {
                record.headers().add(ControlTopic.SENDER_HEADER, sender.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get();
        }
    }

}

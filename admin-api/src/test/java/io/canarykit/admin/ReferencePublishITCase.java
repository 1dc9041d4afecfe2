package io.canarykit.admin;

import static io.canarykit.admin.testing.SidecarHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.admin.audit.AuditEntry;
import io.canarykit.admin.testing.BrokerPerClass;
import io.canarykit.admin.testing.SidecarHarness;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.InputDecoder;
import io.javalin.testtools.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A profile published through the sidecar: audited first, on kit.reference, and known to the catalogue and preflight. */
class ReferencePublishITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "test-token-0123456789";
    private static final String MODEL = "challenger_20260301";
    private static final String PROFILE = "{\"model_id\": \"" + MODEL + "\", \"features\": {"
            + "\"spread\": {\"edges\": [0.1, 0.2], \"expected\": [0.25, 0.5, 0.25]}}}";
    @RegisterExtension
    static final BrokerPerClass BROKER = new BrokerPerClass();

    @TempDir
    Path dir;

    @Test
    void aPublishedProfileIsAuditedSentKeyedByItsModelAndKnownToTheCatalogue() throws Exception {
        var config = SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of("KIT_ADMIN_TOKEN", TOKEN));
        try (Sidecar sidecar = SidecarHarness.assemble(config)) {
            SidecarHarness.http(sidecar, (server, client) -> {
                // Unknown before: a pin to it is refused.
                Response before = client.post("/api/kit/model/pin", "{\"model_id\": \"" + MODEL + "\"}",
                        req -> req.header("Authorization", "Bearer " + TOKEN));
                assertThat(before.code()).isEqualTo(404);

                Response unauthorised = client.post("/api/kit/reference", PROFILE);
                assertThat(unauthorised.code()).isEqualTo(401);

                long calledAt = System.currentTimeMillis();
                Response published = client.post("/api/kit/reference", PROFILE,
                        req -> req.header("Authorization", "Bearer " + TOKEN).header("X-Kit-Actor", "ana"));
                JsonNode body = JSON.readTree(published.body().string());
                assertThat(published.code()).as(body.toString()).isEqualTo(200);
                assertThat(body.get("model_id").asText()).isEqualTo(MODEL);
                long ts = body.get("ts").asLong();
                assertThat(ts).isBetween(calledAt, System.currentTimeMillis());

                // On the topic, keyed by the model, with the sidecar's ts: what the job decodes.
                List<ConsumerRecord<String, String>> onTopic = BROKER.broker().readUntil(Topics.REFERENCE,
                        seen -> !seen.isEmpty(), Duration.ofSeconds(15));
                assertThat(onTopic).hasSize(1);
                assertThat(onTopic.get(0).key()).isEqualTo(MODEL);
                ReferenceProfile sent = InputDecoder.referenceUpdate(
                        onTopic.get(0).value().getBytes(StandardCharsets.UTF_8)).value();
                assertThat(sent.ts()).isEqualTo(ts);
                assertThat(sent.features().get("spread").expected()).containsExactly(0.25, 0.5, 0.25);

                // The intent was written before the send, and the call after it: both by ana.
                List<AuditEntry> entries = sidecar.audit().recent(2);
                assertThat(entries).extracting(AuditEntry::action).containsOnly("POST /api/kit/reference");
                assertThat(entries).allSatisfy(e -> assertThat(e.actor()).startsWith("ana@"));
                assertThat(entries.get(1).payload()).contains("\"phase\":\"intent\"").contains(MODEL)
                        .contains(String.valueOf(ts));
                assertThat(entries.get(0).payload()).contains("\"status\":200");
                assertThat(sidecar.audit().verify().intact()).isTrue();

                // The sidecar reads the topic back: the catalogue knows the model, so a pin is taken.
                AtomicInteger pinStatus = new AtomicInteger();
                await("the catalogue to know " + MODEL, () -> {
                    pinStatus.set(client.post("/api/kit/model/pin", "{\"model_id\": \"" + MODEL + "\"}",
                            req -> req.header("Authorization", "Bearer " + TOKEN)).code());
                    return pinStatus.get() == 200;
                });
                JsonNode preflight = JSON.readTree(client.get("/api/kit/preflight").body().string());
                JsonNode check = null;
                for (JsonNode c : preflight.get("checks")) {
                    if (c.get("name").asText().equals("reference_profiles")) {
                        check = c;
                    }
                }
                assertThat(check).as(preflight.toString()).isNotNull();
                assertThat(check.get("ok").asBoolean()).isTrue();
                assertThat(check.get("detail").asText()).contains(MODEL);
            });
        }
    }

    @Test
    void aBadProfileIsRefusedNamingTheFieldAndNothingIsSent() throws Exception {
        var config = SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of());
        try (Sidecar sidecar = SidecarHarness.assemble(config)) {
            SidecarHarness.http(sidecar, (server, client) -> {
                String notAscending = PROFILE.replace("[0.1, 0.2]", "[0.2, 0.1]").replace(MODEL, "bad_model");
                JsonNode edges = refused(client.post("/api/kit/reference", notAscending));
                assertThat(edges.get("field").asText()).isEqualTo("spread");
                assertThat(edges.get("message").asText()).contains("edges must be strictly ascending");

                JsonNode missing = refused(client.post("/api/kit/reference", "{\"features\": {}}"));
                assertThat(missing.get("field").asText()).isEqualTo("model_id");
                assertThat(missing.get("reason").asText()).isEqualTo("missing_field");

                JsonNode stamped = refused(client.post("/api/kit/reference",
                        PROFILE.replace("{\"model_id\"", "{\"ts\": 5, \"model_id\"")));
                assertThat(stamped.get("field").asText()).isEqualTo("ts");

                refused(client.post("/api/kit/reference", "{not json"));
            });
            // The intent is written before a profile is sent, so none means nothing was sent.
            assertThat(sidecar.audit().recent(10)).noneMatch(e -> e.payload().contains("\"phase\":\"intent\""));
        }
    }

    private static JsonNode refused(Response response) throws Exception {
        JsonNode body = JSON.readTree(response.body().string());
        assertThat(response.code()).as(body.toString()).isEqualTo(400);
        assertThat(body.get("ok").asBoolean()).isFalse();
        return body;
    }
}

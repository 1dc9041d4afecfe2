package io.canarykit.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.admin.audit.AuditEntry;
import io.canarykit.admin.testing.BrokerPerClass;
import io.canarykit.admin.testing.SidecarHarness;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A call is read and checked whole, body and query, before anything acts. */
class StrictRequestsITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final BrokerPerClass BROKER = new BrokerPerClass();

    @TempDir
    Path dir;

    // charset=nope once answered 503 after the kill had been sent, with no audit entry.
    @Test
    void anUnknownCharsetIsA415AndNothingIsSent() throws Exception {
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                JsonNode refused = withContentType(client, "POST", "/api/kit/kill",
                        "application/json; charset=nope", 415);
                assertThat(refused.get("error").asText()).isEqualTo("unsupported_charset");
                assertThat(refused.get("charset").asText()).isEqualTo("nope");
                assertThat(refused.get("message").asText()).contains("charset=nope").contains("nothing was done");

                JsonNode latin = withContentType(client, "PATCH",
                        "/api/kit/model/canary_share?pct=0.05", "text/plain; charset=\"ISO-8859-1\"", 415);
                assertThat(latin.get("charset").asText()).isEqualTo("ISO-8859-1");

                JsonNode utf8 = withContentType(client, "POST", "/api/kit/kill",
                        "application/json; charset=\"utf-8\"", 200);
                assertThat(utf8.get("kill_switch").asBoolean()).isTrue();
            });
            assertThat(commandRows(sidecar)).isEqualTo(1);
            List<AuditEntry> entries = sidecar.audit().recent(10);
            // Newest first: the accepted kill (its call entry and intent), then the two refusals, audited as such.
            assertThat(entries).hasSize(4);
            assertThat(entries.get(2).payload()).contains("\"status\":415").contains("\"commands\":[]");
            assertThat(entries.get(3).payload()).contains("\"status\":415").contains("\"commands\":[]");
            assertThat(entries.get(3).action()).isEqualTo("POST /api/kit/kill");
        }
    }

    @Test
    void aBodyThatIsNotUtf8IsA400AndNothingIsSent() throws Exception {
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                HttpRequest latin1 = HttpRequest.newBuilder(URI.create(client.getOrigin() + "/api/kit/model/pin"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray("{\"model_id\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)))
                        .build();
                HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(latin1, HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
                assertThat(JSON.readTree(answer.body()).get("error").asText()).isEqualTo("invalid_body_encoding");
            });
            assertThat(commandRows(sidecar)).isZero();
        }
    }

    @Test
    void aBodyOver64KiBIsA413AndNothingIsSent() throws Exception {
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            String big = "{\"model_id\":\"" + "x".repeat(64 * 1024) + "\"}";
            SidecarHarness.http(sidecar, (server, client) -> {
                JsonNode tooLarge = SidecarApiITCase.json(client.post("/api/kit/kill", big), 413);
                assertThat(tooLarge.get("error").asText()).isEqualTo("body_too_large");
                assertThat(tooLarge.get("message").asText()).contains("64 KiB");
                assertThat(SidecarApiITCase.json(client.post("/api/kit/model/pin", big), 413).get("error").asText())
                        .isEqualTo("body_too_large");
                assertThat(SidecarApiITCase.json(client.get("/api/kit/status"), 200).get("kill_switch").asBoolean()).isFalse();
            });
            assertThat(commandRows(sidecar)).isZero();
            assertThat(sidecar.audit().recent(10)).hasSize(2)
                    .allSatisfy(entry -> assertThat(entry.payload()).contains("\"status\":413").contains("\"commands\":[]"));
        }
    }

    @Test
    void aRepeatedOrMalformedQueryParameterIsA400NamingIt() throws Exception {
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                refused(client.patch("/api/kit/model/canary_share?pct=0.1&pct=0.3"), "pct", "given 2 times");
                // As a double this is exactly 0.25; as the decimal the operator typed it is above the cap.
                refused(client.patch("/api/kit/model/canary_share?pct=0.2500000000000000001"), "pct",
                        "got 0.2500000000000000001");
                refused(client.patch("/api/kit/model/canary_share?pct=1e-2"), "pct", "plain decimal");
                refused(client.patch("/api/kit/model/canary_share?pct=0x0.1p1"), "pct", "plain decimal");
                refused(client.patch("/api/kit/model/canary_share?pct=.05"), "pct", "plain decimal");
                refused(client.patch("/api/kit/model/canary_share?pct=0.05%20"), "pct", "plain decimal");
                refused(client.patch("/api/kit/model/canary_share?pct="), "pct", "plain decimal");
                refused(client.get("/api/kit/go-no-go?hours=1d"), "hours", "plain decimal");
                refused(client.get("/api/kit/go-no-go?hours=0x1p3"), "hours", "plain decimal");
                refused(client.get("/api/kit/go-no-go?hours=Infinity"), "hours", "plain decimal");
                refused(client.get("/api/kit/go-no-go?hours=0"), "hours", "above 0");
                refused(client.get("/api/kit/go-no-go?hours=2160.0000000000000001"), "hours", "at most 2160");
                refused(client.get("/api/kit/go-no-go?hours=1&hours=2"), "hours", "given 2 times");
                refused(client.get("/api/kit/audit?limit=5&limit=6"), "limit", "given 2 times");
                refused(client.get("/api/kit/audit?limit=1.5"), "limit", "whole number");
                refused(client.get("/api/kit/audit?limit=99999999999999999999"), "limit", "in [1, 500]");
                refused(client.get("/api/kit/gates?symbol=A&symbol=B"), "symbol", "given 2 times");
                refused(client.get("/api/kit/slo?symbol=A&symbol=B"), "symbol", "given 2 times");

                assertThat(SidecarApiITCase.json(client.get("/api/kit/go-no-go?hours=2160"), 200).has("verdict")).isTrue();
                assertThat(SidecarApiITCase.json(client.get("/api/kit/go-no-go?hours=0.5"), 200).has("verdict")).isTrue();
                assertThat(SidecarApiITCase.json(client.get("/api/kit/audit?limit=500"), 200).has("entries")).isTrue();
                JsonNode cap = SidecarApiITCase.json(client.patch("/api/kit/model/canary_share?pct=0.25000"), 200);
                assertThat(cap.get("canary_share").asDouble()).isEqualTo(0.25);
            });
            assertThat(commandRows(sidecar)).as("only the last share call sent a command").isEqualTo(1);
        }
    }

    // Sent with the JDK's client so that the Content-Type on the wire is exactly this one.
    private static JsonNode withContentType(HttpClient client, String method, String path, String contentType,
            int status) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(client.getOrigin() + path))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("status of %s", answer.body()).isEqualTo(status);
        return JSON.readTree(answer.body());
    }

    private static void refused(Response response, String parameter, String saying) throws Exception {
        JsonNode body = SidecarApiITCase.json(response, 400);
        assertThat(body.get("error").asText()).isEqualTo("invalid_" + parameter);
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        assertThat(body.get("message").asText()).startsWith(parameter + " ").contains(saying);
    }

    private static long commandRows(Sidecar sidecar) {
        return sidecar.ledger().transaction(c -> {
            try (var q = c.prepareStatement("SELECT COUNT(*) FROM control_commands"); var rows = q.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1L;
            }
        });
    }
}

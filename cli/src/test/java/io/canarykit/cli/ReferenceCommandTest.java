package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.codec.InputDecoder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReferenceCommandTest {

    private static final String TOKEN = "test-token-0123456789";
    private static final String CHAMPION = "{\"model_id\": \"champion_2\", \"ts\": 1700000000000, \"features\": "
            + "{\"spread\": {\"edges\": [0.1], \"expected\": [0.5, 0.5]}}}";
    private static final String CHALLENGER = "{\"model_id\": \"challenger_3\", \"features\": "
            + "{\"spread\": {\"edges\": [0.2], \"expected\": [0.4, 0.6]}}}";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> auth = new CopyOnWriteArrayList<>();
    private HttpServer sidecar;

    @BeforeEach
    void startSidecar() throws Exception {
        sidecar = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sidecar.createContext("/api/kit/reference", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
            boolean refused = body.contains("refused_model");
            byte[] answer = (refused
                    ? "{\"ok\":false,\"error\":\"invalid_profile\",\"message\":\"no\",\"field\":\"spread\"}"
                    : "{\"ok\":true,\"model_id\":\"m\",\"ts\":42}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(refused ? 400 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        sidecar.start();
    }

    @AfterEach
    void stopSidecar() {
        sidecar.stop(0);
    }

    private int publish(Path file) {
        CommandLine kit = KitCommand.commandLine();
        kit.setOut(new PrintWriter(out, true));
        kit.setErr(new PrintWriter(err, true));
        return kit.execute("reference", "publish", file.toString(), "--url",
                "http://127.0.0.1:" + sidecar.getAddress().getPort(), "--set", "KIT_ADMIN_TOKEN=" + TOKEN);
    }

    @Test
    void sendsEachProfileWithTheTokenAndWithoutTheFilesTs() throws Exception {
        Path file = Files.writeString(dir.resolve("profiles.jsonl"), CHAMPION + "\n" + CHALLENGER + "\n");

        assertThat(publish(file)).as(err.toString()).isZero();

        assertThat(bodies).hasSize(2);
        assertThat(auth).containsOnly("Bearer " + TOKEN);
        ReferenceProfile first = InputDecoder.referenceProfile(bodies.get(0).getBytes(StandardCharsets.UTF_8)).value();
        assertThat(first.modelId()).isEqualTo("champion_2");
        assertThat(first.ts()).isNull();
        assertThat(out.toString()).contains("ts of champion_2 in the file is not sent").contains("holding from ts 42");
    }

    @Test
    void sendsNothingFromAFileWithAnInvalidProfile() throws Exception {
        Path file = Files.writeString(dir.resolve("profiles.jsonl"),
                CHAMPION + "\n" + CHALLENGER.replace("[0.4, 0.6]", "[0.4, 0.4]") + "\n");

        assertThat(publish(file)).isEqualTo(2);
        assertThat(bodies).isEmpty();
        assertThat(err.toString()).contains("line 2").contains("expected must sum to 1");
    }

    @Test
    void stopsAtTheFirstProfileTheSidecarRefuses() throws Exception {
        Path file = Files.writeString(dir.resolve("profiles.jsonl"),
                CHAMPION + "\n" + CHALLENGER.replace("challenger_3", "refused_model") + "\n" + CHALLENGER + "\n");

        assertThat(publish(file)).isEqualTo(1);
        assertThat(bodies).hasSize(2);
        assertThat(err.toString()).contains("refused the profile of refused_model (400 invalid_profile)");
    }
}

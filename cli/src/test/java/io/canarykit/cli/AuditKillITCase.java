package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.admin.audit.AuditLog;
import io.canarykit.cli.demo.broker.KafkaBroker;
import io.canarykit.jobs.io.TopicProvisioner;
import io.canarykit.schema.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A SIGKILL between the send to Kafka and the ledger write left commands on kit.control with
 * no audit entry. The sidecar runs as its own JVM, is killed mid-stream, and every acknowledged call and
 * every command on the topic must be in the audit log.
 */
class AuditKillITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String[][] CALLS = {
        {"POST", "/api/kit/kill"}, {"POST", "/api/kit/kill/release"}, {"POST", "/api/kit/risk/reset"},
        {"PATCH", "/api/kit/model/canary_share?pct=0.05"}, {"POST", "/api/kit/model/rollback"}, {"POST", "/api/kit/disarm"},
        {"POST", "/api/kit/slo/refresh"}, {"POST", "/api/kit/arm"},
    };

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCallAndEveryCommandOnKitControlIsAuditedAfterASigkill() throws Exception {
        try (KafkaBroker broker = new KafkaBroker(dir.resolve("kafka"), KafkaBroker.freePort(), KafkaBroker.freePort(), "512m")) {
            broker.start(Duration.ofSeconds(60));
            new TopicProvisioner(broker.bootstrap(), 1, (short) 1).createMissing(30_000);
            Path db = dir.resolve("kit.db");

            Sidecar first = startSidecar(broker, db, 1).awaitHealthy();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            killMidStream(first, acknowledged);

            Set<String> onTopic = controlIds(broker.bootstrap());
            Set<String> audited;
            Map<String, String> outcomes;
            try (Connection ledger = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                audited = AuditLog.commandIds(ledger);
                outcomes = outcomes(ledger);
            }
            assertThat(acknowledged).as("calls acknowledged before the kill").isNotEmpty();
            assertThat(audited).as("every acknowledged call is audited").containsAll(acknowledged);
            for (String id : acknowledged) {
                assertThat(outcomes.get(id)).as("control_commands row of acknowledged %s", id).isEqualTo("acknowledged");
            }
            assertThat(onTopic).as("commands on kit.control").containsAll(acknowledged);
            assertThat(audited).as("every command on kit.control is audited").containsAll(onTopic);
            assertThat(verifyAuditChain(db)).isEqualTo(0);

            // Started again on the same ledger, the sidecar settles what the kill left pending and preflight agrees.
            Sidecar second = startSidecar(broker, db, 2);
            try {
                second.awaitHealthy();
                JsonNode preflight = JSON.readTree(send(second.port(), "GET", "/api/kit/preflight").body());
                assertThat(check(preflight, "audit_chain").path("ok").asBoolean()).as("%s", preflight).isTrue();
                assertThat(check(preflight, "audit_commands").path("ok").asBoolean()).as("%s", preflight).isTrue();
                try (Connection ledger = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                    Map<String, String> settled = outcomes(ledger);
                    assertThat(settled).doesNotContainValue("pending");
                    for (String id : onTopic) {
                        assertThat(settled.get(id)).as("outcome of %s, on kit.control", id).isEqualTo("acknowledged");
                    }
                }
            } finally {
                second.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    // Two operators fire calls until the process dies under them; each 2xx names the command it sent.
    private static void killMidStream(Sidecar sidecar, Set<String> acknowledged) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> operators = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int offset = t * 3;
            Thread operator = new Thread(() -> {
                for (int i = offset; !stop.get(); i++) {
                    String[] call = CALLS[i % CALLS.length];
                    try {
                        HttpResponse<String> answer = send(sidecar.port(), call[0], call[1]);
                        if (answer.statusCode() / 100 == 2) {
                            acknowledged.add(JSON.readTree(answer.body()).path("command").path("id").asText());
                        }
                    } catch (Exception deadOrDying) {
                        // A call cut off by the kill was not acknowledged: the client got no answer.
                    }
                }
            }, "operator-" + t);
            operator.start();
            operators.add(operator);
        }
        Thread.sleep(1_500 + (long) (Math.random() * 1_500));
        // On Linux, destroyForcibly is SIGKILL: no shutdown hook, no flush, nothing after the instant.
        sidecar.process().destroyForcibly();
        assertThat(sidecar.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        for (Thread operator : operators) {
            operator.join(15_000);
        }
    }

    /** A sidecar JVM started as {@code kit sidecar} runs, its port and its log. */
    private record Sidecar(Process process, int port, Path log) {

        Sidecar awaitHealthy() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as("the sidecar exited; its log is %s", log).isTrue();
                try {
                    if (send(port, "GET", "/health").statusCode() == 200) {
                        return this;
                    }
                } catch (java.io.IOException notYet) {
                    // Still starting.
                }
                Thread.sleep(200);
            }
            throw new AssertionError("the sidecar did not answer /health within 40 s; its log: " + Files.readString(log));
        }
    }

    private Sidecar startSidecar(KafkaBroker broker, Path db, int run) throws Exception {
        int port = KafkaBroker.freePort();
        Path log = dir.resolve("sidecar-" + run + ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), KitCommand.class.getName(),
                "sidecar", "--port", String.valueOf(port), "--bind", "127.0.0.1");
        // Its own working directory, so no ./.env of the build is read.
        ProcessBuilder builder = new ProcessBuilder(command).directory(Files.createDirectories(dir.resolve("run" + run)).toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP", broker.bootstrap());
        env.put("KIT_DB_URL", "jdbc:sqlite:" + db);
        env.put("PROFILE", "paper");
        env.remove("KIT_ADMIN_TOKEN");
        return new Sidecar(builder.start(), port, log);
    }

    private static HttpResponse<String> send(int port, String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        HttpRequest request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(15)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> controlIds(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            TopicPartition partition = new TopicPartition(Topics.CONTROL, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    ids.add(JSON.readTree(record.value()).path("id").asText());
                }
            }
            assertThat(consumer.position(partition)).as("kit.control read to its end").isEqualTo(end);
        }
        return ids;
    }

    private static Map<String, String> outcomes(Connection ledger) throws Exception {
        Map<String, String> outcomes = new HashMap<>();
        try (PreparedStatement query = ledger.prepareStatement("SELECT id, outcome FROM control_commands");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                outcomes.put(rows.getString(1), rows.getString(2));
            }
        }
        return outcomes;
    }

    private static int verifyAuditChain(Path db) {
        StringWriter out = new StringWriter();
        CommandLine kit = KitCommand.commandLine();
        kit.setOut(new PrintWriter(out));
        kit.setErr(new PrintWriter(out));
        int exit = kit.execute("verify-audit-chain", "--db", db.toString());
        assertThat(out.toString()).as("kit verify-audit-chain").contains("audit chain intact");
        return exit;
    }

    private static JsonNode check(JsonNode preflight, String name) {
        for (JsonNode check : preflight.path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + preflight);
    }
}

package io.canarykit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.cli.demo.recording.Recording;
import io.canarykit.cli.demo.recording.RecordingPlayer;
import io.canarykit.cli.demo.recording.RecordingSummary;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo playing a recorded desk from a directory instead of simulating one. */
class DemoFromDirITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SYMBOLS = List.of("AAAUSDT", "BBBUSDT");
    private static final String NOT_JSON = "not json";
    private static final String TS_IN_WORDS = "{\"ts\":\"yesterday\",\"symbol\":\"AAAUSDT\",\"feed\":\"primary\",\"bid\":1,\"ask\":2}";

    @TempDir
    Path dataDir;

    @TempDir
    Path recordingDir;

    private Demo demo;

    @AfterEach
    void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void playsARecordingStampedAsNowSoItsSymbolsGetFreshDecisionsAndItsBadLinesReachTheDlq() throws Exception {
        // Recorded a month ago: only the shift to the wall clock keeps its quotes from being stale.
        long recordedAt = System.currentTimeMillis() - Duration.ofDays(30).toMillis();
        long events = new SyntheticDesk(SYMBOLS, recordedAt, 100, 400, 0.05, 11).writeTo(recordingDir);
        Path market = recordingDir.resolve("market.jsonl");
        Files.writeString(market, NOT_JSON + "\n" + TS_IN_WORDS + "\n" + Files.readString(market));
        Recording recording = Recording.in(recordingDir);
        assertThat(RecordingSummary.scan(recording).symbols()).isEqualTo(SYMBOLS);

        DemoPorts ports = DemoPorts.free();
        KitConfig config = DemoTestConfig.of(ports, dataDir, SYMBOLS.size());
        demo = new Demo(dataDir, ports, config, SYMBOLS, 48).playing(recording, 2.0).start();
        DemoHttp api = new DemoHttp(demo);

        JsonNode gates = api.until("/gates", g -> SYMBOLS.stream().allMatch(s -> fresh(DemoHttp.decision(g, s))),
                Duration.ofSeconds(60));
        for (String symbol : SYMBOLS) {
            JsonNode decision = DemoHttp.decision(gates, symbol);
            assertThat(fresh(decision)).as("a decision for %s without the stale gate in %s", symbol, gates).isTrue();
            assertThat(decision.path("ts").asLong()).as("decided in the present").isGreaterThan(recordedAt + 40_000);
        }
        assertThat(demo.desk()).as("no simulated desk while a recording plays").isNull();

        RecordingPlayer.Report report = demo.recordingPlayer().finished().get(120, TimeUnit.SECONDS);
        assertThat(report.records()).isEqualTo(events + 2);
        assertThat(report.unchanged()).isEqualTo(2);
        assertThat(dlqRawLines(Set.of(NOT_JSON, TS_IN_WORDS), Duration.ofSeconds(60)))
                .containsExactlyInAnyOrder(NOT_JSON, TS_IN_WORDS);
    }

    private static boolean fresh(JsonNode decision) {
        if (decision.isMissingNode()) {
            return false;
        }
        for (JsonNode reason : decision.path("reasons")) {
            if (reason.asText().equals("stale")) {
                return false;
            }
        }
        return true;
    }

    /** The raw lines among {@code wanted} that the job's dead-letter queue holds, read until all are found or the timeout. */
    private Set<String> dlqRawLines(Set<String> wanted, Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.broker().bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-from-dir-test");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Set<String> found = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.DLQ));
            while (found.size() < wanted.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String raw = new String(Base64.getDecoder().decode(JSON.readTree(r.value()).path("raw_base64").asText()),
                            StandardCharsets.UTF_8);
                    if (wanted.contains(raw)) {
                        found.add(raw);
                    }
                }
            }
        }
        return found;
    }
}

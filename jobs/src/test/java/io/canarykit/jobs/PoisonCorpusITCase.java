package io.canarykit.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.io.KafkaGatingSinks;
import io.canarykit.jobs.io.KafkaGatingSources;
import io.canarykit.jobs.io.TopicProvisioner;
import io.canarykit.jobs.replay.Replay;
import io.canarykit.jobs.replay.ReplayInputs;
import io.canarykit.jobs.testing.DeskGates;
import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.jobs.testing.PoisonCorpus;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regression corpus through a real broker to the running job, as in production (RocksDB,
 * checkpoints, restarts allowed): every record lands on {@code kit.dlq} with its reason, the job
 * never restarts, decisions go on, the records behind a 1 MB line on its partition are answered,
 * and {@code kit replay} over the same records writes the same DLQ.
 */
class PoisonCorpusITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaTestBroker kafka;
    private static MiniCluster cluster;
    private static JobID jobId;
    private static GateSettings gate;
    private static Thread feeder;
    private static final AtomicBoolean feeding = new AtomicBoolean(true);

    @BeforeAll
    static void startJob() throws Exception {
        kafka = KafkaTestBroker.start();
        new TopicProvisioner(kafka.bootstrap(), 2, (short) 1).createMissing(30_000);
        KitConfig kit = DeskGates.kitAt(kafka.bootstrap());
        gate = DeskGates.live(kit);
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.interval", "2 s");
        // As a cluster would: a failing record restarts the job, and the restarts are what must not happen.
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "1000");
        conf.setString("restart-strategy.fixed-delay.delay", "200 ms");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
        cluster.start();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        GatingWorkflow.define(env, new KafkaGatingSources(kafka.bootstrap(), "it-poison"),
                new KafkaGatingSinks(kafka.bootstrap(), kit.dlqMaxRawBytes()), WorkflowSettings.live(gate, 1_000));
        jobId = cluster.submitJob(env.getStreamGraph()).get().getJobID();
        feeder = new Thread(PoisonCorpusITCase::feedQuotes, "quote-feeder");
        feeder.setDaemon(true);
        feeder.start();
    }

    private static void feedQuotes() {
        try {
            while (feeding.get()) {
                quotes("BTCUSDT", System.currentTimeMillis());
                Thread.sleep(100);
            }
        } catch (Exception e) {
            if (feeding.get()) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void quotes(String symbol, long ts) throws Exception {
        for (Feed feed : Feed.values()) {
            kafka.send(Topics.MARKET, symbol, JsonCodec.encode(new MarketQuote(ts, symbol, feed, 100.0, 100.02, null, null)));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        feeding.set(false);
        if (feeder != null) {
            feeder.join(5_000);
        }
        if (cluster != null) {
            if (jobId != null) {
                cluster.cancelJob(jobId).get();
            }
            cluster.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyPoisonRecordReachesTheDlqWithItsReasonAndTheJobGoesOn(@TempDir Path dir) throws Exception {
        kafka.readUntil(Topics.GATE_DECISIONS, seen -> seen.stream().anyMatch(r -> r.key().equals("BTCUSDT")),
                Duration.ofSeconds(60));

        List<PoisonCorpus.Entry> corpus = PoisonCorpus.entries();
        long sentAt = System.currentTimeMillis();
        for (PoisonCorpus.Entry e : corpus) {
            kafka.send(e.topic(), e.key(), e.bytes(sentAt));
        }
        // Behind the 1 MB line on its partition: a symbol the job must still answer.
        for (int i = 0; i < 10; i++) {
            quotes("XRPUSDT", System.currentTimeMillis());
        }

        List<DlqRecord> dlq = records(kafka.readUntil(Topics.DLQ,
                seen -> unmatched(corpus, sentAt, records(seen)).isEmpty(), Duration.ofSeconds(90)));
        assertThat(dlq).as("one DLQ record per corpus record, no more").hasSize(corpus.size());
        kafka.readUntil(Topics.GATE_DECISIONS, seen -> seen.stream()
                .filter(r -> r.key().equals("XRPUSDT") || r.key().equals("BTCUSDT"))
                .map(r -> decision(r.value()))
                .filter(d -> d.ts() > sentAt)
                .map(GateDecision::symbol).distinct().count() == 2, Duration.ofSeconds(60));

        assertThat(cluster.getJobStatus(jobId).get()).isEqualTo(JobStatus.RUNNING);
        assertThat(cluster.getExecutionGraph(jobId).get().getStatusTimestamp(JobStatus.RESTARTING))
                .as("the job never restarted").isZero();
        assertThat(numRestarts()).isEqualTo("0");

        assertThat(replayDlq(corpus, sentAt, dir)).as("kit replay's DLQ").containsExactlyInAnyOrderElementsOf(comparable(dlq));
    }

    /** The corpus entries that no DLQ record answers yet. */
    private static List<String> unmatched(List<PoisonCorpus.Entry> corpus, long sentAt, List<DlqRecord> dlq) {
        List<DlqRecord> left = new ArrayList<>(dlq);
        List<String> missing = new ArrayList<>();
        for (PoisonCorpus.Entry e : corpus) {
            DlqRecord match = left.stream().filter(d -> answers(d, e, sentAt)).findFirst().orElse(null);
            if (match == null) {
                missing.add(e.name());
            } else {
                left.remove(match);
            }
        }
        return missing;
    }

    private static boolean answers(DlqRecord d, PoisonCorpus.Entry e, long sentAt) {
        if (!d.topic().equals(e.topic()) || !d.reason().equals(e.reason())) {
            return false;
        }
        byte[] raw = Base64.getDecoder().decode(d.rawBase64());
        if (e.fromOperator()) {
            // Kept as the job decoded it: the same order, written again.
            return readTree(raw).path("order_id").equals(readTree(e.bytes(sentAt)).path("order_id"));
        }
        byte[] sent = e.line(sentAt);
        int kept = Math.min(sent.length, gate.kit().dlqMaxRawBytes());
        return d.rawSize() == sent.length && d.rawTruncated() == (kept < sent.length)
                && Arrays.equals(raw, Arrays.copyOf(sent, kept));
    }

    /** The same records as files, replayed as {@code kit replay} does: its DLQ records, without the broker's place and time. */
    private static List<Map<String, Object>> replayDlq(List<PoisonCorpus.Entry> corpus, long sentAt, Path dir) throws Exception {
        Map<String, ByteArrayOutputStream> files = new LinkedHashMap<>();
        for (String topic : List.of(Topics.MARKET, Topics.FEATURES, Topics.ORDERS, Topics.CONTROL)) {
            files.put(topic, new ByteArrayOutputStream());
        }
        for (PoisonCorpus.Entry e : corpus) {
            ByteArrayOutputStream out = files.get(e.topic());
            out.write(e.line(sentAt));
            out.write('\n');
        }
        List<Path> paths = new ArrayList<>();
        for (var f : files.entrySet()) {
            Path p = dir.resolve(f.getKey() + ".jsonl");
            Files.write(p, f.getValue().toByteArray());
            paths.add(p);
        }
        var result = new Replay(new ReplayInputs(paths.get(0), paths.get(1), paths.get(2), paths.get(3)),
                WorkflowSettings.replay(DeskGates.replay(gate.kit())), 2, "hashmap", null).run();
        return comparable(result.dlq());
    }

    /** What a DLQ record says of its input, leaving out where and when it was read. */
    private static List<Map<String, Object>> comparable(List<DlqRecord> dlq) {
        return dlq.stream().map(d -> Map.<String, Object>of("topic", d.topic(), "reason", d.reason(),
                "detail", String.valueOf(d.detail()), "raw", d.rawBase64(), "raw_size", d.rawSize(),
                "raw_truncated", d.rawTruncated())).toList();
    }

    /** {@code numRestarts} as an operator reads it from the REST API. */
    private static String numRestarts() throws Exception {
        URI rest = cluster.getRestAddress().get();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    rest.resolve("/jobs/" + jobId + "/metrics?get=numRestarts")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode metrics = JSON.readTree(answer.body());
            if (metrics.isArray() && !metrics.isEmpty()) {
                return metrics.get(0).path("value").asText();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no numRestarts metric after 30 s: " + answer.body());
            }
            Thread.sleep(500);
        }
    }

    private static List<DlqRecord> records(List<ConsumerRecord<String, String>> seen) {
        return seen.stream().map(r -> JsonCodec.decode(r.value().getBytes(StandardCharsets.UTF_8), DlqRecord.class).value())
                .toList();
    }

    private static GateDecision decision(String json) {
        return JsonCodec.decode(json.getBytes(StandardCharsets.UTF_8), GateDecision.class).value();
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

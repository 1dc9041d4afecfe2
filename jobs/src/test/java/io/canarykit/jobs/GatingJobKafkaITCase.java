package io.canarykit.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.jobs.io.KafkaGatingSinks;
import io.canarykit.jobs.io.KafkaGatingSources;
import io.canarykit.jobs.io.TopicProvisioner;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.jobs.testing.DeskGates;
import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live job on a local mini-cluster against a real Kafka broker: records produced to the input
 * topics come out as decisions and KPIs, bad records go to the DLQ without stopping the job, and
 * operator commands reach every symbol at once.
 */
class GatingJobKafkaITCase {

    private static KafkaTestBroker kafka;
    private static JobClient job;
    private static Thread feeder;
    private static final AtomicBoolean feeding = new AtomicBoolean(true);

    @BeforeAll
    static void startJob() throws Exception {
        kafka = KafkaTestBroker.start();
        new TopicProvisioner(kafka.bootstrap(), 2, (short) 1).createMissing(30_000);
        GateSettings gate = DeskGates.live(DeskGates.kitAt(kafka.bootstrap()));
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        GatingWorkflow.define(env, new KafkaGatingSources(kafka.bootstrap(), "it-gating"),
                new KafkaGatingSinks(kafka.bootstrap(), gate.kit().dlqMaxRawBytes()), WorkflowSettings.live(gate, 1_000));
        job = env.executeAsync("gating-it");
        feeder = new Thread(GatingJobKafkaITCase::feedQuotes, "quote-feeder");
        feeder.setDaemon(true);
        feeder.start();
    }

    /** Live quotes for BTCUSDT every 100 ms, as a feed would send them, so event time moves. */
    private static void feedQuotes() {
        try {
            while (feeding.get()) {
                long now = System.currentTimeMillis();
                for (Feed feed : Feed.values()) {
                    kafka.send(Topics.MARKET, "BTCUSDT",
                            JsonCodec.encode(new MarketQuote(now, "BTCUSDT", feed, 100.0, 100.02, null, null)));
                }
                kafka.send(Topics.FEATURES, "BTCUSDT", JsonCodec.encode(new FeatureVector(now, "BTCUSDT",
                        SyntheticDesk.CHAMPION, Map.of("momentum", 0.1, "spread_z", -0.2, "imbalance", 0.0, "vol_ratio", 1.1))));
                Thread.sleep(100);
            }
        } catch (Exception e) {
            if (feeding.get()) {
                throw new IllegalStateException(e);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        feeding.set(false);
        if (feeder != null) {
            feeder.join(5_000);
        }
        if (job != null) {
            job.cancel().get();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void quotesAndFeaturesComeOutAsDecisionsAndKpis() {
        List<ConsumerRecord<String, String>> decisions = kafka.readUntil(Topics.GATE_DECISIONS,
                seen -> seen.stream().anyMatch(r -> r.key().equals("BTCUSDT")), Duration.ofSeconds(60));
        GateDecision d = JsonCodec.decode(bytes(decisions.get(0).value()), GateDecision.class).value();
        // Live starts disarmed with preflight not yet passed: halted, for those reasons.
        assertThat(d.allow()).isFalse();
        assertThat(d.reasons()).contains(GateReason.DISARMED, GateReason.PREFLIGHT);
        assertThat(d.validUntil()).isGreaterThan(d.ts());

        // Live, a stalled input goes idle after 1 s and its quotes may then arrive late, one feed before
        // the other: a KPI of that moment has no dislocation. Once both feeds are applied together, it has.
        List<ConsumerRecord<String, String>> kpis = kafka.readUntil(Topics.KPIS,
                seen -> seen.stream().anyMatch(r -> r.key().equals("BTCUSDT") && btcKpi(r).feedDislocationBps() != null),
                Duration.ofSeconds(30));
        KpiRecord k = kpis.stream().filter(r -> r.key().equals("BTCUSDT")).map(GatingJobKafkaITCase::btcKpi)
                .filter(kpi -> kpi.feedDislocationBps() != null).findFirst().orElseThrow();
        assertThat(k.feedDislocationBps()).isEqualTo(0.0);
        assertThat(k.modelId()).isEqualTo(SyntheticDesk.CHAMPION);
    }

    private static KpiRecord btcKpi(ConsumerRecord<String, String> r) {
        return JsonCodec.decode(bytes(r.value()), KpiRecord.class).value();
    }

    @Test
    void malformedRecordGoesToTheDlqAndTheJobAnswersTheNextGoodOne() throws Exception {
        kafka.send(Topics.MARKET, "ETHUSDT", "{\"ts\": 12, \"symbol\": \"ETHUSDT\", \"feed\": \"primary\", \"bid\": 2,");
        long now = System.currentTimeMillis();
        kafka.send(Topics.MARKET, "ETHUSDT",
                JsonCodec.encode(new MarketQuote(now, "ETHUSDT", Feed.PRIMARY, 2000.0, 2000.4, null, null)));

        // Other tests send rejects of other feeds to the same DLQ.
        DlqRecord rejected = kafka.readUntil(Topics.DLQ, seen -> seen.stream().anyMatch(r -> dlq(r).topic().equals(Topics.MARKET)),
                Duration.ofSeconds(30)).stream().map(GatingJobKafkaITCase::dlq).filter(d -> d.topic().equals(Topics.MARKET))
                .findFirst().orElseThrow();
        assertThat(rejected.reason()).isEqualTo("invalid_json");
        assertThat(rejected.topic()).isEqualTo(Topics.MARKET);

        kafka.readUntil(Topics.GATE_DECISIONS, seen -> seen.stream().anyMatch(r -> r.key().equals("ETHUSDT")),
                Duration.ofSeconds(30));
    }

    /**
     * The three feeds come through one source: each record is decoded as what its topic carries. A
     * well-formed quote sent to the features and orders topics is refused there, under that topic.
     */
    @Test
    void eachFeedsRecordsAreDecodedAsThatFeedsWhateverTheyHold() throws Exception {
        byte[] quote = JsonCodec.encode(new MarketQuote(System.currentTimeMillis(), "XRPUSDT", Feed.PRIMARY, 0.5, 0.51,
                null, null));
        kafka.send(Topics.FEATURES, "XRPUSDT", quote);
        kafka.send(Topics.ORDERS, "XRPUSDT", quote);

        List<DlqRecord> rejected = kafka.readUntil(Topics.DLQ, seen -> seen.stream().map(GatingJobKafkaITCase::dlq)
                .filter(d -> d.topic().equals(Topics.FEATURES) || d.topic().equals(Topics.ORDERS)).count() >= 2,
                Duration.ofSeconds(30)).stream().map(GatingJobKafkaITCase::dlq).toList();
        assertThat(rejected).filteredOn(d -> d.topic().equals(Topics.FEATURES)).singleElement()
                .satisfies(d -> assertThat(d.detail()).isNotBlank());
        assertThat(rejected).filteredOn(d -> d.topic().equals(Topics.ORDERS)).singleElement()
                .satisfies(d -> assertThat(d.detail()).isNotBlank());
    }

    private static DlqRecord dlq(ConsumerRecord<String, String> r) {
        return JsonCodec.decode(bytes(r.value()), DlqRecord.class).value();
    }

    @Test
    void killSwitchHaltsEverySymbolAtOnce() throws Exception {
        kafka.send(Topics.MARKET, "SOLUSDT", JsonCodec.encode(new MarketQuote(System.currentTimeMillis(), "SOLUSDT",
                Feed.PRIMARY, 150.0, 150.1, null, null)));
        kafka.readUntil(Topics.GATE_DECISIONS, seen -> seen.stream().anyMatch(r -> r.key().equals("SOLUSDT")),
                Duration.ofSeconds(30));

        kafka.send(Topics.CONTROL, Topics.CONTROL_KEY, JsonCodec.encode(new ControlCommand(
                "kill-1", System.currentTimeMillis(), "it", ControlType.KILL, Map.of())));

        List<ConsumerRecord<String, String>> seen = kafka.readUntil(Topics.GATE_DECISIONS, records -> {
            boolean btc = killed(records, "BTCUSDT");
            boolean sol = killed(records, "SOLUSDT");
            return btc && sol;
        }, Duration.ofSeconds(30));
        assertThat(seen).isNotEmpty();
    }

    private static boolean killed(List<ConsumerRecord<String, String>> records, String symbol) {
        return records.stream()
                .filter(r -> r.key().equals(symbol))
                .map(r -> JsonCodec.decode(bytes(r.value()), GateDecision.class).value())
                .anyMatch(d -> d.reasons().contains(GateReason.KILL_SWITCH) && !d.allow());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

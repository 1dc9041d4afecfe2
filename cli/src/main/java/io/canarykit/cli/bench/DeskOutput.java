package io.canarykit.cli.bench;

import io.canarykit.jobs.StateBackendConfig;
import io.canarykit.cli.demo.DemoPorts;
import io.canarykit.cli.demo.broker.KafkaBroker;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.jobs.io.TopicProvisioner;
import io.canarykit.jobs.replay.Replay;
import io.canarykit.jobs.replay.ReplayInputs;
import io.canarykit.jobs.replay.ReplayResult;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The job's own output over a generated desk of many symbols (a replay of {@link SyntheticDesk}), and a
 * real broker holding it on {@code kit.gate-decisions} and {@code kit.kpis}: what the sidecar sections
 * serve from.
 *
 * @param symbols every symbol of the desk, in order
 * @param decisions every decision the replay produced
 * @param kpis every KPI record the replay produced
 */
public record DeskOutput(List<String> symbols, List<GateDecision> decisions, List<KpiRecord> kpis) {

    /** The symbols of the sidecar sections, as the issue gives them. */
    public static final int SYMBOLS = 1_000;
    // Five ticks a second apart: every symbol gets its first decision and KPI record, and a few changes.
    private static final long STEPS = 5;
    private static final long STEP_MS = 1_000;

    /** Replays a generated desk of {@code count} symbols through the gating graph and keeps its output. */
    public static DeskOutput replay(BenchContext ctx, String section, int count) throws Exception {
        List<String> symbols = IntStream.range(0, count).mapToObj(i -> String.format("S%04d", i)).toList();
        // The sections of one run share the replay's output: it is the same for the same seed, and it costs a minute.
        Path kept = ctx.scratch().resolve("desk-output-" + count);
        if (Files.exists(kept.resolve(Replay.KPIS))) {
            ctx.progress(section, "reusing the job's output over %,d symbols from earlier in this run", count);
            return new DeskOutput(symbols, read(kept.resolve(Replay.DECISIONS), GateDecision.class),
                    read(kept.resolve(Replay.KPIS), KpiRecord.class));
        }
        Path dir = Files.createDirectories(ctx.scratch().resolve(section + "-desk"));
        // Decisions valid now: the desk's clock ends a little before the bench starts.
        long start = Instant.now().minus(STEPS * STEP_MS + 1_000, ChronoUnit.MILLIS).toEpochMilli();
        long events = new SyntheticDesk(symbols, start, STEP_MS, STEPS, ctx.kit().challengerShare(), ctx.seed()).writeTo(dir);
        ctx.progress(section, "replaying %,d generated events over %,d symbols to get the job's own output", events, count);
        KitConfig kit = ctx.kit();
        GateSettings gate = GateSettings.of(kit, List.of(SyntheticDesk.profile(SyntheticDesk.CHAMPION),
                SyntheticDesk.profile(SyntheticDesk.CHALLENGER)), SyntheticDesk.CHAMPION, SyntheticDesk.CHALLENGER,
                JobClock.EVENT, true, GateSettings.DEFAULT_IDLE_SYMBOL_TTL_MS);
        ReplayResult result = new Replay(new ReplayInputs(dir.resolve("market.jsonl"), dir.resolve("features.jsonl"),
                dir.resolve("orders.jsonl"), null), WorkflowSettings.replay(gate), ctx.parallelism(),
                StateBackendConfig.HASHMAP, null).run();
        Replay.write(result, kept);
        DeskOutput output = new DeskOutput(symbols, result.decisions(), result.kpis());
        ctx.progress(section, "the job wrote %,d decisions and %,d KPI records for %,d symbols",
                output.decisions().size(), output.kpis().size(), output.decidedSymbols().size());
        return output;
    }

    // Topics just created may not have a leader yet; sends to them were seen to retry without end.
    private static void awaitLeaders(String bootstrap, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                boolean led = admin.describeTopics(topics).allTopicNames().get().values().stream()
                        .flatMap(t -> t.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (led) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions of " + topics + " have no leader after 60 s");
                }
                Thread.sleep(100);
            }
        }
    }

    private static <T> List<T> read(Path file, Class<T> type) throws java.io.IOException {
        List<T> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            records.add(JsonCodec.decode(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), type).value());
        }
        return records;
    }

    /** The symbols that have at least one decision. */
    public Set<String> decidedSymbols() {
        Set<String> decided = new TreeSet<>();
        decisions.forEach(d -> decided.add(d.symbol()));
        return decided;
    }

    /** Starts a broker of the run's own on free ports, with the contract's topics. */
    public static KafkaBroker broker(BenchContext ctx, String section) throws Exception {
        DemoPorts ports = DemoPorts.free();
        KafkaBroker broker = ctx.closeAtEnd(new KafkaBroker(ctx.scratch().resolve(section + "-kafka"),
                ports.kafka(), ports.kafkaController(), "512m"));
        ctx.progress(section, "starting a Kafka broker");
        broker.start(Duration.ofSeconds(90));
        new TopicProvisioner(broker.bootstrap(), 3, (short) 1, ctx.kit().dlqMaxRawBytes()).createMissing(30_000);
        return broker;
    }

    /** Publishes every decision and KPI record, keyed by symbol as the job does, and waits for the acknowledgements. */
    public void publish(String bootstrap) throws Exception {
        awaitLeaders(bootstrap, List.of(Topics.GATE_DECISIONS, Topics.KPIS));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // Not timed: after the heavy sections the broker may take a while, so a record may wait
        // minutes before a send fails the section, rather than a minute behind a long queue.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        // A broker just started can move a partition's leadership once more; an idempotent producer
        // then met OUT_OF_ORDER_SEQUENCE_NUMBER on every retry until the delivery timeout. One request
        // in flight keeps each partition's order without it; a retried batch written twice repeats
        // records, which changes nothing the sections read (each symbol's latest decision and KPIs).
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            Sent sent = new Sent(producer);
            for (GateDecision d : decisions) {
                sent.add(new ProducerRecord<>(Topics.GATE_DECISIONS, d.symbol(), JsonCodec.encode(d)));
            }
            for (KpiRecord k : kpis) {
                sent.add(new ProducerRecord<>(Topics.KPIS, k.symbol(), JsonCodec.encode(k)));
            }
            sent.awaitAll();
        }
    }

    /**
     * Sends in rounds of {@link #ROUND} records, each acknowledged before the next is queued, so no
     * record waits in the producer behind a whole session's worth of others.
     */
    private static final class Sent {
        private static final int ROUND = 20_000;
        private final KafkaProducer<String, byte[]> producer;
        private final List<java.util.concurrent.Future<?>> pending = new ArrayList<>();

        Sent(KafkaProducer<String, byte[]> producer) {
            this.producer = producer;
        }

        void add(ProducerRecord<String, byte[]> record) throws Exception {
            pending.add(producer.send(record));
            if (pending.size() >= ROUND) {
                awaitAll();
            }
        }

        void awaitAll() throws Exception {
            producer.flush();
            for (var f : pending) {
                f.get();
            }
            pending.clear();
        }
    }
}

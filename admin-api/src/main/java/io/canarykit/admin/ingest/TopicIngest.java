package io.canarykit.admin.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.LedgerIngest;
import io.canarykit.admin.view.KpiSeries;
import io.canarykit.admin.ledger.RolloutEvents;
import io.canarykit.admin.view.StateView;
import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.InputDecoder;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the job's output, the order stream and the reference profiles into the view and the
 * ledger. The compacted decisions and reference topics are read from the start on every launch (that
 * is the rehydration); the other topics
 * resume from offsets stored in the ledger in the same transaction as their rows, so a record is
 * counted once even across a crash. The decisions' offsets are stored too: a record below its
 * partition's is read again for the view alone, its rows being in the ledger already.
 */
public final class TopicIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicIngest.class);
    private static final List<String> TOPICS =
            List.of(Topics.GATE_DECISIONS, Topics.KPIS, Topics.TCA, Topics.ORDERS, Topics.REFERENCE);
    /** The compacted topics, read from their start on every launch: they hold the latest of each key. */
    private static final Set<String> FROM_THE_START = Set.of(Topics.GATE_DECISIONS, Topics.REFERENCE);
    private static final Duration POLL = Duration.ofMillis(100);
    /**
     * How long the broker may hold a fetch that finds nothing new. A fetch goes out before the
     * compacted topics' starts are known and holds only the partitions already placed, all at their
     * end: at Kafka's default of 500 ms the rehydration's first records waited that long behind it.
     */
    static final int FETCH_MAX_WAIT_MS = (int) POLL.toMillis();
    /** Records per ledger transaction: a few milliseconds of writes, what a command may wait behind. */
    static final int CHUNK = 50;
    private static final long TOPIC_REFRESH_MS = 2_000;
    /** The actor of the audit entries that record what the job did on its own. */
    public static final String JOB_ACTOR = "job";
    /** The action of the audit entry that records the job's abort of a rollout. */
    public static final String ROLLOUT_ABORTED = "rollout_aborted";

    private final String bootstrap;
    private final Ledger ledger;
    private final StateView view;
    private final KpiSeries series;
    private final AuditLog audit;
    private final CountDownLatch rehydrated = new CountDownLatch(1);
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong ingested = new AtomicLong();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Map<TopicPartition, Long> rehydrateTargets = new HashMap<>();
    /**
     * Per partition of a topic read from its start, the offset up to which the ledger already holds
     * what its records wrote (stored with those rows): they are read again for the view alone.
     */
    private final Map<TopicPartition, Long> inTheLedgerBelow = new HashMap<>();
    private volatile boolean running = true;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private long startedNanos;
    private long lastRefresh;

    public TopicIngest(String bootstrap, Ledger ledger, StateView view, KpiSeries series, AuditLog audit) {
        this.bootstrap = bootstrap;
        this.ledger = ledger;
        this.view = view;
        this.series = series;
        this.audit = audit;
    }

    /**
     * Loads the ledger's last-known KPIs into the view and starts consuming on a thread of its own;
     * the rehydration time is counted from {@code startedNanos} ({@link System#nanoTime()}).
     */
    public void start(long startedNanos) {
        this.startedNanos = startedNanos;
        loadLatestKpis();
        consumer = new KafkaConsumer<>(consumerProperties());
        thread = new Thread(this::run, "kit-sidecar-ingest");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the decisions topic has been read up to where it ended at start. */
    public boolean awaitRehydrated(Duration timeout) throws InterruptedException {
        return rehydrated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records that could not be decoded and were skipped (the job sends bad input to kit.dlq). */
    public long rejected() {
        return rejected.get();
    }

    /** Records consumed since start. */
    public long ingested() {
        return ingested.get();
    }

    Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kit-sidecar");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // The sidecar reads; creating the job's topics (with the wrong settings) is not its business.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(FETCH_MAX_WAIT_MS));
        return p;
    }

    private void run() {
        try {
            while (running) {
                refreshAssignment();
                ConsumerRecords<byte[], byte[]> records = assigned.isEmpty()
                        ? ConsumerRecords.empty() : consumer.poll(POLL);
                if (assigned.isEmpty()) {
                    Thread.sleep(POLL.toMillis());
                }
                if (!records.isEmpty()) {
                    applyOrRewind(records);
                }
                checkRehydrated();
            }
        } catch (WakeupException | InterruptedException stop) {
            // Closing.
        } catch (RuntimeException e) {
            LOG.error("ingest stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    // Topics may appear after the sidecar starts (the job creates them), so assignment is refreshed.
    private void refreshAssignment() {
        long now = System.currentTimeMillis();
        if (now - lastRefresh < TOPIC_REFRESH_MS) {
            return;
        }
        lastRefresh = now;
        Set<TopicPartition> found = new HashSet<>();
        try {
            for (String topic : TOPICS) {
                List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(2));
                if (partitions != null) {
                    partitions.forEach(p -> found.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
        } catch (RuntimeException unreachable) {
            LOG.debug("cannot list topics yet: {}", unreachable.toString());
            if (assigned.isEmpty() && rehydrated.getCount() > 0 && elapsedMillis() > 5_000) {
                finishRehydration("the broker did not answer; serving the ledger alone");
            }
            return;
        }
        found.removeAll(assigned);
        if (found.isEmpty()) {
            if (assigned.isEmpty()) {
                finishRehydration("no topics yet");
            }
            return;
        }
        assigned.addAll(found);
        consumer.assign(assigned);
        Map<String, Long> stored = ledger.transaction(LedgerIngest::offsets);
        List<TopicPartition> fromTheStart = new ArrayList<>();
        for (TopicPartition tp : found) {
            Long next = stored.get(tp.topic() + "/" + tp.partition());
            if (FROM_THE_START.contains(tp.topic()) || next == null) {
                fromTheStart.add(tp);
            } else {
                consumer.seek(tp, next);
            }
        }
        consumer.seekToBeginning(fromTheStart);
        // Where each beginning is, asked now (one request for all): the first fetch then carries them.
        fromTheStart.forEach(consumer::position);
        Map<TopicPartition, Long> ends = consumer.endOffsets(fromTheStart);
        for (TopicPartition tp : fromTheStart) {
            Long recorded = stored.get(tp.topic() + "/" + tp.partition());
            // An offset past the end is another topic's of the same name (recreated): nothing is skipped.
            if (recorded != null && ends.get(tp) != null && recorded <= ends.get(tp)) {
                inTheLedgerBelow.put(tp, recorded);
            }
        }
        if (rehydrated.getCount() > 0) {
            fromTheStart.stream().filter(tp -> FROM_THE_START.contains(tp.topic())).forEach(tp -> rehydrateTargets.put(tp, ends.get(tp)));
        }
        LOG.info("ingest assigned {}", found);
    }

    private void checkRehydrated() {
        if (rehydrated.getCount() == 0 || assigned.isEmpty()) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> target : rehydrateTargets.entrySet()) {
            if (target.getValue() != null && consumer.position(target.getKey()) < target.getValue()) {
                return;
            }
        }
        finishRehydration("decisions read to the end");
    }

    private void finishRehydration(String how) {
        if (rehydrated.getCount() == 0) {
            return;
        }
        long millis = elapsedMillis();
        view.rehydrated(millis);
        rehydrated.countDown();
        LOG.info("rehydrated in {} ms ({}): {} decisions, {} KPI records", millis, how,
                view.decisions().size(), view.kpis().size());
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /**
     * Applies a poll's records in chunks of at most {@link #CHUNK} records, one transaction each, so
     * that an operator's command (the kill switch) waits for one chunk and never for a whole batch; a
     * chunk ends early, after the record at hand, when a command is waiting for the ledger. A chunk the
     * ledger could not take is read again after a pause, from its first record on, so nothing is
     * skipped and nothing committed is applied twice.
     */
    private void applyOrRewind(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        for (int from = 0; from < all.size(); ) {
            try {
                from += apply(all.subList(from, Math.min(all.size(), from + CHUNK)));
            } catch (io.canarykit.admin.ledger.LedgerException e) {
                LOG.error("the ledger refused a batch, reading it again in 1 s: {}", e.getMessage());
                rewindTo(all.subList(from, all.size()));
                Thread.sleep(1_000);
                return;
            }
        }
    }

    // Records of one partition come in offset order, so the first one left per partition is where to resume.
    private void rewindTo(List<ConsumerRecord<byte[], byte[]>> unapplied) {
        Map<TopicPartition, Long> resumeAt = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : unapplied) {
            resumeAt.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
        resumeAt.forEach(consumer::seek);
    }

    /** Applies the first of {@code records} in one transaction; returns how many, at least one. */
    private int apply(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Runnable> viewUpdates = new ArrayList<>();
        int applied = ledger.transaction(connection -> {
            Map<TopicPartition, Long> nextOffsets = new HashMap<>();
            int count = 0;
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (count > 0 && ledger.othersWaiting()) {
                    break;
                }
                count++;
                ingested.incrementAndGet();
                try {
                    applyOne(connection, record, viewUpdates);
                } catch (RuntimeException bad) {
                    rejected.incrementAndGet();
                    LOG.warn("skipped {}@{}/{}: {}", record.topic(), record.partition(), record.offset(), bad.toString());
                }
                nextOffsets.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            for (Map.Entry<TopicPartition, Long> next : nextOffsets.entrySet()) {
                LedgerIngest.offset(connection, next.getKey().topic(), next.getKey().partition(), next.getValue());
            }
            return count;
        });
        viewUpdates.forEach(Runnable::run);
        return applied;
    }

    private void applyOne(Connection c, ConsumerRecord<byte[], byte[]> record, List<Runnable> viewUpdates)
            throws SQLException {
        if (record.value() == null) {
            return; // A tombstone on the compacted topic.
        }
        long producedAt = record.timestamp();
        switch (record.topic()) {
            case Topics.GATE_DECISIONS -> {
                // The bytes are kept to serve the decision as the job sent it.
                GateDecision decision = accepted(JsonCodec.decode(record.value(), GateDecision.class));
                if (!inTheLedger(record)) {
                    LedgerIngest.effectiveShare(c, decision);
                    LedgerIngest.decisionChange(c, decision);
                    rolloutTransition(c, decision);
                }
                viewUpdates.add(() -> {
                    // The series first: whoever sees the record in the view finds it in the charts too.
                    series.acceptDecision(decision);
                    view.acceptDecision(decision, record.value(), producedAt);
                    view.noteArrival(record.topic(), producedAt);
                });
            }
            case Topics.KPIS -> {
                KpiRecord kpi = accepted(JsonCodec.decode(record.value(), KpiRecord.class));
                if (kpi.symbol() == null || kpi.symbol().isEmpty()) {
                    throw new IllegalArgumentException("KPI record without symbol");
                }
                // The record as sent is kept, so a restart reads back exactly what the job wrote.
                LedgerIngest.latestKpi(c, kpi.symbol(), kpi.ts(), new String(record.value(), StandardCharsets.UTF_8));
                if (kpi.symbol().equals(KpiRecord.GLOBAL)) {
                    LedgerIngest.account(c, kpi);
                }
                viewUpdates.add(() -> {
                    series.acceptKpi(kpi);
                    view.acceptKpi(kpi, producedAt);
                    view.noteArrival(record.topic(), producedAt);
                });
            }
            case Topics.TCA -> {
                LedgerIngest.tca(c, accepted(JsonCodec.decode(record.value(), TcaRecord.class)));
                viewUpdates.add(() -> view.noteArrival(record.topic(), producedAt));
            }
            case Topics.REFERENCE -> {
                ReferenceProfile profile = accepted(InputDecoder.referenceUpdate(record.value()));
                viewUpdates.add(() -> {
                    view.acceptReference(profile);
                    view.noteArrival(record.topic(), producedAt);
                });
            }
            case Topics.ORDERS -> {
                OrderEvent event = accepted(InputDecoder.order(record.value()));
                LedgerIngest.orderEvent(c, event, new String(record.value(), StandardCharsets.UTF_8));
                viewUpdates.add(() -> view.noteArrival(record.topic(), producedAt));
            }
            default -> throw new IllegalStateException("unexpected topic " + record.topic());
        }
    }

    // A record below the offset the ledger stored for its partition was written in a transaction committed
    // before: a restart reads it again for the view, and writing it again would change nothing.
    private boolean inTheLedger(ConsumerRecord<byte[], byte[]> record) {
        Long below = inTheLedgerBelow.get(new TopicPartition(record.topic(), record.partition()));
        return below != null && record.offset() < below;
    }

    // An abort is the job's own act (failing checks, or an operator's abort or rollback it applied): the
    // audit log keeps it once, with the job's reason, in the transaction that records the transition.
    private void rolloutTransition(Connection c, GateDecision decision) throws SQLException {
        var event = RolloutEvents.observe(c, decision);
        if (event.isEmpty() || event.get().state() != RolloutState.ABORTED) {
            return;
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("reason", event.get().reason());
        payload.put("ts", event.get().ts());
        payload.put("step", event.get().step());
        payload.put("share", event.get().share());
        payload.put("symbol", decision.symbol());
        payload.put("seq", decision.seq());
        var failed = payload.putArray("failed_checks");
        decision.rollout().checks().stream()
                .filter(check -> check.verdict() == CheckVerdict.FAIL)
                .forEach(check -> failed.add(check.name()));
        audit.append(c, JOB_ACTOR, ROLLOUT_ABORTED, payload);
    }

    private static <T> T accepted(Decoded<T> decoded) {
        if (decoded instanceof Decoded.Rejected<T> r) {
            throw new IllegalArgumentException(r.reason().wire() + ": " + r.detail());
        }
        return decoded.value();
    }

    private void loadLatestKpis() {
        ledger.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT symbol, ts, body FROM kpi_latest");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    byte[] body = rows.getString(3).getBytes(StandardCharsets.UTF_8);
                    Decoded<KpiRecord> kpi = JsonCodec.decode(body, KpiRecord.class);
                    if (kpi.isAccepted()) {
                        view.acceptKpi(kpi.value(), rows.getLong(2));
                        // The charts start from the last record of each symbol the previous run kept.
                        series.acceptKpi(kpi.value());
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(5_000);
        }
    }
}

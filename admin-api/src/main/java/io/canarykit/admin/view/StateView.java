package io.canarykit.admin.view;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.codec.JsonCodec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The sidecar's in-memory picture of the job's output: the latest decision and KPI record of every
 * symbol, when each topic last delivered, and how long the start-up rehydration took. When data
 * stops, it keeps the last-known state and reports its age.
 */
public final class StateView {

    /** Decisions older than this mean the job is not heartbeating (it sends one every 5 s). */
    public static final long STALE_AFTER_MS = 10_000;

    private static final long NONE = Long.MIN_VALUE;

    /**
     * A symbol's latest decision, as decoded and as received. Its JSON tree, which only serving it
     * needs, is read from the bytes when first asked for: most decisions are replaced unserved.
     */
    public static final class DecisionEntry {

        private final GateDecision decision;
        private final byte[] sent;
        private final long producedAt;
        private volatile JsonNode json;

        DecisionEntry(GateDecision decision, byte[] sent, long producedAt) {
            this.decision = decision;
            this.sent = sent;
            this.producedAt = producedAt;
        }

        public GateDecision decision() {
            return decision;
        }

        /** The decision as the job sent it: the tree of the record's bytes. */
        public JsonNode json() {
            JsonNode tree = json;
            if (tree == null) {
                // Two readers at once may both read it; either tree is the same.
                tree = JsonCodec.tree(sent);
                json = tree;
            }
            return tree;
        }

        /** When the broker took the record (its timestamp), epoch milliseconds. */
        public long producedAt() {
            return producedAt;
        }
    }

    /** A symbol's latest KPI record, as decoded (the {@code _global} one carries the account's figures). */
    public record KpiEntry(KpiRecord kpi, long producedAt) {

        /** The record's {@code ts}, which orders a symbol's records. */
        public long ts() {
            return kpi.ts();
        }
    }

    private final LongSupplier clock;
    private final Map<String, DecisionEntry> decisions = new ConcurrentHashMap<>();
    private final Map<String, KpiEntry> kpis = new ConcurrentHashMap<>();
    private final Map<String, Long> lastProduced = new ConcurrentHashMap<>();
    private final Map<String, ReferenceProfile> references = new ConcurrentHashMap<>();
    // Every answer reports the newest decision's age: kept as decisions arrive, not found per request
    // by a pass over every symbol's.
    private final AtomicLong newestDecisionProducedAt = new AtomicLong(NONE);
    private volatile Long rehydrateMillis;

    public StateView(LongSupplier clock) {
        this.clock = clock;
    }

    /** The current time of the view's clock, in epoch milliseconds. */
    public long now() {
        return clock.getAsLong();
    }

    /**
     * Keeps {@code decision}, read from {@code sent} (the record's bytes, which {@code JsonCodec.decode}
     * accepted), unless the symbol already has one with a higher or equal {@code seq}.
     */
    public boolean acceptDecision(GateDecision decision, byte[] sent, long producedAt) {
        boolean[] kept = {false};
        decisions.compute(decision.symbol(), (symbol, current) -> {
            if (current != null && current.decision().seq() >= decision.seq()) {
                return current;
            }
            kept[0] = true;
            return new DecisionEntry(decision, sent, producedAt);
        });
        if (kept[0]) {
            newestDecisionProducedAt.accumulateAndGet(producedAt, Math::max);
        }
        return kept[0];
    }

    /** Keeps a model's reference profile from {@code kit.reference} unless the model already has one with a later ts. */
    public void acceptReference(ReferenceProfile profile) {
        references.merge(profile.modelId(), profile, (current, next) -> next.ts() >= current.ts() ? next : current);
    }

    /** The latest reference profile of every model published on {@code kit.reference}. */
    public Map<String, ReferenceProfile> references() {
        return Map.copyOf(references);
    }

    /** Keeps a KPI record unless its symbol already has a newer one. */
    public void acceptKpi(KpiRecord kpi, long producedAt) {
        kpis.merge(kpi.symbol(), new KpiEntry(kpi, producedAt), (current, next) -> next.ts() >= current.ts() ? next : current);
    }

    /** Notes that {@code topic} delivered a record produced at {@code producedAt}. */
    public void noteArrival(String topic, long producedAt) {
        lastProduced.merge(topic, producedAt, Math::max);
    }

    /** Records how long start-up rehydration took. */
    public void rehydrated(long millis) {
        rehydrateMillis = millis;
    }

    /** How long start-up rehydration took, or empty while it is still running. */
    public Optional<Long> rehydrateMillis() {
        return Optional.ofNullable(rehydrateMillis);
    }

    /** Every symbol's latest decision, by symbol. */
    public List<DecisionEntry> decisions() {
        return decisions.values().stream().sorted(Comparator.comparing(e -> e.decision().symbol())).toList();
    }

    public Optional<DecisionEntry> decision(String symbol) {
        return Optional.ofNullable(decisions.get(symbol));
    }

    /** Every symbol's latest KPI record, {@code _global} included, by symbol. */
    public Map<String, KpiEntry> kpis() {
        return Map.copyOf(kpis);
    }

    public Optional<KpiEntry> kpi(String symbol) {
        return Optional.ofNullable(kpis.get(symbol));
    }

    /** The account-wide KPI record, if one arrived. */
    public Optional<KpiEntry> globalKpi() {
        return kpi(KpiRecord.GLOBAL);
    }

    /** When {@code topic} last delivered (its newest record's produce time), if ever. */
    public Optional<Long> lastProduced(String topic) {
        return Optional.ofNullable(lastProduced.get(topic));
    }

    /**
     * How old the newest decision kept is (by its produce time), in milliseconds, or empty when none
     * arrived. A symbol's later decision stamped earlier than one it replaced does not make the view
     * look older: the job was alive when the replaced one was produced.
     */
    public Optional<Long> decisionAgeMillis() {
        long newest = newestDecisionProducedAt.get();
        return newest == NONE ? Optional.empty() : Optional.of(Math.max(0, now() - newest));
    }

    /** True when no decision arrived, or the newest is older than {@link #STALE_AFTER_MS}. */
    public boolean stale() {
        return decisionAgeMillis().map(age -> age > STALE_AFTER_MS).orElse(true);
    }
}

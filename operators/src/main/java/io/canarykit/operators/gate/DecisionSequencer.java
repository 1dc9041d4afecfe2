package io.canarykit.operators.gate;

import io.canarykit.config.ConfigKey;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Turns one symbol's verdicts into decision records: on every change, and as a heartbeat otherwise.
 *
 * <p>Each decision's {@code seq} is {@code max(last seq + 1, ts * 1000)}: strictly increasing per
 * symbol, and tied to event time, so a sequencer that starts without its state (a fresh deployment,
 * or a symbol whose idle state was cleaned up) still sends a higher seq than any decision sent
 * before for an earlier millisecond, as long as a symbol sends fewer than 1000 decisions per
 * millisecond. Consumers keep the highest seq.
 */
public final class DecisionSequencer {

    /** Seqs per millisecond of event time. */
    public static final long SEQS_PER_MS = 1_000;

    // The largest ts whose seq base, ts * SEQS_PER_MS, fits in a long (about the year 294,000).
    private static final long MAX_TS = Long.MAX_VALUE / SEQS_PER_MS;

    private final String symbol;
    private final long heartbeatMs;
    private final long ttlMs;
    private GateVerdict lastVerdict;
    private long lastSeq;
    private long lastEmitTs;

    /** A sequencer that has sent nothing yet. */
    public DecisionSequencer(String symbol, GateLimits limits) {
        this(symbol, limits, State.INITIAL);
    }

    private DecisionSequencer(String symbol, GateLimits limits, State state) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("symbol must not be blank");
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits must not be null");
        }
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        this.symbol = symbol;
        this.heartbeatMs = limits.heartbeatMs();
        this.ttlMs = limits.decisionTtlMs();
        this.lastVerdict = state.lastVerdict();
        this.lastSeq = state.lastSeq();
        this.lastEmitTs = state.lastEmitTs();
    }

    /** A sequencer that has sent nothing yet; the same as the constructor. */
    public static DecisionSequencer create(String symbol, GateLimits limits) {
        return new DecisionSequencer(symbol, limits);
    }

    /**
     * The sequencer as it was when {@code state} was taken, with the heartbeat and TTL of
     * {@code limits} (which may have changed since).
     */
    public static DecisionSequencer restore(String symbol, GateLimits limits, State state) {
        return new DecisionSequencer(symbol, limits, state);
    }

    /** What the sequencer has sent so far. */
    public State state() {
        return new State(lastVerdict, lastSeq, lastEmitTs);
    }

    /**
     * The decision to send at {@code t} for {@code verdict}, if it changed or a heartbeat is due; with
     * no account behind it, so it allows no risk per trade ({@code max_risk_per_trade} 0).
     */
    public Optional<GateDecision> offer(long t, GateVerdict verdict, KpiRecord kpis) {
        return offer(t, verdict, kpis, heartbeatMs, ttlMs, 0.0, null);
    }

    /**
     * As {@link #offer(long, GateVerdict, KpiRecord)}, with the heartbeat and TTL of the limits in
     * force at {@code t}, so a {@code set_limits} change applies from the next decision on, and the
     * account's {@code riskPerTrade} at full size, which the decision scales by its size multiplier.
     */
    public Optional<GateDecision> offer(long t, GateVerdict verdict, KpiRecord kpis, GateLimits limits,
            double riskPerTrade) {
        if (limits == null) {
            throw new IllegalArgumentException("limits must not be null");
        }
        if (!(riskPerTrade >= 0.0) || !Double.isFinite(riskPerTrade)) {
            throw new IllegalArgumentException("riskPerTrade must be a finite number >= 0, got " + riskPerTrade);
        }
        return offer(t, verdict, kpis, limits.heartbeatMs(), limits.decisionTtlMs(), riskPerTrade, limits);
    }

    /**
     * As {@link #offer(long, GateVerdict, KpiRecord, GateLimits, double)}, for a caller that has already
     * compared {@code verdict} with {@link #lastVerdict()} ({@code changed}), and builds the KPIs only
     * when a decision goes out: most evaluations send none, and the record is the costly part.
     */
    public Optional<GateDecision> offer(long t, GateVerdict verdict, boolean changed, Supplier<KpiRecord> kpis,
            GateLimits limits, double riskPerTrade) {
        if (limits == null) {
            throw new IllegalArgumentException("limits must not be null");
        }
        if (verdict == null) {
            throw new IllegalArgumentException("verdict must not be null");
        }
        if (!changed && lastVerdict != null && t - lastEmitTs < limits.heartbeatMs()) {
            return Optional.empty();
        }
        return offer(t, verdict, kpis.get(), limits, riskPerTrade);
    }

    private Optional<GateDecision> offer(long t, GateVerdict verdict, KpiRecord kpis, long heartbeat, long ttl,
            double riskPerTrade, GateLimits limits) {
        if (verdict == null) {
            throw new IllegalArgumentException("verdict must not be null");
        }
        if (kpis == null) {
            throw new IllegalArgumentException("kpis must not be null");
        }
        if (t < 0 || t > MAX_TS) {
            throw new IllegalArgumentException("t must be in [0, " + MAX_TS + "] ms, got " + t);
        }
        // Only the verdict is compared: new KPIs alone wait for the heartbeat. If the clock goes back, a
        // change is still sent (earlier ts, higher seq, which consumers keep).
        boolean changed = lastVerdict == null || !lastVerdict.equals(verdict);
        if (!changed && t - lastEmitTs < heartbeat) {
            return Optional.empty();
        }
        lastVerdict = verdict;
        lastSeq = Math.max(lastSeq + 1, t * SEQS_PER_MS);
        lastEmitTs = t;
        // Read only when a decision goes out: the per-symbol lookup is the settings' map, not a field.
        Double orderNotional = limits == null ? null : limits.config().decimal(ConfigKey.MAX_ORDER_NOTIONAL, symbol);
        return Optional.of(verdict.toDecision(symbol, t, lastSeq, t + ttl, kpis, riskPerTrade, orderNotional));
    }

    /** When the next heartbeat is due: the last emit time plus the heartbeat; empty before the first decision. */
    public OptionalLong nextHeartbeatAt() {
        return lastVerdict == null ? OptionalLong.empty() : OptionalLong.of(lastEmitTs + heartbeatMs);
    }

    /** The verdict of the last decision sent, or null before the first. */
    public GateVerdict lastVerdict() {
        return lastVerdict;
    }

    /** The seq of the last decision sent, 0 before the first. */
    public long lastSeq() {
        return lastSeq;
    }

    /**
     * What a sequencer has sent: enough to carry on the heartbeat and the seq.
     *
     * @param lastVerdict the verdict of the last decision sent, or null before the first
     * @param lastSeq the seq of the last decision sent, 0 before the first
     * @param lastEmitTs the ts of the last decision sent, 0 before the first
     */
    public record State(GateVerdict lastVerdict, long lastSeq, long lastEmitTs) {

        /** Nothing sent yet. */
        public static final State INITIAL = new State(null, 0, 0);

        public State {
            if (lastSeq < 0) {
                throw new IllegalArgumentException("lastSeq must not be negative, got " + lastSeq);
            }
            if (lastVerdict == null && lastSeq != 0) {
                throw new IllegalArgumentException("lastSeq must be 0 before the first verdict, got " + lastSeq);
            }
        }
    }
}

package io.canarykit.operators.gate;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import java.util.Optional;
import java.util.OptionalLong;

/** Turns one symbol's verdicts into decision records: on every change, and as a heartbeat otherwise. */
public final class DecisionSequencer {

    private final String symbol;
    private final long heartbeatMs;
    private final long ttlMs;
    private GateVerdict lastVerdict;
    private long lastSeq;
    private long lastEmitTs;

    public DecisionSequencer(String symbol, GateLimits limits) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("symbol must not be blank");
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits must not be null");
        }
        this.symbol = symbol;
        this.heartbeatMs = limits.heartbeatMs();
        this.ttlMs = limits.decisionTtlMs();
    }

    /** The decision to send at {@code t} for {@code verdict}, if it changed or a heartbeat is due. */
    public Optional<GateDecision> offer(long t, GateVerdict verdict, KpiRecord kpis) {
        if (verdict == null) {
            throw new IllegalArgumentException("verdict must not be null");
        }
        if (kpis == null) {
            throw new IllegalArgumentException("kpis must not be null");
        }
        // Only the verdict is compared: new KPIs alone wait for the heartbeat. If the clock goes back, a
        // change is still sent (earlier ts, higher seq, which consumers keep).
        boolean changed = lastVerdict == null || !lastVerdict.equals(verdict);
        if (!changed && !heartbeatDue(t)) {
            return Optional.empty();
        }
        lastVerdict = verdict;
        lastSeq++;
        lastEmitTs = t;
        return Optional.of(verdict.toDecision(symbol, t, lastSeq, t + ttlMs, kpis));
    }

    /** When the next heartbeat is due: the last emit time plus the heartbeat; empty before the first decision. */
    public OptionalLong nextHeartbeatAt() {
        return lastVerdict == null ? OptionalLong.empty() : OptionalLong.of(lastEmitTs + heartbeatMs);
    }

    /** The seq of the last decision sent, 0 before the first. */
    public long lastSeq() {
        return lastSeq;
    }

    private boolean heartbeatDue(long t) {
        return t - lastEmitTs >= heartbeatMs;
    }
}

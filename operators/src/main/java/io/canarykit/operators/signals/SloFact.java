package io.canarykit.operators.signals;

/**
 * One deduplicated order fact that the SLO window counts: a placement, a failure (rejected or
 * error), an ack with its {@code place_ms}, or a fill with its notional and slippage (null when the
 * arrival mid is unknown).
 */
public record SloFact(Kind kind, long ts, double placeMs, double notional, Double slippageBps) {

    /** What the fact counts towards. */
    public enum Kind {
        PLACED,
        FAILED,
        ACKED,
        FILL
    }

    public SloFact {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required but not provided");
        }
        if (kind == Kind.ACKED && !(Double.isFinite(placeMs) && placeMs >= 0)) {
            throw new IllegalArgumentException("placeMs must be finite and non-negative, got " + placeMs);
        }
        if (kind == Kind.FILL && !(Double.isFinite(notional) && notional >= 0)) {
            throw new IllegalArgumentException("notional must be finite and non-negative, got " + notional);
        }
        if (slippageBps != null && !Double.isFinite(slippageBps)) {
            throw new IllegalArgumentException("slippageBps must be finite or null, got " + slippageBps);
        }
    }

    public static SloFact placed(long ts) {
        return new SloFact(Kind.PLACED, ts, 0.0, 0.0, null);
    }

    public static SloFact failed(long ts) {
        return new SloFact(Kind.FAILED, ts, 0.0, 0.0, null);
    }

    public static SloFact acked(long ts, double placeMs) {
        return new SloFact(Kind.ACKED, ts, placeMs, 0.0, null);
    }

    public static SloFact fill(long ts, double notional, Double slippageBps) {
        return new SloFact(Kind.FILL, ts, 0.0, notional, slippageBps);
    }

    /** True for a fill that weighs in the slippage mean: its slippage is known and its notional is positive. */
    boolean weighsInSlippage() {
        return kind == Kind.FILL && slippageBps != null && notional > 0;
    }
}

package io.canarykit.operators.signals;

import io.canarykit.operators.window.EventTimeWindow;

/**
 * The order SLO signals of one population of orders (all orders of a symbol, or the challenger's
 * only) over the sliding event-time window {@code (t - W, t]}.
 *
 * <p>Every aggregate is kept incrementally: a fact is added once when recorded and taken back once
 * when it leaves the window, so no call rescans the window.
 */
public final class SloWindow {

    public static final long DEFAULT_WINDOW_MS = 15 * 60 * 1000L;
    public static final int DEFAULT_MIN_SAMPLES = 20;
    public static final double PLACE_MS_QUANTILE = 0.95;

    private static final long NO_TIME = Long.MIN_VALUE;

    private final int minSamples;
    private final EventTimeWindow<SloFact> facts;
    private final SlidingPercentile placeMs = new SlidingPercentile();
    private final CompensatedSum slippageTimesNotional = new CompensatedSum();
    private final CompensatedSum slippageNotional = new CompensatedSum();
    private long placed;
    private long failures;
    private long fills;
    private long slippageFills;
    private long now = NO_TIME;

    public SloWindow(long windowMs, int minSamples) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException("windowMs must be positive, got " + windowMs);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, got " + minSamples);
        }
        this.minSamples = minSamples;
        this.facts = new EventTimeWindow<>(windowMs);
    }

    /** A window of the contract's defaults: 15 minutes, 20 samples. */
    public static SloWindow withDefaults() {
        return new SloWindow(DEFAULT_WINDOW_MS, DEFAULT_MIN_SAMPLES);
    }

    /**
     * Counts {@code fact} and returns true, or returns false when it is already outside the window
     * ({@code ts <= now - W}); a fact after the window's time first moves the window to its ts.
     */
    public boolean record(SloFact fact) {
        if (fact == null) {
            throw new IllegalArgumentException("fact is required but not provided");
        }
        if (now != NO_TIME && fact.ts() <= now - facts.lengthMs()) {
            return false;
        }
        if (now == NO_TIME || fact.ts() > now) {
            advanceTo(fact.ts());
        }
        facts.add(fact.ts(), fact);
        switch (fact.kind()) {
            case PLACED -> placed++;
            case FAILED -> failures++;
            case ACKED -> placeMs.add(fact.placeMs());
            case FILL -> addFill(fact);
        }
        return true;
    }

    /**
     * Moves the window to {@code (t - W, t]}, dropping the facts at or before {@code t - W}; a
     * {@code t} before the window's time leaves it where it is (the window never moves back).
     */
    public void advanceTo(long t) {
        if (now != NO_TIME && t < now) {
            return;
        }
        now = t;
        facts.advanceTo(t, this::forget);
    }

    /** The nearest-rank 95th percentile of the acks' place_ms, or null with fewer than the minimum acks. */
    public Double p95PlaceMs() {
        return acked() < minSamples ? null : placeMs.quantile(PLACE_MS_QUANTILE);
    }

    /** (rejected + error) / placed, or null with fewer than the minimum placements. */
    public Double errorRate() {
        return placed < minSamples ? null : (double) failures / placed;
    }

    /** The notional-weighted mean slippage of the fills whose slippage is known, or null with none. */
    public Double slippageBps() {
        return slippageFills == 0 ? null : slippageTimesNotional.value() / slippageNotional.value();
    }

    /** The window's time t: the latest of the times advanced to and the facts recorded. */
    public long now() {
        return now;
    }

    public long windowMs() {
        return facts.lengthMs();
    }

    public int minSamples() {
        return minSamples;
    }

    public long placed() {
        return placed;
    }

    /** Rejected and error events in the window. */
    public long failures() {
        return failures;
    }

    public long acked() {
        return placeMs.size();
    }

    /** Every fill in the window, with or without a known slippage. */
    public long fills() {
        return fills;
    }

    /** The fills that weigh in {@link #slippageBps()}: known slippage and positive notional. */
    public long slippageFills() {
        return slippageFills;
    }

    private void addFill(SloFact fill) {
        fills++;
        if (fill.weighsInSlippage()) {
            slippageFills++;
            slippageTimesNotional.add(fill.notional() * fill.slippageBps());
            slippageNotional.add(fill.notional());
        }
    }

    private void forget(SloFact fact) {
        switch (fact.kind()) {
            case PLACED -> placed--;
            case FAILED -> failures--;
            case ACKED -> placeMs.remove(fact.placeMs());
            case FILL -> forgetFill(fact);
        }
    }

    private void forgetFill(SloFact fill) {
        fills--;
        if (!fill.weighsInSlippage()) {
            return;
        }
        slippageFills--;
        if (slippageFills == 0) {
            // An empty window starts again from exactly zero, so no rounding residue outlives it.
            slippageTimesNotional.reset();
            slippageNotional.reset();
        } else {
            slippageTimesNotional.add(-(fill.notional() * fill.slippageBps()));
            slippageNotional.add(-fill.notional());
        }
    }
}

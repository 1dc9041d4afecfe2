package io.canarykit.operators.signals;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.WindowLog;
import java.util.function.Consumer;

/**
 * The order SLO signals of one population of orders (all orders of a symbol, or the challenger's
 * only) over the sliding event-time window {@code (t - W, t]}.
 *
 * <p>Every aggregate is kept incrementally: a fact is added once when recorded and taken back once
 * when it leaves the window, so no call rescans the window.
 *
 * <p>In keyed state the facts live in a {@link WindowLog} of the caller's, the acks' place_ms in the
 * buckets of a {@link SlidingPercentile} in a {@link KeyValueStore} of the caller's, and the counts,
 * the sums and the percentile's bucket counts in {@link State}, whose size does not grow with the
 * window. The window is changed in place: restoring and {@link #state()} copy no array.
 */
public final class SloWindow {

    public static final double PLACE_MS_QUANTILE = 0.95;

    private static final long NO_TIME = Long.MIN_VALUE;

    private final int minSamples;
    private final WindowLog<SloFact> facts;
    private final SlidingPercentile placeMs;
    private final CompensatedSum slippageTimesNotional;
    private final CompensatedSum slippageNotional;
    private long placed;
    private long failures;
    private long fills;
    private long slippageFills;
    private long now;
    // Made once: a method reference made per advance was an allocation per event.
    private final Consumer<SloFact> forgetFact = this::forget;

    /**
     * The window's aggregate as keyed state holds it; each sum is kept with the low-order bits its
     * additions lost ({@code ...Error}), so a restored window rounds exactly as an uninterrupted one.
     */
    public record State(
            long now,
            long placed,
            long failures,
            long fills,
            long slippageFills,
            double slippageTimesNotional,
            double slippageTimesNotionalError,
            double slippageNotional,
            double slippageNotionalError,
            SlidingPercentile.State placeMs) {}

    /** An empty window whose facts and place_ms buckets are held on the heap. */
    public SloWindow(long windowMs, int minSamples) {
        this(checkedWindowMs(windowMs), minSamples, new EventTimeWindow<>(windowMs), emptyState(), KeyValueStore.onHeap());
    }

    private SloWindow(long windowMs, int minSamples, WindowLog<SloFact> facts, State state,
            KeyValueStore<Integer, SlidingPercentile.Bucket> placeMsBuckets) {
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, got " + minSamples);
        }
        if (facts == null) {
            throw new IllegalArgumentException("facts is required but not provided");
        }
        if (facts.lengthMs() != windowMs) {
            throw new IllegalArgumentException(
                    "facts must be a window of windowMs (" + windowMs + "), got one of " + facts.lengthMs());
        }
        if (placeMsBuckets == null) {
            throw new IllegalArgumentException("placeMsBuckets is required but not provided");
        }
        if (state == null) {
            throw new IllegalArgumentException("state is required but not provided");
        }
        if (state.placeMs() == null) {
            throw new IllegalArgumentException("state.placeMs is required but not provided");
        }
        this.minSamples = minSamples;
        this.facts = facts;
        this.placeMs = SlidingPercentile.restore(state.placeMs(), placeMsBuckets);
        this.slippageTimesNotional = new CompensatedSum(state.slippageTimesNotional(), state.slippageTimesNotionalError());
        this.slippageNotional = new CompensatedSum(state.slippageNotional(), state.slippageNotionalError());
        this.placed = state.placed();
        this.failures = state.failures();
        this.fills = state.fills();
        this.slippageFills = state.slippageFills();
        this.now = state.now();
    }

    /**
     * An empty window whose facts go to the caller's {@code facts}, a log of length {@code windowMs},
     * and whose acks' place_ms go to the caller's {@code placeMsBuckets}, an empty store.
     */
    public static SloWindow create(long windowMs, int minSamples, WindowLog<SloFact> facts,
            KeyValueStore<Integer, SlidingPercentile.Bucket> placeMsBuckets) {
        return new SloWindow(checkedWindowMs(windowMs), minSamples, facts, emptyState(), placeMsBuckets);
    }

    /**
     * The window that {@code state}, {@code facts} and {@code placeMsBuckets} describe, as {@link #state()}
     * left it; the state's percentile counts are taken over and changed in place, not copied.
     */
    public static SloWindow restore(long windowMs, int minSamples, State state, WindowLog<SloFact> facts,
            KeyValueStore<Integer, SlidingPercentile.Bucket> placeMsBuckets) {
        return new SloWindow(checkedWindowMs(windowMs), minSamples, facts, state, placeMsBuckets);
    }

    /**
     * The aggregate for keyed state; it shares the percentile's counts with this window rather than
     * copying them, so the holder stores it as it is and does not keep it as a picture of the past.
     */
    public State state() {
        return new State(now, placed, failures, fills, slippageFills,
                slippageTimesNotional.sum(), slippageTimesNotional.compensation(),
                slippageNotional.sum(), slippageNotional.compensation(),
                placeMs.state());
    }

    /** A window of the contract's defaults: 15 minutes, 20 samples. */
    public static SloWindow withDefaults() {
        return new SloWindow(KitConfig.defaults().sloWindowMs(), KitConfig.defaults().sloMinSamples());
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
        facts.advanceTo(t, forgetFact);
    }

    /** The nearest-rank 95th percentile of the acks' place_ms, or null with fewer than the minimum acks. */
    public Double p95PlaceMs() {
        return p95PlaceMs(minSamples);
    }

    /**
     * As {@link #p95PlaceMs()}, with the minimum in force now: {@code set_limits} may change it either
     * way, and the window holds every ack whatever the minimum, so no sample is lost by raising it.
     */
    public Double p95PlaceMs(long minAcked) {
        // An empty window has no percentile whatever the minimum says.
        return acked() == 0 || acked() < minAcked ? null : placeMs.quantile(PLACE_MS_QUANTILE);
    }

    /** (rejected + error) / placed, or null with fewer than the minimum placements. */
    public Double errorRate() {
        return errorRate(minSamples);
    }

    /** As {@link #errorRate()}, with the minimum in force now (see {@link #p95PlaceMs(long)}). */
    public Double errorRate(long minPlaced) {
        return placed == 0 || placed < minPlaced ? null : (double) failures / placed;
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

    private static long checkedWindowMs(long windowMs) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException("windowMs must be positive, got " + windowMs);
        }
        return windowMs;
    }

    private static State emptyState() {
        return new State(NO_TIME, 0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, SlidingPercentile.State.empty());
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

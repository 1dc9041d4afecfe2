package io.canarykit.operators.signals;

import io.canarykit.config.KitConfig;
import io.canarykit.schema.MarketQuote;
import java.util.Objects;

/** The latest quote of a symbol's primary and reference feeds, and the dislocation and staleness read from them. */
public final class FeedMonitor {


    private final long freshnessMs;
    // Kept in place: on the heap backend this is the object keyed state holds, so nothing is copied per quote.
    private final State state;

    /** The monitor's state for keyed state: each feed's latest quote time and mid, if it has quoted. */
    public static final class State {

        // Public and mutable for Flink's POJO serializer and for updating in place; read through the accessors.
        public boolean hasPrimary;
        public long primaryTs;
        public double primaryMid;
        public boolean hasReference;
        public long referenceTs;
        public double referenceMid;

        /** The state of a monitor that has seen no quote; Flink's serializer also starts here and sets every field. */
        public State() {}

        public State(boolean hasPrimary, long primaryTs, double primaryMid,
                boolean hasReference, long referenceTs, double referenceMid) {
            this.hasPrimary = hasPrimary;
            this.primaryTs = primaryTs;
            this.primaryMid = primaryMid;
            this.hasReference = hasReference;
            this.referenceTs = referenceTs;
            this.referenceMid = referenceMid;
        }

        public boolean hasPrimary() {
            return hasPrimary;
        }

        public long primaryTs() {
            return primaryTs;
        }

        public double primaryMid() {
            return primaryMid;
        }

        public boolean hasReference() {
            return hasReference;
        }

        public long referenceTs() {
            return referenceTs;
        }

        public double referenceMid() {
            return referenceMid;
        }

        // Double.compare, as Double.equals compares: a state then equals its serialized copy, even with a NaN mid.
        @Override
        public boolean equals(Object o) {
            return o instanceof State other
                    && hasPrimary == other.hasPrimary && primaryTs == other.primaryTs
                    && Double.compare(primaryMid, other.primaryMid) == 0
                    && hasReference == other.hasReference && referenceTs == other.referenceTs
                    && Double.compare(referenceMid, other.referenceMid) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(hasPrimary, primaryTs, primaryMid, hasReference, referenceTs, referenceMid);
        }

        @Override
        public String toString() {
            return "FeedMonitor.State[hasPrimary=" + hasPrimary + ", primaryTs=" + primaryTs + ", primaryMid="
                    + primaryMid + ", hasReference=" + hasReference + ", referenceTs=" + referenceTs
                    + ", referenceMid=" + referenceMid + "]";
        }
    }

    /** A monitor with the default freshness bound (1000 ms). */
    public FeedMonitor() {
        this(KitConfig.defaults().feedFreshnessMs());
    }

    public FeedMonitor(long freshnessMs) {
        this(freshnessMs, new State());
    }

    private FeedMonitor(long freshnessMs, State state) {
        if (freshnessMs < 0) {
            throw new IllegalArgumentException("freshnessMs must not be negative, got " + freshnessMs);
        }
        this.freshnessMs = freshnessMs;
        this.state = state;
    }

    /**
     * The monitor that {@code state} was taken from, with the same freshness bound.
     * After restore, {@code state} belongs to the monitor, which updates it rather than a copy.
     */
    public static FeedMonitor restore(long freshnessMs, State state) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        return new FeedMonitor(freshnessMs, state);
    }

    /** The monitor's own state, not a copy: it keeps changing with the monitor. */
    public State state() {
        return state;
    }

    /**
     * Whether {@code quote} is usable: a feed, finite bid and ask, {@code 0 <= bid <= ask} and a
     * positive, finite mid; {@link #add} throws on any other quote, so the job sends it to the DLQ instead.
     */
    public static boolean accepts(MarketQuote quote) {
        return problemWith(quote) == null;
    }

    /** Takes {@code quote} as its feed's latest unless the feed holds one with a higher ts; says whether it did. */
    public boolean add(MarketQuote quote) {
        String problem = problemWith(quote);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        double mid = quote.mid();
        State s = state;
        switch (quote.feed()) {
            case PRIMARY -> {
                // Latest means highest ts; on a tie the quote applied last is the feed's later word.
                if (s.hasPrimary && quote.ts() < s.primaryTs) {
                    return false;
                }
                s.hasPrimary = true;
                s.primaryTs = quote.ts();
                s.primaryMid = mid;
            }
            case REFERENCE -> {
                if (s.hasReference && quote.ts() < s.referenceTs) {
                    return false;
                }
                s.hasReference = true;
                s.referenceTs = quote.ts();
                s.referenceMid = mid;
            }
        }
        return true;
    }

    /** {@code abs(mid_primary - mid_reference) / mid_reference * 1e4} at {@code t}, null without two fresh quotes. */
    public Double dislocationBps(long t) {
        State s = state;
        if (!s.hasPrimary || !s.hasReference || !fresh(s.primaryTs, t) || !fresh(s.referenceTs, t)) {
            return null;
        }
        return Math.abs(s.primaryMid - s.referenceMid) / s.referenceMid * 1e4;
    }

    /**
     * Whether the reference feed has a quote at most the freshness bound old at {@code t}: without
     * one the dislocation cannot be checked, so the gate fails closed ({@code reference_stale}).
     */
    public boolean referenceFresh(long t) {
        return state.hasReference && fresh(state.referenceTs, t);
    }

    /** {@code (t - ts of the latest primary quote) / 1000}, null (stale to the gate) before the first one. */
    public Double staleSeconds(long t) {
        if (!state.hasPrimary) {
            return null;
        }
        return (t - state.primaryTs) / 1000.0;
    }

    /** The mid of the latest primary quote, or null when there is none. */
    public Double primaryMid() {
        return state.hasPrimary ? state.primaryMid : null;
    }

    /** The {@code ts} of the latest primary quote, or null when there is none. */
    public Long primaryTs() {
        return state.hasPrimary ? state.primaryTs : null;
    }

    public long freshnessMs() {
        return freshnessMs;
    }

    // Exactly freshnessMs old still counts, as the stale gate fires only above 1 s; a quote stamped
    // after t (clock skew) is fresh.
    private boolean fresh(long quoteTs, long t) {
        return t - quoteTs <= freshnessMs;
    }

    /** What makes {@code quote} unusable, or null when nothing does. */
    private static String problemWith(MarketQuote quote) {
        if (quote == null) {
            return "quote must not be null";
        }
        if (quote.feed() == null) {
            return "quote.feed must not be null";
        }
        double bid = quote.bid();
        double ask = quote.ask();
        if (!Double.isFinite(bid) || !Double.isFinite(ask) || bid < 0 || ask < 0) {
            return "quote.bid and quote.ask must be finite and not negative, got " + bid + " / " + ask;
        }
        if (bid > ask) {
            return "quote.bid must not exceed quote.ask, got " + bid + " > " + ask;
        }
        // A zero mid would divide the dislocation by zero; such a quote carries no price at all. Two
        // finite prices near Double.MAX_VALUE still overflow their sum, and an infinite mid is no price.
        double mid = quote.mid();
        if (!(mid > 0) || !Double.isFinite(mid)) {
            return "quote mid must be positive and finite, got bid " + bid + " ask " + ask;
        }
        return null;
    }
}

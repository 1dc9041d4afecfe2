package io.canarykit.operators.signals;

import io.canarykit.schema.MarketQuote;

/** The latest quote of a symbol's primary and reference feeds, and the dislocation and staleness read from them. */
public final class FeedMonitor {

    public static final long DEFAULT_FRESHNESS_MS = 1_000;

    private final long freshnessMs;
    private boolean hasPrimary;
    private long primaryTs;
    private double primaryMid;
    private boolean hasReference;
    private long referenceTs;
    private double referenceMid;

    /** The monitor's state for keyed state: each feed's latest quote time and mid, if it has quoted. */
    public record State(
            boolean hasPrimary, long primaryTs, double primaryMid,
            boolean hasReference, long referenceTs, double referenceMid) {}

    /** A monitor with the default freshness bound (1000 ms). */
    public FeedMonitor() {
        this(DEFAULT_FRESHNESS_MS);
    }

    public FeedMonitor(long freshnessMs) {
        if (freshnessMs < 0) {
            throw new IllegalArgumentException("freshnessMs must not be negative, got " + freshnessMs);
        }
        this.freshnessMs = freshnessMs;
    }

    /** The monitor that {@code state} was taken from, with the same freshness bound. */
    public static FeedMonitor restore(long freshnessMs, State state) {
        FeedMonitor monitor = new FeedMonitor(freshnessMs);
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        monitor.hasPrimary = state.hasPrimary();
        monitor.primaryTs = state.primaryTs();
        monitor.primaryMid = state.primaryMid();
        monitor.hasReference = state.hasReference();
        monitor.referenceTs = state.referenceTs();
        monitor.referenceMid = state.referenceMid();
        return monitor;
    }

    /** A copy of the state. */
    public State state() {
        return new State(hasPrimary, primaryTs, primaryMid, hasReference, referenceTs, referenceMid);
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
        switch (quote.feed()) {
            case PRIMARY -> {
                // Latest means highest ts; on a tie the quote applied last is the feed's later word.
                if (hasPrimary && quote.ts() < primaryTs) {
                    return false;
                }
                hasPrimary = true;
                primaryTs = quote.ts();
                primaryMid = mid;
            }
            case REFERENCE -> {
                if (hasReference && quote.ts() < referenceTs) {
                    return false;
                }
                hasReference = true;
                referenceTs = quote.ts();
                referenceMid = mid;
            }
        }
        return true;
    }

    /** {@code abs(mid_primary - mid_reference) / mid_reference * 1e4} at {@code t}, null without two fresh quotes. */
    public Double dislocationBps(long t) {
        if (!hasPrimary || !hasReference || !fresh(primaryTs, t) || !fresh(referenceTs, t)) {
            return null;
        }
        return Math.abs(primaryMid - referenceMid) / referenceMid * 1e4;
    }

    /** {@code (t - ts of the latest primary quote) / 1000}, null (stale to the gate) before the first one. */
    public Double staleSeconds(long t) {
        if (!hasPrimary) {
            return null;
        }
        return (t - primaryTs) / 1000.0;
    }

    /** The mid of the latest primary quote, or null when there is none. */
    public Double primaryMid() {
        return hasPrimary ? primaryMid : null;
    }

    /** The {@code ts} of the latest primary quote, or null when there is none. */
    public Long primaryTs() {
        return hasPrimary ? primaryTs : null;
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

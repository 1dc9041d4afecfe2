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

    /** Takes {@code quote} as its feed's latest unless the feed holds one with a higher ts; says whether it did. */
    public boolean add(MarketQuote quote) {
        checkQuote(quote);
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

    private static void checkQuote(MarketQuote quote) {
        if (quote == null) {
            throw new IllegalArgumentException("quote must not be null");
        }
        if (quote.feed() == null) {
            throw new IllegalArgumentException("quote.feed must not be null");
        }
        double bid = quote.bid();
        double ask = quote.ask();
        if (!Double.isFinite(bid) || !Double.isFinite(ask) || bid < 0 || ask < 0) {
            throw new IllegalArgumentException("quote.bid and quote.ask must be finite and not negative, got "
                    + bid + " / " + ask);
        }
        if (bid > ask) {
            throw new IllegalArgumentException("quote.bid must not exceed quote.ask, got " + bid + " > " + ask);
        }
        // A zero mid would divide the dislocation by zero; such a quote carries no price at all.
        if (quote.mid() <= 0) {
            throw new IllegalArgumentException("quote mid must be positive, got bid " + bid + " ask " + ask);
        }
    }
}

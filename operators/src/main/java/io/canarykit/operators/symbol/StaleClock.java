package io.canarykit.operators.symbol;

import io.canarykit.operators.signals.FeedMonitor;

/**
 * The clock that {@code data_stale_seconds} is read against. Live it is processing time and the
 * newest primary quote received, whether or not the watermark has released it yet, so staleness
 * measures the feed and not the job's wait for out-of-order events. In replay it is event time and
 * the newest primary quote applied.
 *
 * @param now the job clock in epoch milliseconds
 * @param live whether {@code now} is processing time
 * @param primaryReceivedTs live only: the newest primary quote's timestamp received, or null
 */
public record StaleClock(long now, boolean live, Long primaryReceivedTs) {

    public static StaleClock replay(long t) {
        return new StaleClock(t, false, null);
    }

    public static StaleClock live(long now, Long primaryReceivedTs) {
        return new StaleClock(now, true, primaryReceivedTs);
    }

    /**
     * {@code data_stale_seconds} at event time {@code t}: in replay {@code feed}'s own, live the age of
     * the newest primary quote received.
     */
    Double staleSeconds(FeedMonitor feed, long t) {
        if (!live) {
            return feed.staleSeconds(t);
        }
        return primaryReceivedTs == null ? null : (now - primaryReceivedTs) / 1000.0;
    }
}

package io.canarykit.cli.demo.desk;

import java.util.ArrayDeque;

/**
 * Decides which of a symbol's champion vectors carry a {@link FeatureDrift}, so that the share of
 * drifted vectors among those sent in the last window follows the drift's share: drifted while
 * the window's share is below it, healthy otherwise (within half a vector). The job computes PSI over the same window,
 * so its PSI follows the share, however long the desk ran healthy before.
 */
final class DriftMixer {

    private final long windowMs;
    private final ArrayDeque<Long> sent = new ArrayDeque<>();
    private final ArrayDeque<Long> drifted = new ArrayDeque<>();

    /** @param windowMs the job's PSI window */
    DriftMixer(long windowMs) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException("windowMs must be positive, got " + windowMs);
        }
        this.windowMs = windowMs;
    }

    /** Whether the vector sent at {@code ts} drifts, under a drift (null: none); remembers the answer. */
    boolean next(long ts, FeatureDrift drift) {
        evict(ts - windowMs);
        // Drift when that brings the window's share closer to the target than not drifting would.
        boolean drifts = drift != null && drifted.size() + 0.5 < drift.share() * (sent.size() + 1);
        sent.addLast(ts);
        if (drifts) {
            drifted.addLast(ts);
        }
        return drifts;
    }

    /** The share of drifted vectors among those sent in {@code (now - windowMs, now]}. */
    double share(long now) {
        evict(now - windowMs);
        return sent.isEmpty() ? 0 : (double) drifted.size() / sent.size();
    }

    // A vector at exactly t - W is out of the job's window, so it leaves here too.
    private void evict(long cutoff) {
        while (!sent.isEmpty() && sent.peekFirst() <= cutoff) {
            sent.pollFirst();
        }
        while (!drifted.isEmpty() && drifted.peekFirst() <= cutoff) {
            drifted.pollFirst();
        }
    }
}

package io.canarykit.operators.signals;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The orders of one symbol that were placed and got no ack, rejection or error within the timeout:
 * how many are orphans now, and how many ever became one.
 *
 * <p>Unanswered placements wait in a set ordered by placement time; advancing the clock moves the
 * ones past the timeout into the orphan set, and an answer removes the order from whichever set
 * holds it. Each step costs O(log n) and nothing is rescanned.
 */
public final class OrphanTracker {

    public static final long DEFAULT_TIMEOUT_MS = 5_000L;
    public static final long DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000L;

    private static final long NO_TIME = Long.MIN_VALUE;

    private final long timeoutMs;
    private final long retentionMs;
    private final Map<String, Long> placedAt = new HashMap<>();
    private final TreeSet<Placement> waiting = new TreeSet<>();
    private final TreeSet<Placement> orphans = new TreeSet<>();
    private long totalOrphans;
    private long now = NO_TIME;

    /**
     * Orders unanswered for more than {@code timeoutMs} are orphans; one still unanswered
     * {@code retentionMs} after its placement is dropped, so state stays bounded.
     */
    public OrphanTracker(long timeoutMs, long retentionMs) {
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeoutMs must not be negative, got " + timeoutMs);
        }
        if (retentionMs <= timeoutMs) {
            throw new IllegalArgumentException(
                    "retentionMs must be greater than timeoutMs (" + timeoutMs + "), got " + retentionMs);
        }
        this.timeoutMs = timeoutMs;
        this.retentionMs = retentionMs;
    }

    /** A tracker of the contract's 5 s timeout, dropping orders unanswered for a day. */
    public static OrphanTracker withDefaults() {
        return new OrphanTracker(DEFAULT_TIMEOUT_MS, DEFAULT_RETENTION_MS);
    }

    /** Starts the answer clock of {@code orderId} placed at {@code ts}; an order already waiting keeps its first clock. */
    public void placed(String orderId, long ts) {
        requireId(orderId);
        if (placedAt.putIfAbsent(orderId, ts) == null) {
            waiting.add(new Placement(ts, orderId));
        }
    }

    /**
     * The order got an answer, a fill or a cancel at {@code ts}: it is no longer waiting nor an
     * orphan. An answer later than the timeout counts in the total even if no clock step saw the
     * order waiting past it.
     */
    public void settled(String orderId, long ts) {
        requireId(orderId);
        Long placedTs = placedAt.remove(orderId);
        if (placedTs == null) {
            return;
        }
        Placement p = new Placement(placedTs, orderId);
        if (waiting.remove(p)) {
            if (ts - placedTs > timeoutMs) {
                totalOrphans++;
            }
        } else {
            orphans.remove(p);
        }
    }

    /**
     * Moves the clock to {@code t}: a placement at {@code p} still unanswered becomes an orphan when
     * {@code t - p > timeout} (exactly the timeout is not yet an orphan), and is dropped when
     * {@code t - p >= retention}. A {@code t} before the clock leaves it where it is.
     */
    public void advanceTo(long t) {
        if (now != NO_TIME && t < now) {
            return;
        }
        now = t;
        while (!waiting.isEmpty() && t - waiting.first().ts() > timeoutMs) {
            Placement p = waiting.pollFirst();
            orphans.add(p);
            totalOrphans++;
        }
        while (!orphans.isEmpty() && t - orphans.first().ts() >= retentionMs) {
            placedAt.remove(orphans.pollFirst().orderId());
        }
    }

    /** Orders currently past the timeout without an answer. */
    public int orphans() {
        return orphans.size();
    }

    /** Orders that ever became orphans, including the ones answered late since. */
    public long totalOrphans() {
        return totalOrphans;
    }

    /** Placements still inside the timeout, waiting for an answer. */
    public int waiting() {
        return waiting.size();
    }

    public long now() {
        return now;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    private static void requireId(String orderId) {
        if (orderId == null) {
            throw new IllegalArgumentException("orderId is required but not provided");
        }
    }

    /** A placement, ordered by time and then order id. */
    record Placement(long ts, String orderId) implements Comparable<Placement> {
        @Override
        public int compareTo(Placement o) {
            int c = Long.compare(ts, o.ts);
            return c != 0 ? c : orderId.compareTo(o.orderId);
        }
    }
}

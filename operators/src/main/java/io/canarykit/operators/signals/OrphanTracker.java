package io.canarykit.operators.signals;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.UtcDays;
import io.canarykit.operators.window.WindowLog;
import java.util.function.Consumer;

/**
 * The orders of one symbol that were placed and got no answer from the venue (acked, rejected,
 * error, fill or canceled) within the timeout: how many are orphans now, and how many became one
 * today (UTC).
 *
 * <p>An order becomes an orphan at {@code placed + timeout + 1} ms, and counts in the total of that
 * UTC day, whether a clock step saw it waiting or its answer came late; the total starts again at
 * zero when the clock enters a new day.
 *
 * <p>An unanswered placement sits in the waiting map and, by its placement time, in a log of length
 * {@code timeout + 1} ms, which hands it back as soon as {@code t - placed > timeout}; if the map
 * still holds it with that placement time past the timeout, it moves to the orphan map and to an
 * orphan log of length {@code retention}, which hands it back to be dropped. An answer removes the
 * order from its map only; the log entries it leaves behind find no match and are skipped. Each step
 * costs O(1) store entries plus what the logs hand back, and nothing is rescanned.
 */
public final class OrphanTracker {


    private static final long NO_TIME = Long.MIN_VALUE;

    private final long timeoutMs;
    private final long retentionMs;
    private final KeyValueStore<String, Long> waiting;
    private final KeyValueStore<String, Long> orphans;
    private final WindowLog<String> waitingLog;
    private final WindowLog<String> orphanLog;
    private int waitingCount;
    private int orphanCount;
    private long totalOrphans;
    private long totalDay;
    private long now;
    // Made once: a method reference made per advance was an allocation per event.
    private final Consumer<String> orphanIfUnanswered = this::orphanIfUnanswered;
    private final Consumer<String> dropIfRetentionOver = this::dropIfRetentionOver;

    /**
     * The tracker's aggregate as keyed state holds it: its clock, its counts, and the UTC day
     * (days since the epoch) that {@code totalOrphans} counts.
     */
    public record State(long now, int waiting, int orphans, long totalOrphans, long totalDay) {}

    /**
     * Orders unanswered for more than {@code timeoutMs} are orphans; one still unanswered
     * {@code retentionMs} after its placement is dropped, so state stays bounded.
     */
    public OrphanTracker(long timeoutMs, long retentionMs) {
        this(checkedTimeout(timeoutMs, retentionMs), retentionMs, emptyState(),
                KeyValueStore.onHeap(), KeyValueStore.onHeap(),
                new EventTimeWindow<>(waitingLogLengthMs(timeoutMs)), new EventTimeWindow<>(retentionMs));
    }

    private OrphanTracker(long timeoutMs, long retentionMs, State state,
            KeyValueStore<String, Long> waiting, KeyValueStore<String, Long> orphans,
            WindowLog<String> waitingLog, WindowLog<String> orphanLog) {
        checkedTimeout(timeoutMs, retentionMs);
        if (state == null) {
            throw new IllegalArgumentException("state is required but not provided");
        }
        if (state.waiting() < 0 || state.orphans() < 0 || state.totalOrphans() < 0) {
            throw new IllegalArgumentException("state counts must not be negative, got " + state);
        }
        if (waiting == null) {
            throw new IllegalArgumentException("waiting is required but not provided");
        }
        if (orphans == null) {
            throw new IllegalArgumentException("orphans is required but not provided");
        }
        this.timeoutMs = timeoutMs;
        this.retentionMs = retentionMs;
        this.waiting = waiting;
        this.orphans = orphans;
        this.waitingLog = checkedLog(waitingLog, "waitingLog", waitingLogLengthMs(timeoutMs), "timeoutMs + 1");
        this.orphanLog = checkedLog(orphanLog, "orphanLog", retentionMs, "retentionMs");
        this.waitingCount = state.waiting();
        this.orphanCount = state.orphans();
        this.totalOrphans = state.totalOrphans();
        this.totalDay = state.totalDay();
        this.now = state.now();
    }

    /** A tracker of the contract's 5 s timeout, dropping orders unanswered for a day. */
    public static OrphanTracker withDefaults() {
        return new OrphanTracker(KitConfig.defaults().orphanTimeoutMs(), OrderTracker.OPEN_ORDER_RETENTION_MS);
    }

    /**
     * An empty tracker keeping its orders in the caller's stores: {@code waitingLog} a log of
     * length {@link #waitingLogLengthMs waitingLogLengthMs(timeoutMs)}, {@code orphanLog} one of
     * length {@code retentionMs}.
     */
    public static OrphanTracker create(long timeoutMs, long retentionMs,
            KeyValueStore<String, Long> waiting, KeyValueStore<String, Long> orphans,
            WindowLog<String> waitingLog, WindowLog<String> orphanLog) {
        return new OrphanTracker(timeoutMs, retentionMs, emptyState(), waiting, orphans, waitingLog, orphanLog);
    }

    /** The tracker that {@code state} and the stores describe, as {@link #state()} left it. */
    public static OrphanTracker restore(long timeoutMs, long retentionMs, State state,
            KeyValueStore<String, Long> waiting, KeyValueStore<String, Long> orphans,
            WindowLog<String> waitingLog, WindowLog<String> orphanLog) {
        return new OrphanTracker(timeoutMs, retentionMs, state, waiting, orphans, waitingLog, orphanLog);
    }

    /**
     * The length of the waiting log: a log drops {@code ts <= t - W}, and an order is an orphan
     * once {@code t - placed > timeout}, that is {@code placed <= t - (timeout + 1)} in whole ms.
     */
    public static long waitingLogLengthMs(long timeoutMs) {
        return timeoutMs + 1;
    }

    /** A copy of the aggregate. */
    public State state() {
        return new State(now, waitingCount, orphanCount, totalOrphans, totalDay);
    }

    /** Starts the answer clock of {@code orderId} placed at {@code ts}; an order already waiting keeps its first clock. */
    public void placed(String orderId, long ts) {
        requireId(orderId);
        if (waiting.contains(orderId) || orphans.contains(orderId)) {
            return;
        }
        waiting.put(orderId, ts);
        waitingCount++;
        waitingLog.add(ts, orderId);
    }

    /**
     * The venue answered the order at {@code ts} (acked, rejected, error, fill or canceled): it is no
     * longer waiting nor an orphan. An answer later than the timeout counts in the total even if no
     * clock step saw the order waiting past it.
     */
    public void settled(String orderId, long ts) {
        requireId(orderId);
        Long placedTs = waiting.get(orderId);
        if (placedTs != null) {
            waiting.remove(orderId);
            waitingCount--;
            if (ts - placedTs > timeoutMs) {
                countOrphan(placedTs);
            }
        } else if (orphans.contains(orderId)) {
            orphans.remove(orderId);
            orphanCount--;
        }
    }

    /**
     * Moves the clock to {@code t}: a placement at {@code p} still unanswered becomes an orphan when
     * {@code t - p > timeout} (exactly the timeout is not yet an orphan), and is dropped when
     * {@code t - p >= retention}; in a new UTC day the total starts again. A {@code t} before the
     * clock leaves it where it is.
     */
    public void advanceTo(long t) {
        if (now != NO_TIME && t < now) {
            return;
        }
        now = t;
        startDay(UtcDays.dayOf(t));
        // Orphans first, so that one already past its retention is dropped in this same step.
        waitingLog.advanceTo(t, orphanIfUnanswered);
        orphanLog.advanceTo(t, dropIfRetentionOver);
    }

    /** Orders currently past the timeout without an answer. */
    public int orphans() {
        return orphanCount;
    }

    /** Orders that became orphans in the current UTC day, including the ones answered late since. */
    public long totalOrphans() {
        return totalOrphans;
    }

    /** The time at which an order placed at {@code placedTs} and still unanswered becomes an orphan. */
    private long orphanedAt(long placedTs) {
        return placedTs + timeoutMs + 1;
    }

    /** Placements still inside the timeout, waiting for an answer. */
    public int waiting() {
        return waitingCount;
    }

    public long now() {
        return now;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    /** Moves an order that the waiting log handed back to the orphans, if it is still unanswered past the timeout. */
    private void orphanIfUnanswered(String orderId) {
        Long placedTs = waiting.get(orderId);
        // A stale entry: the order was answered, or placed again later after an answer.
        if (placedTs == null || now - placedTs <= timeoutMs) {
            return;
        }
        waiting.remove(orderId);
        waitingCount--;
        orphans.put(orderId, placedTs);
        orphanCount++;
        countOrphan(placedTs);
        orphanLog.add(placedTs, orderId);
    }

    /**
     * Counts an order placed at {@code placedTs} in the total of the UTC day it became an orphan in:
     * a day already behind the total's is over and not counted again; a later day starts a new total
     * (an answer may reach that day before the clock does).
     */
    private void countOrphan(long placedTs) {
        long day = UtcDays.dayOf(orphanedAt(placedTs));
        if (day < totalDay) {
            return;
        }
        startDay(day);
        totalOrphans++;
    }

    private void startDay(long day) {
        if (day > totalDay) {
            totalDay = day;
            totalOrphans = 0;
        }
    }

    /** Drops an orphan that the orphan log handed back, if its retention has run out. */
    private void dropIfRetentionOver(String orderId) {
        Long placedTs = orphans.get(orderId);
        if (placedTs != null && now - placedTs >= retentionMs) {
            orphans.remove(orderId);
            orphanCount--;
        }
    }

    private static long checkedTimeout(long timeoutMs, long retentionMs) {
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeoutMs must not be negative, got " + timeoutMs);
        }
        if (retentionMs <= timeoutMs) {
            throw new IllegalArgumentException(
                    "retentionMs must be greater than timeoutMs (" + timeoutMs + "), got " + retentionMs);
        }
        return timeoutMs;
    }

    private static WindowLog<String> checkedLog(WindowLog<String> log, String name, long lengthMs, String lengthName) {
        if (log == null) {
            throw new IllegalArgumentException(name + " is required but not provided");
        }
        if (log.lengthMs() != lengthMs) {
            throw new IllegalArgumentException(name + " must be a log of " + lengthName + " (" + lengthMs
                    + " ms), got one of " + log.lengthMs());
        }
        return log;
    }

    private static State emptyState() {
        return new State(NO_TIME, 0, 0, 0, NO_TIME);
    }

    private static void requireId(String orderId) {
        if (orderId == null) {
            throw new IllegalArgumentException("orderId is required but not provided");
        }
    }
}

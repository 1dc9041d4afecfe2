package io.canarykit.operators.symbol;

/**
 * When a KPI record is due without a change: at the first evaluation in each interval of the clock,
 * counted from the epoch. Aligned intervals keep records at most one per interval and at least one
 * in every interval that has input, and replays place them alike whatever else was sent.
 */
public final class KpiCadence {

    /** The last-sent time before any record was sent. */
    public static final long NEVER = Long.MIN_VALUE;

    private KpiCadence() {}

    /** Whether a record at {@code t} is due after one sent at {@code lastSentTs} ({@link #NEVER} for none). */
    public static boolean due(long lastSentTs, long t, long intervalMs) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("intervalMs must be positive, got " + intervalMs);
        }
        return lastSentTs == NEVER || Math.floorDiv(t, intervalMs) > Math.floorDiv(lastSentTs, intervalMs);
    }
}

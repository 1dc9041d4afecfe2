package io.canarykit.operators.window;

/**
 * The UTC day of a timestamp, as every daily count, reset and clean-up of the job reads it: day
 * {@code d} runs from {@code d * 86,400,000} ms since the epoch to the next day's start.
 */
public final class UtcDays {

    public static final long DAY_MS = 86_400_000L;

    private UtcDays() {}

    /** The day {@code ts} falls on. */
    public static long dayOf(long ts) {
        return Math.floorDiv(ts, DAY_MS);
    }

    /** The first millisecond of {@code day}. */
    public static long startOf(long day) {
        return Math.multiplyExact(day, DAY_MS);
    }

    /** Whether {@code ts} is a day's first millisecond: midnight UTC. */
    public static boolean isMidnight(long ts) {
        return Math.floorMod(ts, DAY_MS) == 0;
    }
}

package io.canarykit.cli.bench;

/**
 * When each send of an open-loop load is due: paced by the clock from its start, never by answers,
 * so a slow broker, job or server shows as a rate below the one asked for, not as a quietly slower
 * schedule. A send's latency counts from when it was due, not from when it went out, so a stall is
 * charged for the sends it held back (coordinated omission).
 *
 * @param startNanos when send 0 is due, on {@link System#nanoTime()}
 * @param perSecond sends per second
 */
public record OpenLoopSchedule(long startNanos, double perSecond) {

    public OpenLoopSchedule {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a positive rate, got " + perSecond);
        }
    }

    /** When send {@code n} (from 0) is due: rounded up, so {@link #dueBy} of that moment counts it. */
    public long dueNanos(long n) {
        return startNanos + (long) Math.ceil(n * 1e9 / perSecond);
    }

    /** How many sends are due by {@code nowNanos}: send 0 at the start, one more every 1/rate seconds. */
    public long dueBy(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        return (long) Math.floor((nowNanos - startNanos) * perSecond / 1e9) + 1;
    }

    /** How many sends fall due within {@code seconds} of the start: those due strictly before its end. */
    public long sendsWithin(double seconds) {
        return (long) Math.ceil(seconds * perSecond);
    }

    /** The latency of a send due at {@code dueNanos} that completed at {@code doneNanos}, in whole microseconds. */
    public static long latencyMicros(long dueNanos, long doneNanos) {
        return Math.max(0, (doneNanos - dueNanos) / 1_000);
    }
}

package io.canarykit.cli.bench;

/**
 * When each send of an open-loop load is due: paced by the clock from its start, never by
 * acknowledgements, so a slow broker or job shows as a rate below the one asked for, not as a
 * quietly slower schedule.
 *
 * @param startNanos when send 0 is due, on {@link System#nanoTime()}
 * @param perSecond sends per second
 */
record OpenLoopSchedule(long startNanos, double perSecond) {

    OpenLoopSchedule {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a positive rate, got " + perSecond);
        }
    }

    /** When send {@code n} (from 0) is due: rounded up, so {@link #dueBy} of that moment counts it. */
    long dueNanos(long n) {
        return startNanos + (long) Math.ceil(n * 1e9 / perSecond);
    }

    /** How many sends are due by {@code nowNanos}: send 0 at the start, one more every 1/rate seconds. */
    long dueBy(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        return (long) Math.floor((nowNanos - startNanos) * perSecond / 1e9) + 1;
    }
}

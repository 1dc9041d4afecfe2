package io.canarykit.cli.bench;

/**
 * When each request of a fixed-rate, open-loop load is due: the i-th at {@code i / rate} seconds after
 * the start, whatever happened to the ones before. A request's latency counts from when it was due,
 * not from when it went out, so a stalled server is charged for the requests it held back
 * (coordinated omission).
 *
 * @param rate requests per second
 */
public record OpenLoopSchedule(double rate) {

    public OpenLoopSchedule {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a positive number, got " + rate);
        }
    }

    /** Nanoseconds from the start until request {@code i} (from 0) is due. */
    public long dueNanos(long i) {
        return Math.round(i * 1e9 / rate);
    }

    /** How many requests fall due within {@code seconds}: those due strictly before its end. */
    public long requestsWithin(double seconds) {
        return (long) Math.ceil(seconds * rate);
    }

    /** The latency of a request due at {@code dueNanos} that completed at {@code doneNanos}, in whole microseconds. */
    public static long latencyMicros(long dueNanos, long doneNanos) {
        return Math.max(0, (doneNanos - dueNanos) / 1_000);
    }
}

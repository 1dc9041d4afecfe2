package io.canarykit.jobs.decode;

import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.RejectReason;
import java.io.Serializable;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Refuses a live record stamped further ahead of the job's clock than {@code MAX_CLOCK_SKEW_MS}.
 * Staleness is the job's clock minus the newest quote's {@code ts}, so a quote from a fast clock
 * would read as fresh, or younger than fresh, for as long as its stamp stays ahead: the feed could
 * stop and the stale gate would not notice.
 */
public final class ClockSkewCheck<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SerializableFunction<T, Long> ts;
    private final long maxSkewMs;

    /**
     * @param ts the record's own timestamp, in epoch milliseconds
     * @param maxSkewMs how far ahead of the clock a timestamp may be and still be taken
     */
    public ClockSkewCheck(SerializableFunction<T, Long> ts, long maxSkewMs) {
        if (ts == null) {
            throw new IllegalArgumentException("ts is required but not provided.");
        }
        if (maxSkewMs < 0) {
            throw new IllegalArgumentException("maxSkewMs must not be negative, got " + maxSkewMs);
        }
        this.ts = ts;
        this.maxSkewMs = maxSkewMs;
    }

    /** The rejection of {@code record} at the job's clock {@code nowMs}, or null when it may pass. */
    public Decoded.Rejected<T> check(T record, long nowMs) {
        long stamped = ts.apply(record);
        // Subtracted, not added to nowMs: a stamp near Long.MAX_VALUE must not overflow the comparison.
        if (stamped - nowMs <= maxSkewMs) {
            return null;
        }
        return new Decoded.Rejected<>(RejectReason.FUTURE_TS, "ts " + stamped + " is " + (stamped - nowMs)
                + " ms ahead of the job's clock " + nowMs + "; at most " + maxSkewMs + " ms (MAX_CLOCK_SKEW_MS)");
    }
}

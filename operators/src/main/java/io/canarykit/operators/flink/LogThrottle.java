package io.canarykit.operators.flink;

import java.util.HashMap;
import java.util.Map;

/**
 * Lets one log line per kind through each interval, and counts the rest, so that a flood of bad
 * records shows up as a line a minute with a count rather than as a line per record.
 */
public final class LogThrottle {

    /** What {@link #offer} decided for one occurrence. */
    public record Verdict(boolean log, long suppressedSince) {
        static final Verdict QUIET = new Verdict(false, 0);
    }

    private final long intervalMs;
    private final Map<String, Long> lastLineAt = new HashMap<>();
    private final Map<String, Long> suppressed = new HashMap<>();

    public LogThrottle(long intervalMs) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("intervalMs must be positive, got " + intervalMs);
        }
        this.intervalMs = intervalMs;
    }

    /**
     * One occurrence of {@code kind} at {@code nowMs}: log it when the kind has had no line for an
     * interval, with how many occurrences went unlogged since its last line.
     */
    public Verdict offer(String kind, long nowMs) {
        Long last = lastLineAt.get(kind);
        if (last != null && nowMs - last < intervalMs) {
            suppressed.merge(kind, 1L, Long::sum);
            return Verdict.QUIET;
        }
        lastLineAt.put(kind, nowMs);
        Long skipped = suppressed.remove(kind);
        return new Verdict(true, skipped == null ? 0 : skipped);
    }
}

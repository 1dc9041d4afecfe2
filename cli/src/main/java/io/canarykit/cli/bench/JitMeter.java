package io.canarykit.cli.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The JIT compilers' time over the latest stretch of wall time, as a share of it: how much of the
 * machine they take now, while a live job runs. Read it as often as is convenient: each reading
 * keeps a sample, and the share runs from the newest sample at least a window old.
 */
final class JitMeter {

    /** The stretch over which a live section's warm-up watches the compilers. */
    static final Duration LIVE_WINDOW = Duration.ofSeconds(5);
    /**
     * The compilers' most time over that stretch, as a share of it, for a live section's warm-up to
     * end. From a fresh JVM at 20,000 events/s they take about a core for the first 40 to 90 s, and
     * stay between a tenth and a third of one once the job's paths are compiled.
     */
    static final double LIVE_QUIET_SHARE = 0.15;

    private final long windowNanos;
    private final double quietShare;
    private final LongSupplier compileMillis;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    /** A meter of this JVM's compilers over {@link #LIVE_WINDOW}, quiet at {@link #LIVE_QUIET_SHARE}. */
    static JitMeter live() {
        return JitCompilation.supported()
                ? new JitMeter(LIVE_WINDOW.toNanos(), LIVE_QUIET_SHARE, JitCompilation::totalMillis)
                // A JVM that does not say: never in the way of a warm-up.
                : new JitMeter(LIVE_WINDOW.toNanos(), Double.POSITIVE_INFINITY, () -> 0);
    }

    JitMeter(long windowNanos, double quietShare, LongSupplier compileMillis) {
        if (windowNanos <= 0 || !(quietShare > 0)) {
            throw new IllegalArgumentException("a window and a quiet share must be positive, got " + windowNanos
                    + " and " + quietShare);
        }
        this.windowNanos = windowNanos;
        this.quietShare = quietShare;
        this.compileMillis = compileMillis;
    }

    /** The stretch the share runs over, in whole seconds, for messages. */
    long windowSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(windowNanos);
    }

    /** Whether the compilers took at most the quiet share of the last window; not before a window has passed. */
    boolean quiet(long nowNanos) {
        return quietShare == Double.POSITIVE_INFINITY || share(nowNanos) <= quietShare;
    }

    /**
     * The compile time since the newest sample at least a window before {@code nowNanos}, over the
     * wall time since it; NaN until the meter has a sample that old.
     */
    synchronized double share(long nowNanos) {
        samples.addLast(new long[] {nowNanos, compileMillis.getAsLong()});
        long[] from = null;
        // Keep one sample at or before the window's start, and every later one.
        while (!samples.isEmpty() && samples.peekFirst()[0] <= nowNanos - windowNanos) {
            from = samples.pollFirst();
        }
        if (from == null) {
            return Double.NaN;
        }
        samples.addFirst(from);
        long[] now = samples.peekLast();
        return WarmUp.jitShare(now[0] - from[0], now[1] - from[1]);
    }
}

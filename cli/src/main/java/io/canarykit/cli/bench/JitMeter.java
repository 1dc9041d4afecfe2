package io.canarykit.cli.bench;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * The JIT compilers' time over the latest stretch of wall time, as a share of it: how much of the
 * machine they take now, while a live job runs. Read it as often as is convenient: each reading
 * keeps a sample, and the share runs from the newest sample at least a window old.
 */
final class JitMeter {

    private final long windowNanos;
    private final LongSupplier compileMillis;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    /** A meter over {@code windowNanos} of this JVM's compilers. */
    static JitMeter ofThisJvm(long windowNanos) {
        return new JitMeter(windowNanos, JitCompilation::totalMillis);
    }

    JitMeter(long windowNanos, LongSupplier compileMillis) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("a window must be positive, got " + windowNanos);
        }
        this.windowNanos = windowNanos;
        this.compileMillis = compileMillis;
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

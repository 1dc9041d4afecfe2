package io.canarykit.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The highest heap in use in this JVM while it runs, sampled from {@link MemoryMXBean} every few
 * milliseconds on a thread of its own (a sample can miss a peak shorter than its period).
 */
final class HeapPeak implements AutoCloseable {

    static final long PERIOD_MS = 2;
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakBytes;

    HeapPeak() {
        peakBytes = memory.getHeapMemoryUsage().getUsed();
        sampler = new Thread(this::sample, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            peakBytes = Math.max(peakBytes, memory.getHeapMemoryUsage().getUsed());
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The heap in use now, in MB. */
    static double usedMb() {
        return megabytes(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /** The highest heap in use seen so far, in MB. */
    double peakMb() {
        return megabytes(peakBytes);
    }

    /** {@code bytes} in binary megabytes (MiB). */
    static double megabytes(long bytes) {
        return bytes / BYTES_PER_MB;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(1_000);
    }
}

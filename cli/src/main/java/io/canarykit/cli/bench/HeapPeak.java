package io.canarykit.cli.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The highest heap in use in this JVM while it runs, sampled from {@link MemoryMXBean} every few
 * milliseconds on a thread of its own (a sample can miss a peak shorter than its period), and the
 * highest heap in use just after a collection, from the collectors' notifications. The first counts
 * garbage not yet collected, and so grows with the young generation the JVM has sized; the second is
 * closer to what the work holds.
 */
final class HeapPeak implements AutoCloseable {

    static final long PERIOD_MS = 2;
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakBytes;
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    private final List<NotificationEmitter> collectors = new ArrayList<>();
    private final NotificationListener afterCollection = this::collected;
    private final AtomicLong afterGcPeakBytes = new AtomicLong(-1);

    HeapPeak() {
        peakBytes = memory.getHeapMemoryUsage().getUsed();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(afterCollection, null, null);
                collectors.add(emitter);
            }
        }
        sampler = new Thread(this::sample, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void collected(Notification notification, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
            long used = heapUsed(info.getMemoryUsageAfterGc(), heapPools);
            afterGcPeakBytes.accumulateAndGet(used, Math::max);
        }
    }

    /** The bytes in use in the heap's pools ({@code heapPools}) of a collector's usage by pool. */
    static long heapUsed(Map<String, MemoryUsage> byPool, Set<String> heapPools) {
        return byPool.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
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

    /** The highest heap in use just after a collection so far, in MB; empty when none has run. */
    OptionalDouble afterGcPeakMb() {
        long bytes = afterGcPeakBytes.get();
        return bytes < 0 ? OptionalDouble.empty() : OptionalDouble.of(megabytes(bytes));
    }

    /** {@code bytes} in binary megabytes (MiB). */
    static double megabytes(long bytes) {
        return bytes / BYTES_PER_MB;
    }

    @Override
    public void close() throws InterruptedException {
        for (NotificationEmitter collector : collectors) {
            try {
                collector.removeNotificationListener(afterCollection);
            } catch (ListenerNotFoundException e) {
                // Never added; nothing to remove.
            }
        }
        running = false;
        sampler.interrupt();
        sampler.join(1_000);
    }
}

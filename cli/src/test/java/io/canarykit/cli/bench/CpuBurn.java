package io.canarykit.cli.bench;

import java.util.concurrent.CountDownLatch;

/** What the CPU-time tests make their threads do: burn a core for a while, or wait. */
final class CpuBurn {

    private CpuBurn() {}

    /** Keeps the calling thread on a core for {@code nanos} of wall time. */
    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() < end) {
            x += System.nanoTime() % 7;
        }
        // Used, so the loop is not compiled away.
        if (x == 42) {
            System.out.print("");
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

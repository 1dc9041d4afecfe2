package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void countsTheCpuOfTheNamedThreadsOnlyAndNotTheirWaiting() throws Exception {
        assumeThat(ThreadCpu.supported()).as("thread CPU time on this JVM").isTrue();
        CountDownLatch release = new CountDownLatch(1);
        Thread spinning = new Thread(() -> {
            long end = System.nanoTime() + 200_000_000L;
            long x = 0;
            while (System.nanoTime() < end) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
            await(release);
        }, "cpu-probe-spinning");
        Thread sleeping = new Thread(() -> await(release), "cpu-probe-sleeping");
        spinning.start();
        sleeping.start();
        Thread.sleep(400);

        long spun = ThreadCpu.nanos("cpu-probe-spinning");
        long slept = ThreadCpu.nanos("cpu-probe-sleeping");
        long nobody = ThreadCpu.nanos("no-thread-is-named-so");
        release.countDown();
        spinning.join();
        sleeping.join();

        // 200 ms of spinning on a shared machine: at least a quarter of it on a core, never more than all.
        assertThat(spun).isBetween(50_000_000L, 400_000_000L);
        assertThat(slept).isLessThan(20_000_000L);
        assertThat(nobody).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

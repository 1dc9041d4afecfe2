package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Map;
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
            CpuBurn.await(release);
        }, "cpu-probe-spinning");
        Thread sleeping = new Thread(() -> CpuBurn.await(release), "cpu-probe-sleeping");
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

    @Test
    void aSnapshotCountsWhatItsThreadsUsedSinceAndAThreadStartedInBetweenWhole() throws Exception {
        assumeThat(ThreadCpu.supported()).as("thread CPU time on this JVM").isTrue();
        CountDownLatch release = new CountDownLatch(1);
        Map<Long, Long> before = ThreadCpu.snapshot(name -> name.startsWith("cpu-span-"));
        Thread spinning = new Thread(() -> {
            CpuBurn.spin(200_000_000L);
            CpuBurn.await(release);
        }, "cpu-span-spinning");
        Thread leftOut = new Thread(() -> {
            CpuBurn.spin(200_000_000L);
            CpuBurn.await(release);
        }, "cpu-other-spinning");
        spinning.start();
        leftOut.start();
        Thread.sleep(400);

        Map<Long, Long> after = ThreadCpu.snapshot(name -> name.startsWith("cpu-span-"));
        long used = ThreadCpu.usedBetween(before, after);
        long again = ThreadCpu.usedBetween(after, ThreadCpu.snapshot(name -> name.startsWith("cpu-span-")));
        release.countDown();
        spinning.join();
        leftOut.join();

        // One thread's 200 ms of spinning counted, not the other's; nothing spun since the second snapshot.
        assertThat(after).containsKey(spinning.getId()).doesNotContainKey(leftOut.getId());
        assertThat(used).isBetween(50_000_000L, 400_000_000L);
        assertThat(again).isLessThan(20_000_000L);
    }

    @Test
    void usedBetweenIsTheGrowthOfEachThreadAndANewThreadsWhole() {
        Map<Long, Long> earlier = Map.of(1L, 1_000L, 2L, 5_000L, 3L, 7_000L);
        Map<Long, Long> later = Map.of(1L, 1_500L, 2L, 5_000L, 4L, 300L);

        // Thread 1 grew by 500, thread 2 not at all, thread 3 ended (lost), thread 4 is new: 500 + 0 + 300.
        assertThat(ThreadCpu.usedBetween(earlier, later)).isEqualTo(800L);
    }

    @Test
    void threadsStartedBetweenCountWholeAndOlderOnesNotAtAll() {
        Map<Long, Long> earlier = Map.of(1L, 1_000L, 2L, 5_000L);
        Map<Long, Long> later = Map.of(1L, 9_000L, 4L, 300L, 5L, 20L);

        // Thread 1 grew but was there before; 4 and 5 started in between: 300 + 20.
        assertThat(ThreadCpu.usedByThreadsStartedBetween(earlier, later)).isEqualTo(320L);
    }
}

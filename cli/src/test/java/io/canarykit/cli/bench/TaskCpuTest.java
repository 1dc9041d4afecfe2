package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskCpuTest {

    @Test
    void namesTheFirstOperatorOfATasksChainAndCountsItsTimerAndFlusherThreads() {
        assertThat(TaskCpu.operatorOf("Symbol gate -> (TCA to rollout input, KPI to rollout input) (1/2)#0"))
                .contains("Symbol gate");
        assertThat(TaskCpu.operatorOf("Rollout analysis (1/1)#3")).contains("Rollout analysis");
        assertThat(TaskCpu.operatorOf("OutputFlusher for Account risk budget (2/2)#0")).contains("Account risk budget");
        assertThat(TaskCpu.operatorOf("System Time Trigger for Source: session features -> decode features -> Map (1/2)#0"))
                .contains("Source: session features");
        assertThat(TaskCpu.operatorOf("flink-pekko.actor.default-dispatcher-5")).isEmpty();
        assertThat(TaskCpu.operatorOf("bench-task-cpu")).isEmpty();
        assertThat(TaskCpu.operatorOf("main")).isEqualTo(Optional.empty());
    }

    @Test
    void keepsTheCpuOfTaskThreadsThatEndedBeforeTheStopAndLeavesOutThoseAliveAtTheStart() throws Exception {
        assumeThat(TaskCpu.supported()).as("thread CPU time on this JVM").isTrue();
        CountDownLatch release = new CountDownLatch(1);
        Thread older = new Thread(() -> {
            CpuBurn.spin(150_000_000L);
            CpuBurn.await(release);
        }, "Older op (1/1)#0");
        older.start();

        TaskCpu cpu = TaskCpu.start();
        AtomicLong usedAtItsEnd = new AtomicLong();
        Thread spinning = new Thread(() -> {
            CpuBurn.spin(150_000_000L);
            usedAtItsEnd.set(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
        }, "Spin op -> its chained map (1/1)#0");
        Thread idle = new Thread(() -> CpuBurn.sleep(100), "Idle op (1/1)#0");
        spinning.start();
        idle.start();
        spinning.join();
        idle.join();
        Thread.sleep(50);
        Map<String, Long> byOperator = cpu.stop();
        release.countDown();
        older.join();

        // Read every 5 ms while it ran: at most the last moments missed, even with the sampler kept off a core a while.
        assertThat(byOperator.get("Spin op")).isBetween(usedAtItsEnd.get() - 50_000_000L, usedAtItsEnd.get());
        assertThat(usedAtItsEnd.get()).as("the spin got a core").isGreaterThan(50_000_000L);
        assertThat(byOperator.getOrDefault("Idle op", 0L)).isLessThan(20_000_000L);
        assertThat(byOperator).doesNotContainKey("Older op");
    }

    @Test
    void sumsOperatorsOverRounds() {
        assertThat(TaskCpu.sum(Map.of("a", 1L, "b", 2L), Map.of("b", 3L, "c", 4L))).containsExactly(
                Map.entry("a", 1L), Map.entry("b", 5L), Map.entry("c", 4L));
        assertThat(TaskCpu.total(Map.of("a", 1L, "b", 2L))).isEqualTo(3L);
    }
}

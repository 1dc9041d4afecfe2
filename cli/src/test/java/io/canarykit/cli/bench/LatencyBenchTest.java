package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyBenchTest {

    @Test
    void theJobsThreadsAreCountedAndTheBenchsOwnAreNot() {
        // Thread names as a JFR recording of the latency section shows them.
        List<String> job = List.of(
                "Symbol gate -> (TCA to rollout input, KPI to rollout input, Kafka kit.tca: Writer) (1/2)#0",
                "Time Trigger for Symbol gate -> (TCA to rollout input) (2/2)#0",
                "OutputFlusher for Source: Kafka kit.market -> decode market (1/2)#0",
                "Source Data Fetcher for Source: Kafka kit.orders -> decode orders (2/2)#0",
                "kafka-producer-network-thread | producer-7",
                "AsyncOperations-thread-3",
                "Flink-RocksDBStateDataTransferHelper-thread-1");
        List<String> bench = List.of("bench-load-0", "bench-load-1", "bench-decisions",
                "kafka-producer-network-thread | bench-load-0", "kafka-producer-network-thread | bench-probe", "main");

        assertThat(job).allMatch(LatencyBench::ofTheJob);
        assertThat(bench).noneMatch(LatencyBench::ofTheJob);
    }

    @Test
    void aFifthOfTheSymbolsProbeAtMostTwenty() {
        assertThat(LatencyBench.probeSymbolCount(100)).isEqualTo(20);
        assertThat(LatencyBench.probeSymbolCount(50)).isEqualTo(10);
        assertThat(LatencyBench.probeSymbolCount(3)).isEqualTo(1);
    }
}

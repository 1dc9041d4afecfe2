package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputBenchTest {

    @Test
    void reportsMedianRoundsPerCoreTheirRatioAndRecordsPerInput() {
        ThroughputBench.BackendRun rocks = new ThroughputBench.BackendRun(List.of(3_000.0, 1_000.0, 2_000.0),
                List.of(10_000.0, 9_000.0, 11_000.0), new CountingSinks.Counts(500, 2_500, 100, 0), 9, 0.125,
                new ThroughputBench.TaskCpuPerEvent(Map.of("Symbol gate", 600_000_000L, "Symbol ledger", 200_000_000L),
                        Map.of("Source: session market", 100_000_000L), 100_000));
        ThroughputBench.BackendRun heap = new ThroughputBench.BackendRun(List.of(8_000.0, 12_000.0),
                List.of(40_000.0, 20_000.0), new CountingSinks.Counts(1, 1, 1, 0), 1, 0.03,
                ThroughputBench.TaskCpuPerEvent.NONE);
        Measurements out = new Measurements();

        ThroughputBench.report(rocks, heap, 50_000, 2, out);

        // RocksDB: medians 2,000 and 10,000 events/s; heap: 10,000 and 30,000 (means of the middle two).
        assertThat(out.value("gating_eps")).contains(2_000.0);
        assertThat(out.value("gating_eps_per_core")).contains(1_000.0);
        assertThat(out.value("passthrough_eps_per_core")).contains(5_000.0);
        assertThat(out.value("throughput_ratio")).contains(0.2);
        assertThat(out.value("gating_eps_per_core_heap")).contains(5_000.0);
        assertThat(out.value("passthrough_eps_per_core_heap")).contains(15_000.0);
        assertThat(out.value("throughput_ratio_heap").orElseThrow()).isCloseTo(1.0 / 3, within(1e-12));
        // Output per input from the RocksDB run: 2,500, 500 and 100 records for 50,000 events.
        assertThat(out.value("kpi_records_per_input")).contains(0.05);
        assertThat(out.value("decision_records_per_input")).contains(0.01);
        assertThat(out.value("tca_records_per_input")).contains(0.002);
        // How each backend's warm-up went, as the runs say.
        assertThat(out.value("throughput_warm_up_rounds")).contains(9.0);
        assertThat(out.value("throughput_warm_up_rounds_heap")).contains(1.0);
        assertThat(out.value("throughput_jit_share")).contains(0.125);
        assertThat(out.value("throughput_jit_share_heap")).contains(0.03);
        // CPU: 800 ms and 100 ms over 100,000 events, 8 µs and 1 µs each; the heap run read none.
        assertThat(out.value("gating_cpu_us_per_event")).contains(8.0);
        assertThat(out.value("passthrough_cpu_us_per_event")).contains(1.0);
        assertThat(out.value("throughput_cpu_ratio")).contains(0.125);
        assertThat(out.value("gating_cpu_us_per_event_heap")).isEmpty();
        assertThat(out.value("throughput_cpu_ratio_heap")).isEmpty();
    }

    @Test
    void listsEachOperatorsCpuPerEventTheLargestFirst() {
        var cpu = new ThroughputBench.TaskCpuPerEvent(Map.of("Symbol ledger", 150_000_000L, "Symbol gate", 610_000_000L),
                Map.of(), 100_000);
        assertThat(cpu.breakdown(cpu.gatingNanos())).isEqualTo("Symbol gate 6.10, Symbol ledger 1.50");
    }

    @Test
    void declaresTheIssuesKeysWithTheirGoals() {
        var figures = new ThroughputBench().figures();
        assertThat(figures).extracting(FigureSpec::key).contains("throughput_ratio", "throughput_ratio_heap",
                "gating_eps_per_core", "gating_eps_per_core_heap", "passthrough_eps_per_core",
                "passthrough_eps_per_core_heap", "kpi_records_per_input", "decision_records_per_input",
                "tca_records_per_input");
        assertThat(goal(figures, "throughput_ratio")).isEqualTo(Goal.atLeast(0.6));
        assertThat(goal(figures, "throughput_ratio_heap")).isEqualTo(Goal.atLeast(0.6));
        assertThat(goal(figures, "gating_eps_per_core")).isEqualTo(Goal.atLeast(175_000));
        assertThat(goal(figures, "gating_eps_per_core_heap")).isEqualTo(Goal.atLeast(400_000));
        assertThat(goal(figures, "kpi_records_per_input")).isEqualTo(Goal.atMost(0.05));
        assertThat(goal(figures, "passthrough_eps_per_core")).isNull();
    }

    private static Goal goal(List<FigureSpec> figures, String key) {
        return figures.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow().goal();
    }
}

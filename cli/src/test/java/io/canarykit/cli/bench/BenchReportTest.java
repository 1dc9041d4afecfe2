package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static final FigureSpec RATIO = FigureSpec.of("throughput_ratio", "gating / passthrough", FigureSpec.Unit.RATIO,
            Goal.atLeast(0.6));
    private static final FigureSpec P99 = FigureSpec.of("latency_p99_ms", "event to decision p99", FigureSpec.Unit.MILLISECONDS,
            Goal.atMost(50));
    private static final FigureSpec EPS = FigureSpec.context("passthrough_eps_per_core", "passthrough", FigureSpec.Unit.EVENTS_PER_SECOND);
    private static final BenchReport.Machine MACHINE = new BenchReport.Machine(2, "OpenJDK 17.0.15", "2.2.1");

    @Test
    void goalsHoldAtTheirBoundAndFailBeyondIt() {
        Measurements m = new Measurements();
        m.put("throughput_ratio", 0.6);
        m.put("latency_p99_ms", 50.1);
        BenchReport report = new BenchReport(MACHINE, List.of(RATIO, P99, EPS), m);

        assertThat(report.holds(RATIO)).isTrue();
        assertThat(report.holds(P99)).isFalse();
        assertThat(report.holds(EPS)).isNull();
    }

    @Test
    void jsonHasEveryKeyWithNullForWhatWasNotMeasured() {
        Measurements m = new Measurements();
        m.put("throughput_ratio", 0.25);
        m.missing("latency_p99_ms", "no broker");
        m.put("passthrough_eps_per_core", Double.NaN);

        var json = new BenchReport(MACHINE, List.of(RATIO, P99, EPS), m).json();

        assertThat(json.get("throughput_ratio").asDouble()).isEqualTo(0.25);
        assertThat(json.get("latency_p99_ms").isNull()).isTrue();
        assertThat(json.get("passthrough_eps_per_core").isNull()).isTrue();
        assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);
    }

    @Test
    void missingFiguresKeepTheirReasonAndAValueIsNeverReplacedByOne() {
        Measurements m = new Measurements();
        m.put("throughput_ratio", 0.7);
        m.missing("throughput_ratio", "a later failure");
        m.missing("latency_p99_ms", "no broker");
        m.put("passthrough_eps_per_core", Double.POSITIVE_INFINITY);

        var report = new BenchReport(MACHINE, List.of(RATIO, P99, EPS), m);

        assertThat(report.missingReasons()).containsExactly("latency_p99_ms: no broker",
                "passthrough_eps_per_core: the measurement gave Infinity");
    }

    @Test
    void theTableShowsGoalValueAndVerdictUnderTheMachine() {
        Measurements m = new Measurements();
        m.put("throughput_ratio", 0.25);
        m.put("passthrough_eps_per_core", 286_000);

        String table = new BenchReport(MACHINE, List.of(RATIO, P99, EPS), m).table();

        assertThat(table).startsWith("machine: 2 cores, OpenJDK 17.0.15, Flink 2.2.1");
        assertThat(table).containsPattern("gating / passthrough \\(throughput_ratio\\)\\s+≥ 0\\.600\\s+0\\.250\\s+NO");
        assertThat(table).containsPattern("event to decision p99 \\(latency_p99_ms\\)\\s+≤ 50\\.0 ms\\s+n/a\\s+n/a");
        assertThat(table).containsPattern("passthrough \\(passthrough_eps_per_core\\)\\s+286,000 events/s");
    }
}

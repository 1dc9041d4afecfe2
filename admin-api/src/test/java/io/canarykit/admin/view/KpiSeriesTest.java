package io.canarykit.admin.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.admin.testing.Records;
import io.canarykit.admin.view.KpiSeries.Point;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Gates;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.Mode;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KpiSeriesTest {

    /** A whole second, so that {@code T0 + 999} is in the same second and {@code T0 + 1000} in the next. */
    private static final long T0 = 1_790_000_000_000L;
    private static final String SYM = "BTCUSDT";

    private final AtomicReference<Double> commanded = new AtomicReference<>(0.10);
    private final KpiSeries series = new KpiSeries(KpiSeries.DEFAULT_MAX_POINTS, commanded::get);

    @Test
    void eachPointCarriesItsRecordsFiguresAndTheLatestOfTheOthers() {
        series.acceptKpi(global(T0, 0.8));
        series.acceptDecision(decision(1, T0 + 500, 0.05, null, null));
        series.acceptKpi(kpi(T0 + 1_500, 0.12, 1.5));
        series.acceptKpi(global(T0 + 2_000, 0.7));
        commanded.set(0.20);
        series.acceptKpi(kpi(T0 + 2_500, 0.25, 2.0));
        // A decision with its own KPIs and a running rollout, whose share is the one commanded.
        series.acceptDecision(decision(2, T0 + 3_500, 0.15, kpi(T0 + 3_500, 0.31, 2.5), 0.15));

        assertThat(series.after(SYM, T0 - 1).orElseThrow()).containsExactly(
                new Point(T0 + 500, null, null, 0.8, 0.05, 0.10),
                new Point(T0 + 1_500, 0.12, 1.5, 0.8, 0.05, 0.10),
                new Point(T0 + 2_500, 0.25, 2.0, 0.7, 0.05, 0.20),
                new Point(T0 + 3_500, 0.31, 2.5, 0.7, 0.15, 0.15));
    }

    @Test
    void aSecondKeepsOnePointTheLatestOfIt() {
        series.acceptKpi(kpi(T0 + 100, 0.10, 1.0));
        series.acceptKpi(kpi(T0 + 900, 0.20, 2.0));
        // Older than the second's point: its share waits for the next point.
        series.acceptDecision(decision(1, T0 + 400, 0.05, null, null));
        series.acceptKpi(kpi(T0 + 1_000, 0.30, 3.0));

        assertThat(series.after(SYM, T0 - 1).orElseThrow()).containsExactly(
                new Point(T0 + 900, 0.20, 2.0, null, null, 0.10),
                new Point(T0 + 1_000, 0.30, 3.0, null, 0.05, 0.10));
    }

    @Test
    void ignoresARepeatedOrLateRecordOfTheSameKind() {
        series.acceptDecision(decision(2, T0, 0.05, null, null));
        series.acceptKpi(kpi(T0 + 5_000, 0.20, 2.0));
        series.acceptDecision(decision(2, T0 + 6_000, 0.25, null, null)); // same seq: a repeat
        series.acceptDecision(decision(1, T0 + 7_000, 0.25, null, null)); // a lower seq
        series.acceptKpi(kpi(T0 + 4_000, 0.90, 9.0)); // older than the line's newest KPIs

        assertThat(series.after(SYM, T0 - 1).orElseThrow()).containsExactly(
                new Point(T0, null, null, null, 0.05, 0.10),
                new Point(T0 + 5_000, 0.20, 2.0, null, 0.05, 0.10));
    }

    @Test
    void keepsOneHourBackFromTheSymbolsNewestPoint() {
        series.acceptKpi(kpi(T0, 0.1, 1.0));
        series.acceptKpi(kpi(T0 + 1_000, 0.2, 2.0));
        // T0 is exactly an hour before this one: it goes; T0 + 1 s stays.
        series.acceptKpi(kpi(T0 + 3_600_000, 0.3, 3.0));

        assertThat(series.after(SYM, 0).orElseThrow()).extracting(Point::ts)
                .containsExactly(T0 + 1_000, T0 + 3_600_000);
    }

    @Test
    void dropsTheOldestPointsBeyondTheCap() {
        KpiSeries three = new KpiSeries(3, () -> 0.0);
        for (int i = 0; i < 5; i++) {
            three.acceptKpi(kpi(T0 + i * 1_000L, 0.1 * i, i));
        }

        assertThat(three.after(SYM, 0).orElseThrow()).extracting(Point::ts)
                .containsExactly(T0 + 2_000, T0 + 3_000, T0 + 4_000);
    }

    @Test
    void returnsOnlyThePointsAfterTheGivenTimeOldestFirst() {
        series.acceptKpi(kpi(T0, 0.1, 1.0));
        series.acceptKpi(kpi(T0 + 60_000, 0.2, 2.0));
        series.acceptKpi(kpi(T0 + 120_000, 0.3, 3.0));

        assertThat(series.after(SYM, T0 - 1).orElseThrow()).extracting(Point::ts)
                .containsExactly(T0, T0 + 60_000, T0 + 120_000);
        assertThat(series.after(SYM, T0 + 59_999).orElseThrow()).extracting(Point::ts)
                .containsExactly(T0 + 60_000, T0 + 120_000);
        // The bound is exclusive, as in a window (t - W, t].
        assertThat(series.after(SYM, T0 + 60_000).orElseThrow()).extracting(Point::ts)
                .containsExactly(T0 + 120_000);
        assertThat(series.after(SYM, T0 + 120_000).orElseThrow()).isEmpty();
    }

    @Test
    void knowsOnlyTheSymbolsThatSentSomething() {
        series.acceptKpi(global(T0, 0.9));

        assertThat(series.knows(KpiRecord.GLOBAL)).isFalse();
        assertThat(series.after(KpiRecord.GLOBAL, 0)).isEmpty();
        assertThat(series.after(SYM, 0)).isEmpty();
        series.acceptDecision(decision(1, T0, 0.0, null, null));
        assertThat(series.knows(SYM)).isTrue();
    }

    @Test
    void refusesACapBelowOne() {
        assertThatThrownBy(() -> new KpiSeries(0, () -> 0.0)).hasMessageContaining("maxPoints must be at least 1");
    }

    private static KpiRecord kpi(long ts, double psi, double slippageBps) {
        return Records.kpiRecord(SYM, ts, psi, slippageBps);
    }

    private static KpiRecord global(long ts, double budgetLeft) {
        return Records.globalRecord(ts, budgetLeft);
    }

    private static GateDecision decision(long seq, long ts, double share, KpiRecord kpis, Double rolloutShare) {
        RolloutStatus rollout = rolloutShare == null ? null
                : new RolloutStatus(RolloutState.RUNNING, 1, 3, rolloutShare, false, ts - 60_000, ts + 60_000, "step 2",
                        List.of(), null);
        return new GateDecision(SYM, ts, seq, ts + 15_000, true, Mode.NORMAL, 1.0, List.of(),
                new Gates(false, false, false, false, false, false, false, null), Records.CHAMPION, Records.CHAMPION,
                Records.CHALLENGER, false, share, 150.0, false, kpis, rollout);
    }
}

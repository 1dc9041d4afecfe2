package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.junit.jupiter.api.Test;

class RolloutAnalysisFunctionTest {

    private static final long T0 = 1_767_225_600_000L;
    // Two steps of 10 s, analysed every second.
    private static final String PLAN = "{\"steps\": [{\"share\": 0.05, \"hold_ms\": 10000},"
            + " {\"share\": 0.1, \"hold_ms\": 10000}], \"analysis\": {\"interval_ms\": 1000, \"min_fills\": 2}}";

    private static KeyedOneInputStreamOperatorTestHarness<String, RolloutInput, RolloutStatus> harness(JobClock clock)
            throws Exception {
        GateSettings settings = GateSettings.of(KitConfig.defaults(), List.of(), "champion", "challenger", clock, true,
                3_600_000L);
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new RolloutAnalysisFunction(settings)),
                i -> RolloutInput.KEY, Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, RolloutInput, RolloutStatus> opened(JobClock clock)
            throws Exception {
        var h = harness(clock);
        h.open();
        return h;
    }

    @Test
    void aPlanAboveTheCapIsRefusedToTheDlqAndNoRolloutStarts() throws Exception {
        try (var h = opened(JobClock.LIVE)) {
            h.processElement(RolloutInput.of(command(ControlType.ROLLOUT_START, T0,
                    Map.of("plan", "{\"steps\": [{\"share\": 0.3, \"hold_ms\": 1000}]}"))), T0);
            h.processElement(RolloutInput.of(command(ControlType.ROLLOUT_START, T0, Map.of("plan", "{not json"))), T0);
            assertThat(h.extractOutputValues()).isEmpty();
            List<DlqRecord> dlq = h.getSideOutput(Descriptors.DLQ).stream().map(StreamRecord::getValue).toList();
            assertThat(dlq).hasSize(2);
            assertThat(dlq.get(0).detail()).contains("steps[0].share").contains("CANARY_NOTIONAL_CAP 0.25");
            assertThat(dlq.get(1).reason()).isEqualTo("invalid_value");
        }
    }

    @Test
    void inReplayAnAnalysisSeesExactlyTheInputStampedUpToItsTimeAndARestoreCarriesOn() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = opened(JobClock.EVENT)) {
            h.processElement(RolloutInput.of(command(ControlType.ROLLOUT_START, T0, Map.of("plan", PLAN))), T0);
            // Two challenger fills: one before the first analysis (T0 + 1000), one after it.
            h.processElement(RolloutInput.of(fill("c1", T0 + 1_000, true, 3.0)), T0 + 1_000);
            h.processElement(RolloutInput.of(fill("c2", T0 + 1_001, true, 5.0)), T0 + 1_001);
            h.processWatermark(T0 + 1_500);
            List<RolloutStatus> out = h.extractOutputValues();
            assertThat(out).extracting(RolloutStatus::state).containsExactly(RolloutState.RUNNING, RolloutState.RUNNING);
            assertThat(out.get(0).analysedAt()).as("the start, before any analysis").isNull();
            assertThat(out.get(1).analysedAt()).isEqualTo(T0 + 1_000);
            assertThat(slippage(out.get(1)).samples()).isEqualTo(1);
            snapshot = h.snapshot(1L, T0 + 1_500);
        }
        try (var h = harness(JobClock.EVENT)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(RolloutInput.of(fill("c1", T0 + 1_000, true, 3.0).withMarkouts(Map.of(), true)), T0 + 1_900);
            h.processWatermark(T0 + 2_000);
            RolloutStatus next = h.extractOutputValues().get(0);
            assertThat(next.analysedAt()).isEqualTo(T0 + 2_000);
            // Both fills, the first one's final record not counted again: (3 + 5) / 2 = 4.
            assertThat(slippage(next).samples()).isEqualTo(2);
            assertThat(slippage(next).challenger()).isEqualTo(4.0);
            h.processElement(RolloutInput.of(command(ControlType.ROLLBACK, T0 + 2_500, Map.of())), T0 + 2_500);
            h.processWatermark(T0 + 5_000);
            List<RolloutStatus> after = h.extractOutputValues();
            RolloutStatus rolledBack = after.get(after.size() - 1);
            assertThat(rolledBack.state()).isEqualTo(RolloutState.ABORTED);
            assertThat(rolledBack.reason()).isEqualTo("rolled back by ops");
            assertThat(rolledBack.share()).isZero();
            assertThat(after).as("an aborted rollout is analysed no more").hasSize(2);
        }
    }

    @Test
    void aPromotionEndsTheRolloutBackToIdle() throws Exception {
        try (var h = opened(JobClock.LIVE)) {
            h.setProcessingTime(T0);
            h.processElement(RolloutInput.of(command(ControlType.ROLLOUT_START, T0, Map.of("plan", PLAN))), T0);
            h.setProcessingTime(T0 + 1_000);
            h.processElement(RolloutInput.of(command(ControlType.PROMOTE, T0 + 1_000, Map.of())), T0 + 1_000);
            List<RolloutStatus> out = h.extractOutputValues();
            assertThat(out).extracting(RolloutStatus::state)
                    .containsExactly(RolloutState.RUNNING, RolloutState.RUNNING, RolloutState.IDLE);
            assertThat(out.get(1).analysedAt()).as("the live analysis of T0 + 1000").isEqualTo(T0 + 1_000);
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void theSloChecksNeedTheSamplesSetLimitsSetsAsTheGatesDo() throws Exception {
        // Three challenger orders placed, one of them in error: 1 / 3 against the 1% bound.
        assertThat(errorRateAfterThreeOrders(List.of()).verdict()).isEqualTo(CheckVerdict.INCONCLUSIVE);
        assertThat(errorRateAfterThreeOrders(List.of()).detail()).isEqualTo("too few samples: 3, 20 needed");

        RolloutCheck lowered = errorRateAfterThreeOrders(List.of(Map.of("SLO_MIN_SAMPLES", "0"),
                Map.of("SLO_MIN_SAMPLES", "3")));
        assertThat(lowered.verdict()).as("the refused 0 is passed over, the 3 holds").isEqualTo(CheckVerdict.FAIL);
        assertThat(lowered.challenger()).isEqualTo(1.0 / 3);
        assertThat(lowered.samples()).isEqualTo(3);

        RolloutCheck refusedOnly = errorRateAfterThreeOrders(List.of(Map.of("SLO_MIN_SAMPLES", "0")));
        assertThat(refusedOnly.detail()).isEqualTo("too few samples: 3, 20 needed");
    }

    /** The error-rate check of the first live analysis, after {@code limitCommands} and three orders. */
    private static RolloutCheck errorRateAfterThreeOrders(List<Map<String, String>> limitCommands) throws Exception {
        try (var h = opened(JobClock.LIVE)) {
            h.setProcessingTime(T0);
            h.processElement(RolloutInput.of(command(ControlType.ROLLOUT_START, T0, Map.of("plan", PLAN))), T0);
            for (Map<String, String> args : limitCommands) {
                h.processElement(RolloutInput.of(command(ControlType.SET_LIMITS, T0 + 1, args)), T0 + 1);
            }
            for (int i = 0; i < 3; i++) {
                h.processElement(RolloutInput.of(order("o" + i, T0 + 10 + i, OrderEventType.PLACED)), T0 + 10 + i);
            }
            h.processElement(RolloutInput.of(order("o0", T0 + 20, OrderEventType.ERROR)), T0 + 20);
            h.setProcessingTime(T0 + 1_000);
            List<RolloutStatus> out = h.extractOutputValues();
            assertThat(out).as("the start, then the analysis of T0 + 1000").hasSize(2);
            return out.get(1).checks().stream().filter(c -> c.name().equals("error_rate")).findFirst().orElseThrow();
        }
    }

    private static OrderEvent order(String orderId, long ts, OrderEventType type) {
        return new OrderEvent(ts, type, orderId, "AAA", Side.BUY, "acct", "challenger", true, 1.0, 100.0, 100.0,
                null, null, null, null);
    }

    private static RolloutCheck slippage(RolloutStatus status) {
        return status.checks().stream().filter(c -> c.name().equals("slippage")).findFirst().orElseThrow();
    }

    private static ControlCommand command(ControlType type, long ts, Map<String, String> args) {
        return new ControlCommand("c-" + type.wire() + "-" + ts, ts, "ops", type, args);
    }

    private static TcaRecord fill(String orderId, long ts, boolean canary, double slippage) {
        Map<String, Double> markouts = new HashMap<>();
        markouts.put("1s", null);
        markouts.put("5s", null);
        markouts.put("60s", null);
        return new TcaRecord(orderId, "AAA", ts, Side.BUY, canary ? "challenger" : "champion", canary, 1.0, 100.0,
                100.0, 100.0, 0.0, slippage, null, markouts, false, false);
    }
}

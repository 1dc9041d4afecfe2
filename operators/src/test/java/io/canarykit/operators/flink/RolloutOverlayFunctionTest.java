package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.rollout.RolloutStatuses;
import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Gates;
import io.canarykit.schema.Mode;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RolloutOverlayFunctionTest {

    private static final long T0 = 1_767_225_600_000L;

    private static KeyedBroadcastOperatorTestHarness<String, GateDecision, RolloutStatus, GateDecision> harness(
            JobClock clock) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new RolloutOverlayFunction(clock),
                GateDecision::symbol, Types.STRING, RolloutOverlayFunction.STATUSES);
    }

    @Test
    void withNoRolloutEveryDecisionPassesUnchanged() throws Exception {
        try (var h = harness(JobClock.LIVE)) {
            GateDecision d = decision("AAA", T0, 7_000, Mode.NORMAL, null);
            h.processElement(d, T0);
            assertThat(h.extractOutputValues()).containsExactly(d);
        }
    }

    @Test
    void liveAChangeOfStepOrStateResendsEverySymbolsLastDecisionAtOnceWithRisingSeq() throws Exception {
        try (var h = harness(JobClock.LIVE)) {
            h.processElement(decision("AAA", T0, 10, Mode.NORMAL, null), T0);
            h.processElement(decision("BBB", T0, 20, Mode.HALTED, null), T0);
            h.processBroadcastElement(running(0, 0.05, null), T0 + 1);
            // Both symbols again, seq + 1: the open one at the rollout's share, the halted one at 0.
            List<GateDecision> out = h.extractOutputValues();
            assertThat(out).hasSize(4);
            assertThat(out.subList(2, 4)).extracting(GateDecision::symbol, GateDecision::seq, GateDecision::canaryShare)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("AAA", 11L, 0.05),
                            org.assertj.core.groups.Tuple.tuple("BBB", 21L, 0.0));
            // A new analysis with the same step and share changes no routing: nothing is sent.
            h.processBroadcastElement(running(0, 0.05, T0 + 60_000), T0 + 60_000);
            assertThat(h.extractOutputValues()).hasSize(4);
            h.processBroadcastElement(new RolloutStatus(RolloutState.ABORTED, 0, 3, 0.0, false, T0, null,
                    "aborted after 2 failed analyses in a row: slippage (worse)", List.of(), T0 + 120_000), T0 + 120_000);
            GateDecision aborted = h.extractOutputValues().stream().filter(d -> d.symbol().equals("AAA"))
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(aborted.seq()).isEqualTo(12);
            assertThat(aborted.canaryShare()).isZero();
            assertThat(aborted.gates().canary()).isEqualTo(CanaryCut.ROLLOUT_ABORTED);
            // The gate's next decision keeps the count of decisions sent again.
            h.processElement(decision("AAA", T0 + 121_000, 13, Mode.NORMAL, null), T0 + 121_000);
            GateDecision next = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
            assertThat(next.seq()).isEqualTo(15);
            assertThat(next.rollout().state()).isEqualTo(RolloutState.ABORTED);
        }
    }

    @Test
    void inReplayADecisionCarriesTheStatusInForceAtItsTimeWhicheverArrivesFirst() throws Exception {
        try (var h = harness(JobClock.EVENT)) {
            // The decision of T0 + 2000 arrives before the status of T0 + 1000.
            h.processElement(decision("AAA", T0 + 500, 1, Mode.NORMAL, null), T0 + 500);
            h.processElement(decision("AAA", T0 + 2_000, 2, Mode.NORMAL, null), T0 + 2_000);
            h.processBroadcastElement(running(0, 0.05, null), T0 + 1_000);
            h.processBroadcastWatermark(T0 + 2_000);
            h.processWatermark(T0 + 2_000);
            List<GateDecision> out = h.extractOutputValues();
            assertThat(out).extracting(GateDecision::seq).containsExactly(1L, 2L);
            assertThat(out.get(0).rollout()).isNull();
            assertThat(out.get(1).canaryShare()).isEqualTo(0.05);
            // A change after the last decision reaches it at the end of the input.
            h.processBroadcastElement(running(1, 0.10, null), T0 + 3_000);
            h.processBroadcastWatermark(Long.MAX_VALUE);
            h.processWatermark(Long.MAX_VALUE);
            GateDecision last = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
            assertThat(last.seq()).isEqualTo(3);
            assertThat(last.ts()).isEqualTo(T0 + 2_000);
            assertThat(last.canaryShare()).isEqualTo(0.10);
        }
    }

    @Test
    void aPromotionTakesTheRolloutOffTheDecisions() throws Exception {
        try (var h = harness(JobClock.LIVE)) {
            h.processBroadcastElement(running(0, 0.05, null), T0);
            h.processElement(decision("AAA", T0 + 1, 5, Mode.NORMAL, null), T0 + 1);
            h.processBroadcastElement(RolloutStatuses.idle(T0 + 2, "ended by the promotion by ops"), T0 + 2);
            GateDecision after = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
            assertThat(after.seq()).isEqualTo(6);
            assertThat(after.rollout()).isNull();
            assertThat(after.canaryShare()).as("the gate's own share again").isEqualTo(0.01);
        }
    }

    @Test
    void onRocksDbBehindAHeapLayerAChangeResendsTheSymbolsOnTheHeapAndThoseOnlyInTheBackend() throws Exception {
        // One key on the heap: of three symbols, two have left it for RocksDB when the change comes.
        var operator = new WriteBehindBroadcastOperator<>(new RolloutOverlayFunction(JobClock.LIVE),
                List.of(RolloutOverlayFunction.STATUSES), WriteBehindSettings.atCheckpoints(1));
        try (var h = new KeyedBroadcastOperatorTestHarness<>(operator, GateDecision::symbol, Types.STRING, 128, 1, 0)) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
            h.open();
            h.processElement(decision("AAA", T0, 10, Mode.NORMAL, null), T0);
            h.processElement(decision("BBB", T0, 20, Mode.HALTED, null), T0);
            h.processElement(decision("AAA", T0 + 1, 11, Mode.NORMAL, null), T0 + 1);
            // CCC, the newest, has never left the heap: RocksDB does not know it yet.
            h.processElement(decision("CCC", T0 + 1, 30, Mode.NORMAL, null), T0 + 1);
            h.processBroadcastElement(running(0, 0.05, null), T0 + 2);

            List<GateDecision> out = h.extractOutputValues();
            assertThat(out.subList(4, out.size()))
                    .extracting(GateDecision::symbol, GateDecision::seq, GateDecision::canaryShare)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("AAA", 12L, 0.05),
                            org.assertj.core.groups.Tuple.tuple("BBB", 21L, 0.0),
                            org.assertj.core.groups.Tuple.tuple("CCC", 31L, 0.05));
            // The count of decisions sent again stays with each symbol, wherever its state is held.
            h.processElement(decision("CCC", T0 + 3, 31, Mode.NORMAL, null), T0 + 3);
            assertThat(h.extractOutputValues().get(h.extractOutputValues().size() - 1).seq()).isEqualTo(32);
        }
    }

    @Test
    void aSnapshotTakenWithoutTheHeapLayerRestoresIntoTheOverlayWithIt() throws Exception {
        var plain = new CoBroadcastWithKeyedOperator<>(new RolloutOverlayFunction(JobClock.LIVE),
                List.of(RolloutOverlayFunction.STATUSES));
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var before = new KeyedBroadcastOperatorTestHarness<>(plain, GateDecision::symbol, Types.STRING, 128, 1, 0)) {
            before.setStateBackend(new EmbeddedRocksDBStateBackend());
            before.open();
            before.processElement(decision("AAA", T0, 10, Mode.NORMAL, null), T0);
            before.processElement(decision("BBB", T0, 20, Mode.HALTED, null), T0);
            before.processBroadcastElement(running(0, 0.05, null), T0 + 1);
            assertThat(before.extractOutputValues()).extracting(GateDecision::seq).containsExactlyInAnyOrder(10L, 20L, 11L, 21L);
            snapshot = before.snapshot(1L, T0 + 2);
        }
        var layered = new WriteBehindBroadcastOperator<>(new RolloutOverlayFunction(JobClock.LIVE),
                List.of(RolloutOverlayFunction.STATUSES), WriteBehindSettings.atCheckpoints(1));
        try (var after = new KeyedBroadcastOperatorTestHarness<>(layered, GateDecision::symbol, Types.STRING, 128, 1, 0)) {
            after.setStateBackend(new EmbeddedRocksDBStateBackend());
            after.initializeState(snapshot);
            after.open();
            // The abort reaches both symbols, each once more than it was sent again before the snapshot.
            after.processBroadcastElement(new RolloutStatus(RolloutState.ABORTED, 0, 3, 0.0, false, T0, null,
                    "aborted by ops", List.of(), T0 + 3), T0 + 3);
            assertThat(after.extractOutputValues())
                    .extracting(GateDecision::symbol, GateDecision::seq, GateDecision::canaryShare)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("AAA", 12L, 0.0),
                            org.assertj.core.groups.Tuple.tuple("BBB", 22L, 0.0));
        }
    }

    private static RolloutStatus running(int step, double share, Long analysedAt) {
        return new RolloutStatus(RolloutState.RUNNING, step, 3, share, false, T0 + step, T0 + step + 300_000,
                "started by ops", List.of(), analysedAt);
    }

    private static GateDecision decision(String symbol, long ts, long seq, Mode mode, CanaryCut cut) {
        boolean halted = mode == Mode.HALTED;
        return new GateDecision(symbol, ts, seq, ts + 10_000, !halted, mode, halted ? 0 : 1, List.of(),
                new Gates(false, false, false, false, false, false, halted, cut), "champion", "champion", "challenger",
                false, halted ? 0 : 0.01, 100.0, false, null);
    }
}

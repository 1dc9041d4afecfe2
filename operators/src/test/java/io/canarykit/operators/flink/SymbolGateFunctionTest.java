package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.ReferenceProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class SymbolGateFunctionTest {

    private static final String CHAMPION = "champion_1";
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private static GateSettings settings(JobClock clock, boolean armed, long idleTtlMs) {
        ReferenceProfile profile = new ReferenceProfile(CHAMPION,
                Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
        return GateSettings.of(KitConfig.defaults(), List.of(profile), CHAMPION, null, clock, armed, idleTtlMs);
    }

    private static KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> harness(
            GateSettings settings) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new SymbolGateFunction(settings), SymbolEvent::symbol, Types.STRING,
                Descriptors.CONTROL_TIMELINE, Descriptors.ACCOUNT_TIMELINE, Descriptors.REFERENCE_TIMELINE);
    }

    private static void quotes(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h,
            String symbol, long ts) throws Exception {
        h.processElement(SymbolEvent.of(new MarketQuote(ts, symbol, Feed.PRIMARY, 100.0, 100.02, null, null)), ts);
        h.processElement(SymbolEvent.of(new MarketQuote(ts, symbol, Feed.REFERENCE, 100.0, 100.02, null, null)), ts);
    }

    @Test
    void appliesEventsOnlyOnceTheWatermarkPassesThem() throws Exception {
        try (var h = harness(settings(JobClock.REPLAY, true, 3_600_000L))) {
            quotes(h, "BTCUSDT", T0);
            assertThat(h.extractOutputValues()).isEmpty();

            h.processBroadcastWatermark(Long.MAX_VALUE);
            h.processWatermark(T0);

            List<GateDecision> decisions = h.extractOutputValues();
            assertThat(decisions).hasSize(1);
            assertThat(decisions.get(0).allow()).isTrue();
            assertThat(decisions.get(0).ts()).isEqualTo(T0);
        }
    }

    @Test
    void liveAppliesEachEventOnArrivalWithNoWatermark() throws Exception {
        try (var h = harness(settings(JobClock.LIVE, true, 3_600_000L))) {
            h.setProcessingTime(T0);
            h.processElement(SymbolEvent.of(new MarketQuote(T0, "BTCUSDT", Feed.PRIMARY, 100.0, 100.02, null, null)), T0);

            // No watermark was ever sent: the decision is there at once, and nothing waits on event time.
            List<GateDecision> decisions = h.extractOutputValues();
            assertThat(decisions).hasSize(1);
            assertThat(decisions.get(0).ts()).isEqualTo(T0);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void liveEvaluatesALateEventAtTheNewestAppliedTimeAndKeepsTheNewerQuote() throws Exception {
        try (var h = harness(settings(JobClock.LIVE, true, 3_600_000L))) {
            h.setProcessingTime(T0 + 2_000);
            quotes(h, "BTCUSDT", T0 + 2_000);
            // A reference quote 50 bps away, stamped before the newest applied time: it arrives late.
            h.processElement(SymbolEvent.of(new MarketQuote(T0, "BTCUSDT", Feed.REFERENCE, 100.5, 100.52, null, null)), T0);

            // The clock does not run back, and the newer reference quote stays the feed's latest: taken
            // as the latest, the late one would halt the symbol on a 50 bps dislocation.
            assertThat(kpis(h)).isNotEmpty().extracting(KpiRecord::ts).containsOnly(T0 + 2_000);
            List<GateDecision> decisions = h.extractOutputValues();
            assertThat(decisions).extracting(GateDecision::ts).containsExactly(T0 + 2_000);
            assertThat(decisions.get(0).allow()).isTrue();
        }
    }

    @Test
    void seqRisesWithEveryDecision() throws Exception {
        try (var h = harness(settings(JobClock.REPLAY, true, 3_600_000L))) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            for (int i = 0; i < 40; i++) {
                long ts = T0 + i * 1_000L;
                // Every fifth second the feed goes stale for a moment, so the verdict changes too.
                if (i % 5 != 4) {
                    quotes(h, "BTCUSDT", ts);
                }
                h.processWatermark(ts);
            }
            List<GateDecision> decisions = h.extractOutputValues();
            assertThat(decisions.size()).isGreaterThan(3);
            for (int i = 1; i < decisions.size(); i++) {
                assertThat(decisions.get(i).seq()).isGreaterThan(decisions.get(i - 1).seq());
            }
        }
    }

    @Test
    void killSwitchHaltsEverySymbolAtOnceEvenWithoutNewInput() throws Exception {
        try (var h = harness(settings(JobClock.LIVE, true, 3_600_000L))) {
            h.setProcessingTime(T0);
            quotes(h, "BTCUSDT", T0);
            quotes(h, "ETHUSDT", T0);
            h.processBroadcastWatermark(Long.MAX_VALUE);
            h.processWatermark(T0);
            int before = h.extractOutputValues().size();

            h.processBroadcastElement(BroadcastEvent.of(new ControlCommand("k1", T0, "ops", ControlType.KILL, Map.of())), T0);

            List<GateDecision> after = h.extractOutputValues().subList(before, h.extractOutputValues().size());
            Map<String, GateDecision> latest = new HashMap<>();
            after.forEach(d -> latest.put(d.symbol(), d));
            assertThat(latest).containsOnlyKeys("BTCUSDT", "ETHUSDT");
            latest.values().forEach(d -> {
                assertThat(d.allow()).isFalse();
                assertThat(d.reasons()).contains(GateReason.KILL_SWITCH);
            });
        }
    }

    @Test
    void livePinToAModelWithoutAProfileHaltsAtOnceAndItsPublishedProfileLiftsIt() throws Exception {
        try (var h = harness(settings(JobClock.LIVE, true, 3_600_000L))) {
            h.setProcessingTime(T0);
            quotes(h, "BTCUSDT", T0);
            h.processBroadcastWatermark(Long.MAX_VALUE);
            h.processWatermark(T0);
            assertThat(h.extractOutputValues().get(h.extractOutputValues().size() - 1).allow()).isTrue();

            h.processBroadcastElement(BroadcastEvent.of(new ControlCommand("p1", T0, "ops", ControlType.PIN,
                    Map.of("model_id", "unprofiled_2"))), T0);
            GateDecision pinned = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
            assertThat(pinned.modelId()).isEqualTo("unprofiled_2");
            assertThat(pinned.reasons()).containsExactly(GateReason.NO_REFERENCE_PROFILE);

            // Live, a published profile holds on arrival, whatever its ts, and re-decides every symbol.
            h.processBroadcastElement(BroadcastEvent.of(new ReferenceProfile("unprofiled_2",
                    Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})), T0 + 60_000L)), T0);
            GateDecision profiled = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
            assertThat(profiled.reasons()).isEmpty();
            assertThat(profiled.allow()).isTrue();
            assertThat(h.getSideOutput(Descriptors.DLQ)).isNullOrEmpty();
        }
    }

    @Test
    void onPromoteTheChallengersWindowInKeyedStateGoesOnAsTheChampions() throws Exception {
        FeatureBins even = new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5});
        GateSettings settings = GateSettings.of(KitConfig.defaults(), List.of(new ReferenceProfile(CHAMPION,
                Map.of("x", even)), new ReferenceProfile("challenger_2", Map.of("x", even))), CHAMPION, "challenger_2",
                JobClock.REPLAY, true, 3_600_000L);
        try (var h = harness(settings)) {
            quotes(h, "BTCUSDT", T0);
            for (int i = 0; i < 100; i++) {
                h.processElement(SymbolEvent.of(new FeatureVector(T0, "BTCUSDT", "challenger_2",
                        Map.of("x", i < 70 ? -1.0 : 1.0))), T0);
            }
            h.processBroadcastElement(BroadcastEvent.of(new ControlCommand("p1", T0 + 1_000, "ops", ControlType.PROMOTE,
                    Map.of("challenger", "challenger_2"))), T0 + 1_000);
            h.processBroadcastWatermark(Long.MAX_VALUE);
            quotes(h, "BTCUSDT", T0 + 1_000);
            h.processWatermark(T0 + 1_000);

            KpiRecord promoted = h.getSideOutput(Descriptors.KPIS).stream().map(StreamRecord::getValue)
                    .filter(k -> k.ts() == T0 + 1_000).reduce((a, b) -> b).orElseThrow();
            // The challenger's 100 values, 70 below 0 and 30 above, against 50/50:
            // (0.7-0.5)ln(0.7/0.5) + (0.3-0.5)ln(0.3/0.5) = 0.0672944 + 0.1021651.
            assertThat(promoted.modelId()).isEqualTo("challenger_2");
            assertThat(promoted.psi()).isCloseTo(0.1694596, org.assertj.core.api.Assertions.offset(1e-6));
            assertThat(promoted.samples()).containsEntry("psi.x", 100L);
        }
    }

    @Test
    void aReferenceRecordThatCannotBeUsedGoesToTheDlqAndChangesNothing() throws Exception {
        try (var h = harness(settings(JobClock.LIVE, true, 3_600_000L))) {
            h.setProcessingTime(T0);
            quotes(h, "BTCUSDT", T0);
            int before = h.extractOutputValues().size();

            // No ts: the decoder refuses it on the topic; one that reaches the operator anyway is refused here.
            h.processBroadcastElement(BroadcastEvent.of(new ReferenceProfile(CHAMPION,
                    Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})))), T0);

            assertThat(h.getSideOutput(Descriptors.DLQ).stream().map(StreamRecord::getValue)).singleElement().satisfies(d -> {
                assertThat(d.topic()).isEqualTo("kit.reference");
                assertThat(d.reason()).isEqualTo("invalid_value");
                assertThat(d.detail()).contains("needs its ts");
            });
            assertThat(h.extractOutputValues()).hasSize(before);
        }
    }

    @Test
    void setLimitsChangesTheHeartbeatAndTtlOfTheNextDecisions() throws Exception {
        try (var h = harness(settings(JobClock.LIVE, true, 3_600_000L))) {
            h.setProcessingTime(T0);
            h.processBroadcastWatermark(Long.MAX_VALUE);
            h.processBroadcastElement(BroadcastEvent.of(new ControlCommand("l1", T0, "ops", ControlType.SET_LIMITS,
                    Map.of("DECISION_HEARTBEAT_MS", "1000", "DECISION_TTL_MS", "3000"))), T0);
            quotes(h, "BTCUSDT", T0);
            h.processWatermark(T0);
            // The configured heartbeat is 5 s; the command's 1 s beat is due at T0 + 1000.
            h.setProcessingTime(T0 + 1_000);

            List<GateDecision> decisions = h.extractOutputValues();
            assertThat(decisions).extracting(GateDecision::ts).containsExactly(T0, T0 + 1_000);
            assertThat(decisions).allSatisfy(d -> assertThat(d.validUntil() - d.ts()).isEqualTo(3_000));
        }
    }

    @Test
    void sendsAKpiRecordAtMostOncePerIntervalWhileTheDecisionHolds() throws Exception {
        try (var h = harness(settings(JobClock.REPLAY, true, 3_600_000L))) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            for (long ts = T0; ts <= T0 + 3_000; ts += 250) {
                quotes(h, "BTCUSDT", ts);
            }
            h.processWatermark(T0 + 3_000);

            // 13 applied timestamps, one decision: a record on the first and then every KPI_INTERVAL_MS (1 s).
            List<KpiRecord> kpis = kpis(h);
            assertThat(kpis).extracting(KpiRecord::ts).containsExactly(T0, T0 + 1_000, T0 + 2_000, T0 + 3_000);
            assertThat(kpis.get(1).feedDislocationBps()).isEqualTo(0.0);
        }
    }

    @Test
    void sendsAKpiRecordAtOnceWhenTheDecisionChanges() throws Exception {
        try (var h = harness(settings(JobClock.REPLAY, true, 3_600_000L))) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            quotes(h, "BTCUSDT", T0);
            // The reference mid 10 bps away: the dislocation gate halts the symbol 250 ms later.
            h.processElement(SymbolEvent.of(new MarketQuote(T0 + 250, "BTCUSDT", Feed.PRIMARY, 100.0, 100.02, null, null)), T0 + 250);
            h.processElement(SymbolEvent.of(new MarketQuote(T0 + 250, "BTCUSDT", Feed.REFERENCE, 100.1, 100.12, null, null)), T0 + 250);
            quotes(h, "BTCUSDT", T0 + 500);
            h.processWatermark(T0 + 500);

            assertThat(kpis(h)).extracting(KpiRecord::ts).containsExactly(T0, T0 + 250, T0 + 500);
            assertThat(h.extractOutputValues()).extracting(GateDecision::ts).containsExactly(T0, T0 + 250, T0 + 500);
        }
    }

    @Test
    void setLimitsChangesTheKpiInterval() throws Exception {
        try (var h = harness(settings(JobClock.REPLAY, true, 3_600_000L))) {
            h.processBroadcastElement(BroadcastEvent.of(new ControlCommand("l1", T0 - 1, "ops", ControlType.SET_LIMITS,
                    Map.of("KPI_INTERVAL_MS", "500"))), T0 - 1);
            h.processBroadcastWatermark(Long.MAX_VALUE);
            for (long ts = T0; ts <= T0 + 1_000; ts += 250) {
                quotes(h, "BTCUSDT", ts);
            }
            h.processWatermark(T0 + 1_000);

            assertThat(kpis(h)).extracting(KpiRecord::ts).containsExactly(T0, T0 + 500, T0 + 1_000);
        }
    }

    private static List<KpiRecord> kpis(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h) {
        return h.getSideOutput(Descriptors.KPIS).stream().map(r -> r.getValue()).toList();
    }

    @Test
    void dropsTheStateAndTimersOfAnIdleSymbol() throws Exception {
        long ttl = 60_000;
        try (var h = harness(settings(JobClock.REPLAY, true, ttl))) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            quotes(h, "BTCUSDT", T0);
            h.processWatermark(T0);
            assertThat(keyedStateEntries(h)).isPositive();

            h.processWatermark(T0 + ttl);

            assertThat(keyedStateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /** Entries of every keyed state; the harness runs on the heap backend, which can count them. */
    private static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h) {
        var operator = (AbstractStreamOperator<?>) h.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }
}

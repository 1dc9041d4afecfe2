package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.flink.state.RingBlockSerializer;
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
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
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

    /** Both feeds' quotes and a feature vector of the model in use: every input a healthy symbol needs. */
    private static void quotes(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h,
            String symbol, long ts) throws Exception {
        h.processElement(SymbolEvent.of(new MarketQuote(ts, symbol, Feed.PRIMARY, 100.0, 100.02, null, null)), ts);
        h.processElement(SymbolEvent.of(new MarketQuote(ts, symbol, Feed.REFERENCE, 100.0, 100.02, null, null)), ts);
        h.processElement(SymbolEvent.of(new FeatureVector(ts, symbol, CHAMPION, Map.of("x", 0.5))), ts);
    }

    @Test
    void appliesEventsOnlyOnceTheWatermarkPassesThem() throws Exception {
        try (var h = harness(settings(JobClock.EVENT, true, 3_600_000L))) {
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
            // (Live, each of the healthy inputs is decided as it arrives, so the symbol opens on the last one.)
            assertThat(kpis(h)).isNotEmpty().extracting(KpiRecord::ts).containsOnly(T0 + 2_000);
            List<GateDecision> decisions = h.extractOutputValues();
            assertThat(decisions).extracting(GateDecision::ts).containsOnly(T0 + 2_000);
            assertThat(decisions.get(decisions.size() - 1).allow()).isTrue();
        }
    }

    @Test
    void seqRisesWithEveryDecision() throws Exception {
        try (var h = harness(settings(JobClock.EVENT, true, 3_600_000L))) {
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
            // No vector of the pinned model yet: its features are stale as well, until its stream shows.
            assertThat(pinned.reasons()).containsExactly(GateReason.FEATURES_STALE, GateReason.NO_REFERENCE_PROFILE);
            h.processElement(SymbolEvent.of(new FeatureVector(T0, "BTCUSDT", "unprofiled_2", Map.of("x", 1.0))), T0);
            assertThat(h.extractOutputValues().get(h.extractOutputValues().size() - 1).reasons())
                    .containsExactly(GateReason.NO_REFERENCE_PROFILE);

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
                JobClock.EVENT, true, 3_600_000L);
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
    void replayKeepsEachVersionToItsOwnTimeWhenAnOlderOneIsPublishedAfterTheBookWasRead() throws Exception {
        long older = T0 + 6_000;
        long newest = T0 + 10_000;
        try (var h = harness(settings(JobClock.EVENT, true, 3_600_000L))) {
            h.processBroadcastElement(BroadcastEvent.of(profile(CHAMPION, 0.9, 0.1, newest)), T0);
            h.processBroadcastWatermark(Long.MAX_VALUE);
            for (int i = 0; i < 100; i++) {
                h.processElement(SymbolEvent.of(new FeatureVector(T0 + 1_000 + i, "BTCUSDT", CHAMPION,
                        Map.of("x", i < 60 ? -1.0 : 1.0))), T0 + 1_000 + i);
            }
            bothFeeds(h, T0 + 1_100);
            // The symbol has read the book with the newest version in it before the older ones arrive.
            h.processWatermark(T0 + 1_100);
            h.processBroadcastElement(BroadcastEvent.of(profile(CHAMPION, 0.7, 0.3, older)), T0 + 1_100);
            h.processBroadcastElement(BroadcastEvent.of(profile("challenger_2", 0.2, 0.8, T0 + 3_000)), T0 + 1_100);
            for (long ts : new long[] {T0 + 3_500, older + 500, newest + 500}) {
                bothFeeds(h, ts);
                h.processWatermark(ts);
            }

            // 60 of 100 below the edge, by hand: against 50/50 (0.6-0.5)ln(0.6/0.5) + (0.4-0.5)ln(0.4/0.5);
            // against 70/30 (0.6-0.7)ln(0.6/0.7) + (0.4-0.3)ln(0.4/0.3); against 90/10 0.3ln(1.5) + 0.3ln(4).
            assertThat(psiAt(h, T0 + 3_500)).isCloseTo(0.0405465, org.assertj.core.api.Assertions.offset(1e-6));
            assertThat(psiAt(h, older + 500)).isCloseTo(0.0441833, org.assertj.core.api.Assertions.offset(1e-6));
            assertThat(psiAt(h, newest + 500)).isCloseTo(0.5375278, org.assertj.core.api.Assertions.offset(1e-6));
        }
    }

    private static ReferenceProfile profile(String model, double below, double above, long since) {
        return new ReferenceProfile(model, Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {below, above})),
                since);
    }

    /** Both feeds' quotes, no feature vector. */
    private static void bothFeeds(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h,
            long ts) throws Exception {
        h.processElement(SymbolEvent.of(new MarketQuote(ts, "BTCUSDT", Feed.PRIMARY, 100.0, 100.02, null, null)), ts);
        h.processElement(SymbolEvent.of(new MarketQuote(ts, "BTCUSDT", Feed.REFERENCE, 100.0, 100.02, null, null)), ts);
    }

    private static Double psiAt(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h,
            long ts) {
        return h.getSideOutput(Descriptors.KPIS).stream().map(StreamRecord::getValue)
                .filter(k -> k.ts() == ts).reduce((a, b) -> b).orElseThrow().psi();
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

            // Live, the inputs at T0 are decided one by one as they arrive; then the heartbeat.
            List<GateDecision> decisions = h.extractOutputValues();
            assertThat(decisions).extracting(GateDecision::ts).containsOnly(T0, T0 + 1_000).endsWith(T0 + 1_000)
                    .filteredOn(ts -> ts == T0 + 1_000).hasSize(1);
            assertThat(decisions).allSatisfy(d -> assertThat(d.validUntil() - d.ts()).isEqualTo(3_000));
        }
    }

    @Test
    void sendsAKpiRecordAtMostOncePerIntervalWhileTheDecisionHolds() throws Exception {
        try (var h = harness(settings(JobClock.EVENT, true, 3_600_000L))) {
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
        try (var h = harness(settings(JobClock.EVENT, true, 3_600_000L))) {
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
        try (var h = harness(settings(JobClock.EVENT, true, 3_600_000L))) {
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

    @Test
    void liveARefusedPrimaryQuoteDoesNotRefreshStaleness() throws Exception {
        // Regression: live, the newest primary quote's time was taken before the quote was checked.
        try (var h = harness(settings(JobClock.LIVE, true, 3_600_000L))) {
            h.setProcessingTime(T0);
            quotes(h, "BTCUSDT", T0);
            h.setProcessingTime(T0 + 900);
            // Two finite prices whose mid overflows: the feed monitor refuses it (the decoder lets it by).
            h.processElement(SymbolEvent.of(new MarketQuote(T0 + 900, "BTCUSDT", Feed.PRIMARY, 1.6e308, 1.7e308,
                    null, null)), T0 + 900);
            h.setProcessingTime(T0 + 1_500);
            h.processElement(SymbolEvent.of(new FeatureVector(T0 + 1_500, "BTCUSDT", CHAMPION, Map.of("x", 0.5))),
                    T0 + 1_500);

            // 1.5 s since the last usable primary quote at T0, not 0.6 s since the refused one.
            KpiRecord last = kpis(h).get(kpis(h).size() - 1);
            assertThat(last.dataStaleSeconds()).isEqualTo(1.5);
            List<GateDecision> decisions = h.extractOutputValues();
            assertThat(decisions.get(decisions.size() - 1).reasons()).contains(GateReason.STALE);
            assertThat(h.getSideOutput(Descriptors.DLQ)).hasSize(1);
        }
    }

    @Test
    void inReplayARefusedPrimaryQuoteDoesNotRefreshStaleness() throws Exception {
        try (var h = harness(settings(JobClock.EVENT, true, 3_600_000L))) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            quotes(h, "BTCUSDT", T0);
            h.processElement(SymbolEvent.of(new MarketQuote(T0 + 900, "BTCUSDT", Feed.PRIMARY, 1.6e308, 1.7e308,
                    null, null)), T0 + 900);
            h.processElement(SymbolEvent.of(new FeatureVector(T0 + 1_500, "BTCUSDT", CHAMPION, Map.of("x", 0.5))),
                    T0 + 1_500);
            h.processWatermark(T0 + 1_500);

            assertThat(kpis(h)).extracting(KpiRecord::ts).endsWith(T0 + 1_500);
            assertThat(kpis(h).get(kpis(h).size() - 1).dataStaleSeconds()).isEqualTo(1.5);
        }
    }

    @Test
    void liveRefreshComputesEverySymbolsFiguresAtTheJobsClock() throws Exception {
        try (var h = harness(settings(JobClock.LIVE, true, 3_600_000L))) {
            h.setProcessingTime(T0);
            quotes(h, "BTCUSDT", T0);
            quotes(h, "ETHUSDT", T0);
            h.processBroadcastWatermark(Long.MAX_VALUE);
            int before = kpis(h).size();

            h.setProcessingTime(T0 + 700);
            h.processBroadcastElement(BroadcastEvent.of(
                    new ControlCommand("r1", T0 + 700, "ops", ControlType.REFRESH, Map.of())), T0 + 700);

            // Not the records at T0 again: fresh ones at the job's clock, 0.7 s after the last quote.
            List<KpiRecord> refreshed = kpis(h).subList(before, kpis(h).size());
            assertThat(refreshed).extracting(KpiRecord::symbol).containsExactlyInAnyOrder("BTCUSDT", "ETHUSDT");
            assertThat(refreshed).allSatisfy(k -> {
                assertThat(k.ts()).isEqualTo(T0 + 700);
                assertThat(k.dataStaleSeconds()).isEqualTo(0.7);
                assertThat(k.feedDislocationBps()).isEqualTo(0.0);
            });
        }
    }

    @Test
    void liveAFeatureStreamThatStopsHaltsTheSymbolOnTheJobsClock() throws Exception {
        try (var h = harness(settings(JobClock.LIVE, true, 3_600_000L))) {
            h.setProcessingTime(T0);
            quotes(h, "BTCUSDT", T0);
            // Only the feeds go on, once a second: the newest vector stays the one at T0.
            for (long at = 1_000; at <= 61_000; at += 1_000) {
                h.setProcessingTime(T0 + at);
                feeds(h, "BTCUSDT", T0 + at);
            }

            List<GateDecision> decisions = h.extractOutputValues();
            // (The inputs at T0 are decided one by one, the first ones before the vector has arrived.)
            assertThat(decisions).filteredOn(d -> d.ts() > T0 && d.ts() <= T0 + 60_000).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.reasons()).doesNotContain(GateReason.FEATURES_STALE));
            // 61,000 ms after the vector at T0, above FEATURES_STALE_MS (60,000).
            GateDecision last = decisions.get(decisions.size() - 1);
            assertThat(last.ts()).isEqualTo(T0 + 61_000);
            assertThat(last.reasons()).containsExactly(GateReason.FEATURES_STALE);
        }
    }

    @Test
    void setLimitsLowersAndRaisesTheSloMinimumSamples() throws Exception {
        try (var h = harness(settings(JobClock.EVENT, true, 3_600_000L))) {
            // 10 placed and 1 rejected at T0: error rate 0.1, which may fire only with a minimum of at most 10.
            quotes(h, "BTCUSDT", T0);
            for (int i = 0; i < 10; i++) {
                h.processElement(SymbolEvent.of(new OrderEvent(T0, OrderEventType.PLACED, "o-" + i, "BTCUSDT",
                        Side.BUY, "main", CHAMPION, false, 1.0, null, null, null, null, null, null)), T0);
            }
            h.processElement(SymbolEvent.of(new OrderEvent(T0, OrderEventType.REJECTED, "o-0", "BTCUSDT",
                    Side.BUY, "main", CHAMPION, false, null, null, null, null, null, null, null)), T0);
            h.processBroadcastElement(BroadcastEvent.of(new ControlCommand("l1", T0 + 1_000, "ops",
                    ControlType.SET_LIMITS, Map.of("SLO_MIN_SAMPLES", "10"))), T0 + 1_000);
            h.processBroadcastElement(BroadcastEvent.of(new ControlCommand("l2", T0 + 2_000, "ops",
                    ControlType.SET_LIMITS, Map.of("SLO_MIN_SAMPLES", "11"))), T0 + 2_000);
            h.processBroadcastWatermark(Long.MAX_VALUE);
            for (long ts = T0; ts <= T0 + 2_500; ts += 500) {
                quotes(h, "BTCUSDT", ts);
                h.processWatermark(ts);
            }

            Map<Long, GateDecision> byTs = new HashMap<>();
            h.extractOutputValues().forEach(d -> byTs.put(d.ts(), d));
            assertThat(byTs.get(T0).reasons()).as("the configured 20").isEmpty();
            assertThat(byTs.get(T0 + 1_000).reasons()).as("lowered to 10").containsExactly(GateReason.SLO_ERROR_RATE);
            assertThat(byTs.get(T0 + 1_000).kpis().errorRate()).isEqualTo(0.1);
            assertThat(byTs.get(T0 + 2_000).reasons()).as("raised to 11").isEmpty();
            assertThat(byTs.get(T0 + 2_000).kpis().errorRate()).isNull();
        }
    }

    /** Both feeds' quotes without a feature vector. */
    private static void feeds(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h,
            String symbol, long ts) throws Exception {
        h.processElement(SymbolEvent.of(new MarketQuote(ts, symbol, Feed.PRIMARY, 100.0, 100.02, null, null)), ts);
        h.processElement(SymbolEvent.of(new MarketQuote(ts, symbol, Feed.REFERENCE, 100.0, 100.02, null, null)), ts);
    }

    private static List<KpiRecord> kpis(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h) {
        return h.getSideOutput(Descriptors.KPIS).stream().map(r -> r.getValue()).toList();
    }

    @Test
    void dropsTheStateAndTimersOfAnIdleSymbol() throws Exception {
        long ttl = 60_000;
        try (var h = harness(settings(JobClock.EVENT, true, ttl))) {
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

    private static void primary(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h,
            long ts, double mid) throws Exception {
        h.processElement(SymbolEvent.of(new MarketQuote(ts, "BTCUSDT", Feed.PRIMARY, mid - 0.01, mid + 0.01, null, null)), ts);
    }

    private static void fill(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h,
            String orderId, long ts, Side side, double qty, double px) throws Exception {
        h.processElement(SymbolEvent.of(new OrderEvent(ts, OrderEventType.FILL, orderId, "BTCUSDT", side, null, CHAMPION,
                false, qty, null, 100.0, null, qty, px, 0.0)), ts);
    }

    private static List<TcaRecord> tca(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h) {
        return h.getSideOutput(Descriptors.TCA).stream().map(r -> r.getValue()).toList();
    }

    @Test
    void replaySendsAFillAtOnceAndAgainFinalWithItsMarkouts() throws Exception {
        try (var h = harness(settings(JobClock.EVENT, true, 3_600_000L))) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            primary(h, T0, 100.00);
            fill(h, "o1", T0, Side.BUY, 2.0, 100.00);
            // The quote stamped exactly at T0+1000 counts for the 1 s horizon; the one at T0+1001 does not.
            primary(h, T0 + 1_000, 100.05);
            primary(h, T0 + 1_001, 99.00);
            primary(h, T0 + 4_000, 100.10);
            primary(h, T0 + 61_000, 90.00);
            h.processWatermark(T0 + 59_999);

            List<TcaRecord> sent = tca(h);
            assertThat(sent).singleElement().satisfies(r -> {
                assertThat(r.isFinal()).isFalse();
                assertThat(r.markoutsBps().values()).containsOnlyNulls();
            });

            h.processWatermark(T0 + 60_000);

            // By hand, buy at 100.00: 1 s (100.05 - 100) / 100 * 1e4 = +5; 5 s and 60 s, the mid of T0+4000,
            // (100.10 - 100) / 100 * 1e4 = +10.
            assertThat(tca(h)).hasSize(2);
            TcaRecord done = tca(h).get(1);
            assertThat(done.isFinal()).isTrue();
            assertThat(done.orderId()).isEqualTo("o1");
            assertThat(done.markoutsBps().get("1s")).isCloseTo(5.0, within(1e-9));
            assertThat(done.markoutsBps().get("5s")).isCloseTo(10.0, within(1e-9));
            assertThat(done.markoutsBps().get("60s")).isCloseTo(10.0, within(1e-9));
        }
    }

    @Test
    void replayLeavesNoMarkoutStateOrTimerOnceFinal() throws Exception {
        long ttl = 3_600_000L;
        try (var h = harness(settings(JobClock.EVENT, true, ttl))) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            primary(h, T0, 100.00);
            h.processWatermark(T0);
            int withoutFill = keyedStateEntries(h);
            int timersWithoutFill = h.numEventTimeTimers();

            fill(h, "o1", T0 + 1, Side.SELL, 1.0, 100.00);
            h.processWatermark(T0 + 1);
            assertThat(keyedStateEntries(h)).isGreaterThan(withoutFill);
            assertThat(h.numEventTimeTimers()).isEqualTo(timersWithoutFill + 3);

            // A buy closes the position: a symbol that holds one is never idle.
            fill(h, "o2", T0 + 2, Side.BUY, 1.0, 100.00);
            h.processWatermark(T0 + 60_002);

            assertThat(tca(h)).last().satisfies(r -> assertThat(r.isFinal()).isTrue());
            // The fill's order memory stays (it dedups a repeat), so compare the markouts' own state only.
            assertThat(markoutEntries(h)).isZero();
            h.processWatermark(T0 + 2 + ttl);
            assertThat(markoutEntries(h)).isZero();
            // The day's trade counts outlive the idle cleanup until the UTC day ends, the fill keys until
            // the next day ends (a repeat counts once for two UTC days); then nothing is left.
            h.processWatermark(T0 + 86_400_000L);
            assertThat(keyedStateEntries(h)).isEqualTo(1);
            h.processWatermark(T0 + 2 * 86_400_000L);
            assertThat(keyedStateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void replayFinalisesAFillWhoseHorizonIsPastTheEndOfTheInputWithNoMarkout() throws Exception {
        try (var h = harness(settings(JobClock.EVENT, true, 3_600_000L))) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            primary(h, T0, 100.00);
            fill(h, "o1", T0, Side.BUY, 1.0, 100.00);
            primary(h, T0 + 6_000, 100.20);
            primary(h, T0 + 30_000, 100.40);

            // The end of the input: the watermark jumps to the end of time.
            h.processWatermark(Long.MAX_VALUE);

            TcaRecord done = tca(h).get(tca(h).size() - 1);
            assertThat(done.isFinal()).isTrue();
            // 1 s and 5 s: the mid of T0, 0 bps; 60 s falls after the input's end at T0+30000: unknown.
            assertThat(done.markoutsBps().get("1s")).isEqualTo(0.0);
            assertThat(done.markoutsBps().get("5s")).isEqualTo(0.0);
            assertThat(done.markoutsBps().get("60s")).isNull();
            assertThat(markoutEntries(h)).isZero();
        }
    }

    @Test
    void liveSettlesAtTheFirstPrimaryQuoteAfterAHorizonOrWhenTheClockReachesIt() throws Exception {
        try (var h = harness(settings(JobClock.LIVE, true, 3_600_000L))) {
            h.setProcessingTime(T0);
            primary(h, T0, 100.00);
            fill(h, "o1", T0, Side.SELL, 1.0, 100.00);
            h.setProcessingTime(T0 + 900);
            primary(h, T0 + 900, 99.80);
            // A quote stamped after the 1 s horizon, before the clock reaches it (the venue's clock runs
            // ahead): the 1 s markout is settled now, from the mid in force before it, 99.80.
            h.setProcessingTime(T0 + 950);
            primary(h, T0 + 1_100, 101.00);
            assertThat(markoutEntries(h)).isPositive();
            // No quote after 5 s or 60 s: the clock settles them, from the mid of T0+1100.
            h.setProcessingTime(T0 + 60_000);

            TcaRecord done = tca(h).get(tca(h).size() - 1);
            assertThat(done.isFinal()).isTrue();
            // Sell at 100: 1 s -1 * (99.80 - 100) / 100 * 1e4 = +20; 5 s and 60 s -1 * (101 - 100) / 100 * 1e4 = -100.
            assertThat(done.markoutsBps().get("1s")).isCloseTo(20.0, within(1e-9));
            assertThat(done.markoutsBps().get("5s")).isCloseTo(-100.0, within(1e-9));
            assertThat(done.markoutsBps().get("60s")).isCloseTo(-100.0, within(1e-9));
            assertThat(markoutEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void liveSettlesAQuietSymbolsHorizonsOnTheNextWholeSecondFromTheMidAtTheHorizon() throws Exception {
        try (var h = harness(settings(JobClock.LIVE, true, 3_600_000L))) {
            h.setProcessingTime(T0);
            primary(h, T0, 100.00);
            // Ten fills within one second: their thirty horizons share three timers (one per whole
            // second after each horizon), beside the heartbeat and the idle clean-up.
            for (int i = 0; i < 10; i++) {
                long ts = T0 + 250 + 50 * i;
                h.setProcessingTime(ts);
                fill(h, "q" + i, ts, Side.BUY, 1.0, 100.00);
            }
            assertThat(h.numProcessingTimeTimers()).isEqualTo(3 + 2);
            h.setProcessingTime(T0 + 700);
            primary(h, T0 + 700, 100.10);

            // The last fill's 60 s horizon is due at T0 + 60,700; its timer fires at T0 + 61,000.
            h.setProcessingTime(T0 + 60_999);
            assertThat(tca(h).stream().filter(TcaRecord::isFinal).count()).isZero();
            h.setProcessingTime(T0 + 61_000);

            List<TcaRecord> done = tca(h).stream().filter(TcaRecord::isFinal).toList();
            assertThat(done).hasSize(10);
            // Buy at 100, the mid in force at every horizon 100.10: +1 * (100.10 - 100) / 100 * 1e4 = +10 bps.
            for (TcaRecord r : done) {
                assertThat(r.markoutsBps().values()).allSatisfy(bps -> assertThat(bps).isCloseTo(10.0, within(1e-6)));
            }
            assertThat(markoutEntries(h)).isZero();
        }
    }

    /**
     * Entries of the markout book's own states: the pending fills, the three due logs' blocks (lanes 4,
     * 5 and 6 of the shared id blocks, a block's lane in its key's top byte), and any earlier layout's.
     */
    private static int markoutEntries(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h)
            throws Exception {
        var operator = (AbstractStreamOperator<?>) h.getOperator();
        var backend = operator.getKeyedStateBackend();
        int n = 0;
        for (String state : List.of("markouts", "markouts-due-1s-blocks", "markouts-due-5s-blocks", "markouts-due-60s-blocks",
                "markouts-due-1s-ring", "markouts-due-5s-ring", "markouts-due-60s-ring",
                "markouts-due-1s-late", "markouts-due-5s-late", "markouts-due-60s-late")) {
            n += (int) backend.getKeys(state, VoidNamespace.INSTANCE).count();
        }
        var idBlocks = new MapStateDescriptor<>("window-blocks-ids", Types.LONG, RingBlockSerializer.typeOf(Types.STRING));
        Object keyBefore = backend.getCurrentKey();
        for (Object key : backend.getKeys("window-blocks-ids", VoidNamespace.INSTANCE).toList()) {
            operator.setCurrentKey(key);
            MapState<Long, ?> blocks =
                    backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, idBlocks);
            for (Long blockKey : blocks.keys()) {
                long lane = blockKey >>> 56;
                if (lane >= 4 && lane <= 6) {
                    n++;
                }
            }
        }
        if (keyBefore != null) {
            operator.setCurrentKey(keyBefore);
        }
        return n;
    }
}

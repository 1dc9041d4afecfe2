package io.canarykit.operators.symbol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.canarykit.operators.account.AccountWatch;
import io.canarykit.operators.flink.AccountEvent;
import io.canarykit.operators.flink.BroadcastEvent;
import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.Mode;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SymbolWatchTest {

    private static final String MODEL = "champion_1";
    private static final long T0 = 1_767_225_600_000L;
    // One feature, two bins split at 0, expected 50/50.
    private static final ReferenceProfile PROFILE = new ReferenceProfile(MODEL,
            Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
    private static final ControlState ARMED = new ControlState(true, false, true, null, 0.0, MODEL, null);
    private static final SymbolSetup SETUP = new SymbolSetup(GateLimits.defaults(), Map.of(MODEL, PROFILE),
            ARMED, 1_800_000, 100, 300_000, 900_000, 20, 1_000, 5_000, 5_000);

    private final List<String> unusable = new ArrayList<>();

    private SymbolWatch watchWithQuotes(long ts) {
        SymbolWatch w = SymbolWatch.create("BTCUSDT", SETUP, SymbolWatch.Stores.onHeap(SETUP));
        quotes(w, ts);
        return w;
    }

    private void quotes(SymbolWatch w, long ts) {
        for (Feed feed : Feed.values()) {
            w.apply(SymbolEvent.of(new MarketQuote(ts, "BTCUSDT", feed, 100.0, 100.02, null, null)), ARMED,
                    tca -> { }, (e, reason, why) -> unusable.add(why));
        }
    }

    private void features(SymbolWatch w, long ts, int below, int above) {
        for (int i = 0; i < below + above; i++) {
            w.apply(SymbolEvent.of(new FeatureVector(ts, "BTCUSDT", MODEL, Map.of("x", i < below ? -1.0 : 1.0))),
                    ARMED, tca -> { }, (e, reason, why) -> unusable.add(why));
        }
    }

    @Test
    void aReDecisionCarriesTheLastEvaluationsRecordEvenAfterAPinResetsTheMonitors() {
        SymbolWatch w = watchWithQuotes(T0);
        features(w, T0, 60, 40);
        var evaluated = w.evaluate(T0, StaleClock.replay(T0), AccountView.fresh(T0), ARMED, GateLimits.defaults());

        // A heartbeat without new input: the record of the evaluation at T0, as it was.
        var beat = w.reevaluate(T0 + 5_000, StaleClock.replay(T0 + 5_000), AccountView.fresh(T0), ARMED,
                GateLimits.defaults(), false);
        assertThat(beat.kpi()).isEqualTo(evaluated.kpi());

        // A pin to a model without a profile restarts the drift monitors; the record stays the one at T0.
        ControlState pinned = new ControlState(true, false, true, "other_model", 0.0, MODEL, null);
        for (long t = T0 + 6_000; t <= T0 + 7_000; t += 1_000) {
            var again = w.reevaluate(t, StaleClock.replay(t), AccountView.fresh(T0), pinned, GateLimits.defaults(), true);
            assertThat(again.kpi()).isEqualTo(evaluated.kpi());
            assertThat(again.kpi().modelId()).isEqualTo(MODEL);
        }
        assertThat(w.lastKpi()).isEqualTo(evaluated.kpi());

        // Its state keeps that record while the monitors it was read from are gone.
        assertThat(w.state().frozenKpi()).isEqualTo(evaluated.kpi());
    }

    @Test
    void aHealthyArmedSymbolIsAllowedAtFullSize() {
        SymbolWatch w = watchWithQuotes(T0);
        features(w, T0, 50, 50);

        var ev = w.evaluate(T0, StaleClock.replay(T0), AccountView.fresh(T0), ARMED, GateLimits.defaults());

        assertThat(ev.verdict().allow()).isTrue();
        assertThat(ev.verdict().sizeMultiplier()).isEqualTo(1.0);
        assertThat(ev.kpi().psi()).isEqualTo(0.0);
        assertThat(ev.decision()).isNotNull();
        assertThat(unusable).isEmpty();
    }

    @Test
    void psiBetweenWarnAndHaltHalvesTheSize() {
        // 72 below, 28 above: psi = (0.72-0.5)ln(1.44) + (0.28-0.5)ln(0.56) = 0.0802 + 0.1276 = 0.2078.
        SymbolWatch w = watchWithQuotes(T0);
        features(w, T0, 72, 28);

        var ev = w.evaluate(T0, StaleClock.replay(T0), AccountView.fresh(T0), ARMED, GateLimits.defaults());

        assertThat(ev.kpi().psi()).isCloseTo(0.2078, offset(1e-4));
        assertThat(ev.verdict().reasons()).containsExactly(GateReason.PSI_WARN);
        assertThat(ev.verdict().sizeMultiplier()).isEqualTo(0.5);
    }

    @Test
    void psiAboveHaltStopsTheSymbol() {
        // 90/10: psi = 0.4 ln(1.8) + (-0.4) ln(0.2) = 0.2351 + 0.6438 = 0.8789.
        SymbolWatch w = watchWithQuotes(T0);
        features(w, T0, 90, 10);

        var ev = w.evaluate(T0, StaleClock.replay(T0), AccountView.fresh(T0), ARMED, GateLimits.defaults());

        assertThat(ev.verdict().mode()).isEqualTo(Mode.HALTED);
        assertThat(ev.verdict().reasons()).contains(GateReason.PSI);
    }

    @Test
    void aZeroMidQuoteIsUnusableAndChangesNothing() {
        SymbolWatch w = watchWithQuotes(T0);
        w.apply(SymbolEvent.of(new MarketQuote(T0 + 10, "BTCUSDT", Feed.PRIMARY, 0.0, 0.0, null, null)), ARMED,
                tca -> { }, (e, reason, why) -> unusable.add(why));

        assertThat(unusable).hasSize(1);
        var ev = w.evaluate(T0 + 10, StaleClock.replay(T0 + 10), AccountView.fresh(T0), ARMED, GateLimits.defaults());
        assertThat(ev.kpi().feedDislocationBps()).isEqualTo(0.0);
    }

    @Test
    void restoredFromItsStateItDecidesAlike() {
        SymbolSetup setup = SETUP;
        SymbolWatch.Stores stores = SymbolWatch.Stores.onHeap(setup);
        SymbolWatch w = SymbolWatch.create("BTCUSDT", setup, stores);
        w.apply(SymbolEvent.of(new MarketQuote(T0, "BTCUSDT", Feed.PRIMARY, 100.0, 100.02, null, null)), ARMED,
                tca -> { }, (e, reason, why) -> { });
        var first = w.evaluate(T0, StaleClock.replay(T0), AccountView.fresh(T0), ARMED, GateLimits.defaults());

        SymbolWatch restored = SymbolWatch.restore(setup, w.state(), stores);
        var again = restored.evaluate(T0 + 5_000, StaleClock.replay(T0 + 5_000), AccountView.fresh(T0), ARMED,
                GateLimits.defaults());

        // The reference feed never quoted: no dislocation, and the heartbeat 5 s later carries a higher seq.
        assertThat(first.kpi().feedDislocationBps()).isNull();
        assertThat(again.decision().seq()).isGreaterThan(first.decision().seq());
    }

    @Test
    void restoredWatchCountsInTheStoredMonitorStatesAndDecidesAsItsNeverSavedTwin() {
        SymbolWatch.Stores stores = SymbolWatch.Stores.onHeap(SETUP);
        SymbolWatch first = SymbolWatch.create("BTCUSDT", SETUP, stores);
        SymbolWatch twin = SymbolWatch.create("BTCUSDT", SETUP, SymbolWatch.Stores.onHeap(SETUP));
        for (SymbolWatch w : List.of(first, twin)) {
            quotes(w, T0);
            features(w, T0, 60, 45);
            w.evaluate(T0, StaleClock.replay(T0), AccountView.fresh(T0), ARMED, GateLimits.defaults());
        }
        SymbolWatch.State saved = first.state();

        // As on the heap backend: the stored object comes back as it is, and the watch counts in it.
        SymbolWatch restored = SymbolWatch.restore(SETUP, saved, stores);
        List<SymbolWatch.Evaluation> answers = new ArrayList<>();
        for (SymbolWatch w : List.of(restored, twin)) {
            quotes(w, T0 + 1_000);
            features(w, T0 + 1_000, 10, 0);
            answers.add(w.evaluate(T0 + 1_000, StaleClock.replay(T0 + 1_000), AccountView.fresh(T0), ARMED,
                    GateLimits.defaults()));
        }

        assertThat(answers.get(0)).isEqualTo(answers.get(1));
        assertThat(answers.get(0).kpi().samples()).containsEntry("feature_vectors", 115L);
        SymbolWatch.State after = restored.state();
        assertThat(after.usedPsi()).isSameAs(saved.usedPsi()).isEqualTo(twin.state().usedPsi());
        assertThat(after.missing()).isSameAs(saved.missing()).isEqualTo(twin.state().missing());
        assertThat(after.feed()).isSameAs(saved.feed()).isEqualTo(twin.state().feed());
    }

    @Test
    void kpiRecordListsWindowsAndSamplesInTheContractsOrder() {
        ReferenceProfile twoFeatures = new ReferenceProfile(MODEL, Map.of(
                "b", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5}),
                "a", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
        SymbolSetup setup = new SymbolSetup(GateLimits.defaults(), Map.of(MODEL, twoFeatures),
                ARMED, 1_800_000, 100, 300_000, 900_000, 20, 1_000, 5_000, 5_000);
        SymbolWatch w = SymbolWatch.create("BTCUSDT", setup, SymbolWatch.Stores.onHeap(setup));
        w.apply(SymbolEvent.of(new FeatureVector(T0, "BTCUSDT", MODEL, Map.of("a", 1.0))), ARMED,
                tca -> { }, (e, reason, why) -> unusable.add(why));
        w.apply(SymbolEvent.of(new FeatureVector(T0, "BTCUSDT", MODEL, Map.of("a", 1.0, "b", -1.0))), ARMED,
                tca -> { }, (e, reason, why) -> unusable.add(why));

        for (long t : new long[] {T0, T0 + 1}) {
            var ev = w.evaluate(t, StaleClock.replay(t), AccountView.fresh(T0), ARMED, GateLimits.defaults());
            String json = new String(JsonCodec.encode(ev.kpi()), StandardCharsets.UTF_8);

            assertThat(json).contains("\"windows\":{\"psi_ms\":1800000,\"features_missing_ratio_ms\":300000,"
                    + "\"slo_ms\":900000,\"feed_freshness_ms\":1000,\"orphan_timeout_ms\":5000},"
                    + "\"samples\":{\"feature_vectors\":2,\"placed\":0,\"failures\":0,\"acked\":0,\"fills\":0,"
                    + "\"slippage_fills\":0,\"psi.a\":2,\"psi.b\":1}");
            // orphans_total is a signal of its own, beside orphans, not a sample count.
            assertThat(json).contains("\"orphans\":0,\"orphans_total\":0,");
        }
        assertThat(unusable).isEmpty();
    }

    @Test
    void stateIsKryoFree() {
        KryoFreeTypes.assertNoGenericTypes(SymbolWatch.State.class);
        KryoFreeTypes.assertNoGenericTypes(SymbolEvent.class);
        KryoFreeTypes.assertNoGenericTypes(AccountWatch.State.class);
        KryoFreeTypes.assertNoGenericTypes(AccountEvent.class);
        KryoFreeTypes.assertNoGenericTypes(BroadcastEvent.class);
    }
}

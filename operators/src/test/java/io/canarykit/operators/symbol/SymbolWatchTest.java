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
        for (Feed feed : Feed.values()) {
            w.apply(SymbolEvent.of(new MarketQuote(ts, "BTCUSDT", feed, 100.0, 100.02, null, null)), ARMED,
                    tca -> { }, (e, reason, why) -> unusable.add(why));
        }
        return w;
    }

    private void features(SymbolWatch w, long ts, int below, int above) {
        for (int i = 0; i < below + above; i++) {
            w.apply(SymbolEvent.of(new FeatureVector(ts, "BTCUSDT", MODEL, Map.of("x", i < below ? -1.0 : 1.0))),
                    ARMED, tca -> { }, (e, reason, why) -> unusable.add(why));
        }
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
    void stateIsKryoFree() {
        KryoFreeTypes.assertNoGenericTypes(SymbolWatch.State.class);
        KryoFreeTypes.assertNoGenericTypes(SymbolEvent.class);
        KryoFreeTypes.assertNoGenericTypes(AccountWatch.State.class);
        KryoFreeTypes.assertNoGenericTypes(AccountEvent.class);
        KryoFreeTypes.assertNoGenericTypes(BroadcastEvent.class);
    }
}

package io.canarykit.operators.symbol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.gate.SetLimits;
import io.canarykit.operators.risk.RiskLimits;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
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
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.Mode;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
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
    private static final SymbolSetup SETUP = new SymbolSetup(KitConfig.defaults(), Map.of(MODEL, PROFILE), ARMED);

    private final List<String> unusable = new ArrayList<>();

    private SymbolWatch watchWithQuotes(long ts) {
        SymbolWatch w = SymbolWatch.create("BTCUSDT", SETUP, SymbolStores.onHeap(SETUP));
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
    void aHeartbeatDecidesOnTheWindowsAtItsOwnTime() {
        // Regression: a heartbeat once repeated the last verdict with the last figures under its own
        // ts, so features_missing outlived the window that had already fallen below 1%.
        SymbolWatch w = watchWithQuotes(T0);
        features(w, T0, 50, 47);
        for (int i = 0; i < 3; i++) {
            w.apply(SymbolEvent.of(new FeatureVector(T0, "BTCUSDT", MODEL, Map.of())), ARMED, tca -> { },
                    (e, reason, why) -> unusable.add(why));
        }
        long later = T0 + 250_000;
        quotes(w, later);
        features(w, later, 50, 50);
        var evaluated = w.evaluate(later, StaleClock.replay(later), AccountView.fresh(T0), ARMED, GateLimits.defaults());
        // 3 missing of 200 vectors x 1 feature = 0.015 > 0.01.
        assertThat(evaluated.kpi().featuresMissingRatio()).isEqualTo(0.015);
        assertThat(evaluated.verdict().reasons()).containsExactly(GateReason.FEATURES_MISSING);

        // The heartbeat at T0 + 5 min: the vectors at T0 are out of (t - 5 min, t], so 0 of 100 miss.
        long beat = T0 + 300_000;
        var heartbeat = w.evaluate(beat, StaleClock.replay(beat), AccountView.fresh(T0), ARMED, GateLimits.defaults(),
                SymbolEvaluation.Trigger.REDECIDE);

        assertThat(heartbeat.kpi().ts()).isEqualTo(beat);
        assertThat(heartbeat.kpi().featuresMissingRatio()).isEqualTo(0.0);
        assertThat(heartbeat.decision().ts()).isEqualTo(beat);
        assertThat(heartbeat.decision().kpis().featuresMissingRatio()).isEqualTo(0.0);
        // 50 s without a quote of either feed: stale and reference_stale, and no longer features_missing.
        assertThat(heartbeat.verdict().reasons()).containsExactly(GateReason.STALE, GateReason.REFERENCE_STALE);
        assertThat(heartbeat.kpiDue()).as("a changed decision carries its figures").isTrue();
    }

    @Test
    void aHeartbeatWithoutAChangeSendsNoKpiRecordAndRefreshAlwaysDoes() {
        SymbolWatch w = watchWithQuotes(T0);
        features(w, T0, 50, 50);
        w.evaluate(T0, StaleClock.replay(T0), AccountView.fresh(T0), ARMED, GateLimits.defaults());
        quotes(w, T0 + 4_000);
        w.evaluate(T0 + 4_000, StaleClock.replay(T0 + 4_000), AccountView.fresh(T0), ARMED, GateLimits.defaults());

        var beat = w.evaluate(T0 + 4_500, StaleClock.replay(T0 + 4_500), AccountView.fresh(T0), ARMED,
                GateLimits.defaults(), SymbolEvaluation.Trigger.REDECIDE);
        var refresh = w.evaluate(T0 + 4_600, StaleClock.replay(T0 + 4_600), AccountView.fresh(T0), ARMED,
                GateLimits.defaults(), SymbolEvaluation.Trigger.REFRESH);

        assertThat(beat.verdict().allow()).isTrue();
        assertThat(beat.kpiDue()).isFalse();
        assertThat(refresh.kpiDue()).isTrue();
        assertThat(refresh.kpi().ts()).isEqualTo(T0 + 4_600);
        assertThat(refresh.kpi().dataStaleSeconds()).isEqualTo(0.6);
    }

    @Test
    void anEvaluationNeverRunsBehindTheLastOne() {
        SymbolWatch w = watchWithQuotes(T0);
        features(w, T0, 50, 50);
        w.evaluate(T0 + 500, StaleClock.replay(T0 + 500), AccountView.fresh(T0), ARMED, GateLimits.defaults());

        // A late event's evaluation at an earlier time reads the windows where they are.
        var late = w.evaluate(T0 + 100, StaleClock.replay(T0 + 100), AccountView.fresh(T0), ARMED,
                GateLimits.defaults());

        assertThat(late.kpi().ts()).isEqualTo(T0 + 500);
        assertThat(late.kpi().dataStaleSeconds()).isEqualTo(0.5);
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
    void anEvaluationsKpiRecordIsBuiltOnlyWhileTheWatchStillHoldsItsState() {
        SymbolWatch w = watchWithQuotes(T0);
        features(w, T0, 30, 70);
        var first = w.evaluate(T0, StaleClock.replay(T0), AccountView.fresh(T0), ARMED, GateLimits.defaults());
        assertThat(first.decision()).as("the first evaluation sends a decision, which carries its record").isNotNull();
        assertThat(first.decision().kpis()).isSameAs(first.kpi());
        // 0.1 s later nothing is due: no record is built, and none can be once more input is applied.
        var quiet = w.evaluate(T0 + 100, StaleClock.replay(T0 + 100), AccountView.fresh(T0), ARMED, GateLimits.defaults());
        assertThat(quiet.decision()).isNull();
        assertThat(quiet.kpiDue()).isFalse();
        quotes(w, T0 + 200);
        assertThatThrownBy(quiet::kpi).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("asked for after the watch moved on");
        // Asked for before that, the record is the one of its own time, and the gauges agree with it.
        var late = w.evaluate(T0 + 300, StaleClock.replay(T0 + 300), AccountView.fresh(T0), ARMED, GateLimits.defaults());
        KpiRecord record = late.kpi();
        assertThat(record.ts()).isEqualTo(T0 + 300);
        assertThat(late.gauges().psi()).isEqualTo(record.psi());
        assertThat(late.gauges().featuresMissingRatio()).isEqualTo(record.featuresMissingRatio());
        assertThat(late.gauges().feedDislocationBps()).isEqualTo(record.feedDislocationBps());
        assertThat(late.gauges().totalTrades()).isEqualTo(record.totalTrades());
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
        SymbolStores stores = SymbolStores.onHeap(setup);
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
        SymbolStores stores = SymbolStores.onHeap(SETUP);
        SymbolWatch first = SymbolWatch.create("BTCUSDT", SETUP, stores);
        SymbolWatch twin = SymbolWatch.create("BTCUSDT", SETUP, SymbolStores.onHeap(SETUP));
        for (SymbolWatch w : List.of(first, twin)) {
            quotes(w, T0);
            features(w, T0, 60, 45);
            w.evaluate(T0, StaleClock.replay(T0), AccountView.fresh(T0), ARMED, GateLimits.defaults());
        }
        SymbolWatch.State saved = first.state();

        // As on the heap backend: the stored object comes back as it is, and the watch counts in it.
        SymbolWatch restored = SymbolWatch.restore(SETUP, saved, stores);
        List<SymbolEvaluation> answers = new ArrayList<>();
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
        SymbolSetup setup = new SymbolSetup(KitConfig.defaults(), Map.of(MODEL, twoFeatures), ARMED);
        SymbolWatch w = SymbolWatch.create("BTCUSDT", setup, SymbolStores.onHeap(setup));
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

    @Test
    void onlyAPrimaryQuoteStampedAfterAHorizonSettlesIt() {
        SymbolWatch w = SymbolWatch.create("BTCUSDT", SETUP, SymbolStores.onHeap(SETUP));
        List<TcaRecord> sent = new ArrayList<>();
        quote(w, T0, Feed.PRIMARY, 100.00, sent);
        w.apply(SymbolEvent.of(new OrderEvent(T0, OrderEventType.FILL, "o1", "BTCUSDT", Side.BUY, null, MODEL, false,
                1.0, null, 100.0, null, 1.0, 100.0, 0.0)), ARMED, sent::add, (e, reason, why) -> unusable.add(why));
        quote(w, T0 + 700, Feed.PRIMARY, 100.03, sent);
        // A reference quote says nothing of the primary mid: it settles nothing.
        quote(w, T0 + 61_000, Feed.REFERENCE, 90.00, sent);
        assertThat(sent).singleElement().satisfies(r -> assertThat(r.isFinal()).isFalse());

        // The first primary quote after every horizon settles them all from the mid of T0+700:
        // (100.03 - 100) / 100 * 1e4 = +3 bps each.
        quote(w, T0 + 61_000, Feed.PRIMARY, 95.00, sent);

        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).isFinal()).isTrue();
        assertThat(sent.get(1).markoutsBps().values()).allSatisfy(bps -> assertThat(bps).isCloseTo(3.0, offset(1e-9)));
        assertThat(w.markoutsPending()).isFalse();
        assertThat(unusable).isEmpty();
    }

    private void quote(SymbolWatch w, long ts, Feed feed, double mid, List<TcaRecord> sent) {
        w.apply(SymbolEvent.of(new MarketQuote(ts, "BTCUSDT", feed, mid, mid, null, null)), ARMED, sent::add,
                (e, reason, why) -> unusable.add(why));
    }

    private static SymbolEvaluation evaluateAt(SymbolWatch w, long t, ControlState control) {
        return w.evaluate(t, StaleClock.replay(t), AccountView.fresh(T0), control, GateLimits.defaults());
    }

    @Test
    void inReplayTheFeaturesGoStaleOnTheEventClockOnceFeaturesStaleMsHavePassed() {
        SymbolWatch w = watchWithQuotes(T0);
        assertThat(evaluateAt(w, T0, ARMED).verdict().reasons()).as("no vector yet")
                .containsExactly(GateReason.FEATURES_STALE);

        features(w, T0, 50, 50);
        quotes(w, T0 + 60_000);
        assertThat(evaluateAt(w, T0 + 60_000, ARMED).verdict().reasons()).as("exactly 60,000 ms old").isEmpty();
        quotes(w, T0 + 60_001);
        assertThat(evaluateAt(w, T0 + 60_001, ARMED).verdict().reasons()).as("60,001 ms old")
                .containsExactly(GateReason.FEATURES_STALE);
    }

    @Test
    void liveTheFeaturesAgeIsReadOnTheJobsClockEvenWhenNoOtherInputMovesEventTime() {
        SymbolWatch w = watchWithQuotes(T0);
        features(w, T0, 50, 50);

        // Event time stays at T0; the job's clock and the newest primary quote received move on.
        var fresh = w.evaluate(T0, StaleClock.live(T0 + 60_000, T0 + 60_000), AccountView.fresh(T0), ARMED,
                GateLimits.defaults());
        var stale = w.evaluate(T0, StaleClock.live(T0 + 60_001, T0 + 60_001), AccountView.fresh(T0), ARMED,
                GateLimits.defaults());

        assertThat(fresh.verdict().reasons()).isEmpty();
        assertThat(stale.verdict().reasons()).containsExactly(GateReason.FEATURES_STALE);
    }

    @Test
    void aPromotedChallengerKeepsTheTimeOfItsVectorsAndAModelNeverSeenIsStale() {
        String challenger = "challenger_2";
        ControlState ramping = new ControlState(true, false, true, null, 0.05, MODEL, challenger);
        SymbolWatch w = watchWithQuotes(T0);
        features(w, T0, 50, 50);
        w.apply(SymbolEvent.of(new FeatureVector(T0, "BTCUSDT", challenger, Map.of("x", 1.0))), ramping, tca -> { },
                (e, reason, why) -> unusable.add(why));
        assertThat(evaluateAt(w, T0, ramping).verdict().reasons()).isEmpty();

        quotes(w, T0 + 1_000);
        // The challenger has no reference profile here, so once promoted its drift cannot be checked; its
        // features, though, are as fresh as its last vector.
        ControlState promoted = new ControlState(true, false, true, null, 0.0, challenger, null);
        assertThat(evaluateAt(w, T0 + 1_000, promoted).verdict().reasons())
                .containsExactly(GateReason.NO_REFERENCE_PROFILE);

        ControlState pinned = new ControlState(true, false, true, "never_seen", 0.0, challenger, null);
        assertThat(evaluateAt(w, T0 + 1_000, pinned).verdict().reasons())
                .containsExactly(GateReason.FEATURES_STALE, GateReason.NO_REFERENCE_PROFILE);
    }

    @Test
    void aSilentReferenceFeedHaltsUnlessTheReferenceFeedIsNotRequired() {
        SymbolSetup optional = new SymbolSetup(
                KitConfig.defaults().with(Map.of("FEATURES_STALE_MS", "60000", "REQUIRE_REFERENCE_FEED", "false")),
                Map.of(MODEL, PROFILE), ARMED);
        for (SymbolSetup setup : List.of(SETUP, optional)) {
            SymbolWatch w = SymbolWatch.create("BTCUSDT", setup, SymbolStores.onHeap(setup));
            w.apply(SymbolEvent.of(new MarketQuote(T0, "BTCUSDT", Feed.PRIMARY, 100.0, 100.02, null, null)), ARMED,
                    tca -> { }, (e, reason, why) -> unusable.add(why));
            features(w, T0, 50, 50);

            var ev = evaluateAt(w, T0, ARMED);

            assertThat(ev.kpi().feedDislocationBps()).isNull();
            assertThat(ev.verdict().reasons()).as("reference required: %s", setup.config().requireReferenceFeed())
                    .isEqualTo(setup.config().requireReferenceFeed() ? List.of(GateReason.REFERENCE_STALE) : List.of());
        }
    }

    @Test
    void setLimitsMovesTheSloMinimumSamplesDownAndUp() {
        SymbolWatch w = watchWithQuotes(T0);
        features(w, T0, 50, 50);
        // 10 placed, 1 rejected: error rate 1/10 = 0.1, above 0.01 once the sample minimum allows it.
        for (int i = 0; i < 10; i++) {
            order(w, OrderEventType.PLACED, "o-" + i);
        }
        order(w, OrderEventType.REJECTED, "o-0");

        var configured = evaluateAt(w, T0, ARMED);
        var lowered = w.evaluate(T0, StaleClock.replay(T0), AccountView.fresh(T0), ARMED, limitsWith("10"));
        var raised = w.evaluate(T0, StaleClock.replay(T0), AccountView.fresh(T0), ARMED, limitsWith("11"));

        assertThat(configured.kpi().errorRate()).as("20 needed, 10 placed").isNull();
        assertThat(configured.verdict().reasons()).isEmpty();
        assertThat(lowered.kpi().errorRate()).isEqualTo(0.1);
        assertThat(lowered.verdict().reasons()).containsExactly(GateReason.SLO_ERROR_RATE);
        assertThat(raised.kpi().errorRate()).isNull();
        assertThat(raised.verdict().reasons()).isEmpty();
        // The metrics show what the record and the gates read.
        assertThat(configured.gauges().errorRate()).isNull();
        assertThat(lowered.gauges().errorRate()).isEqualTo(0.1);
        assertThat(raised.gauges().errorRate()).isNull();
    }

    private static GateLimits limitsWith(String sloMinSamples) {
        var applied = SetLimits.apply(new ControlCommand("l", T0, "ops", ControlType.SET_LIMITS,
                Map.of("SLO_MIN_SAMPLES", sloMinSamples)), KitConfig.defaults());
        assertThat(applied.accepted()).isTrue();
        return applied.gate();
    }

    private void order(SymbolWatch w, OrderEventType type, String id) {
        w.apply(SymbolEvent.of(new OrderEvent(T0, type, id, "BTCUSDT", Side.BUY, "main", MODEL, false,
                type == OrderEventType.PLACED ? 1.0 : null, null, null, null, null, null, null)), ARMED, tca -> { },
                (e, reason, why) -> unusable.add(why));
    }

    @Test
    void aDecisionSaysWhetherItChangesTheModeOrTheSize() {
        SymbolWatch w = watchWithQuotes(T0);
        features(w, T0, 50, 50);
        var opened = evaluateAt(w, T0, ARMED);
        quotes(w, T0 + 100);
        var same = evaluateAt(w, T0 + 100, ARMED);
        // 130 below, 50 above: psi = (0.7222-0.5) ln(1.4444) + (0.2778-0.5) ln(0.5556) = 0.0817 + 0.1306 = 0.212.
        quotes(w, T0 + 200);
        features(w, T0 + 200, 80, 0);
        var halved = evaluateAt(w, T0 + 200, ARMED);
        ControlState disarmed = new ControlState(false, false, true, null, 0.0, MODEL, null);
        var halted = evaluateAt(w, T0 + 300, disarmed);

        assertThat(opened.modeOrSizeChanged()).as("the first decision").isTrue();
        assertThat(same.modeOrSizeChanged()).isFalse();
        assertThat(halved.kpi().psi()).isCloseTo(0.212, offset(1e-3));
        assertThat(halved.verdict().mode()).isEqualTo(Mode.NORMAL);
        assertThat(halved.modeOrSizeChanged()).as("size 1 -> 0.5").isTrue();
        assertThat(halted.modeOrSizeChanged()).isTrue();
        assertThat(halted.previous().mode()).isEqualTo(Mode.NORMAL);
        assertThat(halted.verdict().mode()).isEqualTo(Mode.HALTED);
    }
}

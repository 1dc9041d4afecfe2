package io.canarykit.operators.gate;

import static io.canarykit.operators.gate.Healthy.CHALLENGER;
import static io.canarykit.operators.gate.Healthy.CHAMPION;
import static io.canarykit.operators.gate.Healthy.SYMBOL;
import static io.canarykit.operators.gate.Healthy.account;
import static io.canarykit.operators.gate.Healthy.control;
import static io.canarykit.operators.gate.Healthy.decide;
import static io.canarykit.operators.gate.Healthy.symbol;
import static io.canarykit.schema.GateReason.BUDGET;
import static io.canarykit.schema.GateReason.DISARMED;
import static io.canarykit.schema.GateReason.DISLOCATION;
import static io.canarykit.schema.GateReason.FEATURES_MISSING;
import static io.canarykit.schema.GateReason.KILL_SWITCH;
import static io.canarykit.schema.GateReason.MAX_POSITIONS;
import static io.canarykit.schema.GateReason.PREFLIGHT;
import static io.canarykit.schema.GateReason.PSI;
import static io.canarykit.schema.GateReason.PSI_WARN;
import static io.canarykit.schema.GateReason.SLO_ERROR_RATE;
import static io.canarykit.schema.GateReason.SLO_P95_PLACE_MS;
import static io.canarykit.schema.GateReason.SLO_SLIPPAGE;
import static io.canarykit.schema.GateReason.STALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.config.ConfigLoader;
import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Gates;
import io.canarykit.schema.Mode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateCombinerTest {

    private static final Gates NO_GATE = new Gates(false, false, false, false, false, false, false, null);

    @Test
    void allowsHealthySymbolAtFullSizeWithTheOperatorsCanaryShare() {
        GateVerdict v = decide(symbol());

        assertThat(v.allow()).isTrue();
        assertThat(v.mode()).isEqualTo(Mode.NORMAL);
        assertThat(v.sizeMultiplier()).isEqualTo(1.0);
        assertThat(v.reasons()).isEmpty();
        assertThat(v.gates()).isEqualTo(NO_GATE);
        assertThat(v.modelId()).isEqualTo(CHAMPION);
        assertThat(v.champion()).isEqualTo(CHAMPION);
        assertThat(v.challenger()).isEqualTo(CHALLENGER);
        assertThat(v.pinned()).isFalse();
        assertThat(v.canaryShare()).isEqualTo(0.05);
        assertThat(v.live()).isFalse();
    }

    // --- psi: warn on (0.2, 0.3], halt above 0.3

    @Test
    void doesNotWarnAtExactlyPsiWarn() {
        assertThat(decide(symbol().psi(0.2)).reasons()).isEmpty();
    }

    @Test
    void halvesSizeWhenPsiIsBetweenWarnAndHalt() {
        GateVerdict v = decide(symbol().psi(0.2000001));

        assertThat(v.reasons()).containsExactly(PSI_WARN);
        assertThat(v.allow()).isTrue();
        assertThat(v.mode()).isEqualTo(Mode.NORMAL);
        assertThat(v.sizeMultiplier()).isEqualTo(0.5);
        assertThat(v.gates().psi()).isTrue();
    }

    @Test
    void psiOfExactlyPsiHaltOnlyWarns() {
        GateVerdict v = decide(symbol().psi(0.3));

        assertThat(v.reasons()).containsExactly(PSI_WARN);
        assertThat(v.sizeMultiplier()).isEqualTo(0.5);
    }

    @Test
    void haltsWhenPsiIsAboveHaltAndDoesNotAlsoWarn() {
        GateVerdict v = decide(symbol().psi(0.3000001));

        assertThat(v.reasons()).containsExactly(PSI);
        assertThat(v.allow()).isFalse();
        assertThat(v.mode()).isEqualTo(Mode.HALTED);
        assertThat(v.sizeMultiplier()).isEqualTo(0.0);
        assertThat(v.gates()).isEqualTo(new Gates(false, true, false, false, false, false, false, null));
    }

    // --- SLO gates: error rate and p95 at or above their limit, with at least 20 samples

    @Test
    void haltsAtAnErrorRateOfExactlyOnePercentWithTwentyPlaced() {
        // 20 placed, 0.01 = the limit: >= fires.
        GateVerdict v = decide(symbol().slo(new SloSignals(120.0, 50, 0.01, 20, 1.0)));

        assertThat(v.reasons()).containsExactly(SLO_ERROR_RATE);
        assertThat(v.allow()).isFalse();
        assertThat(v.gates().slo()).isTrue();
    }

    @Test
    void allowsAnErrorRateJustBelowOnePercent() {
        assertThat(decide(symbol().slo(new SloSignals(120.0, 50, 0.0099, 200, 1.0))).reasons()).isEmpty();
    }

    @Test
    void errorRateGateIsSilentWithNineteenPlaced() {
        // 19 placed < min 20: even a 50% error rate does not fire.
        assertThat(decide(symbol().slo(new SloSignals(120.0, 50, 0.5, 19, 1.0))).reasons()).isEmpty();
    }

    @Test
    void haltsAtAP95OfExactlyThreeHundredMsWithTwentyAcked() {
        GateVerdict v = decide(symbol().slo(new SloSignals(300.0, 20, 0.002, 50, 1.0)));

        assertThat(v.reasons()).containsExactly(SLO_P95_PLACE_MS);
        assertThat(v.gates().slo()).isTrue();
    }

    @Test
    void allowsAP95JustBelowThreeHundredMs() {
        assertThat(decide(symbol().slo(new SloSignals(299.9, 50, 0.002, 50, 1.0))).reasons()).isEmpty();
    }

    @Test
    void p95GateIsSilentWithNineteenAcked() {
        assertThat(decide(symbol().slo(new SloSignals(5_000.0, 19, 0.002, 50, 1.0))).reasons()).isEmpty();
    }

    @Test
    void allowsSlippageOfExactlyTheGlobalSlo() {
        assertThat(decide(symbol().slo(new SloSignals(120.0, 50, 0.002, 50, 5.0))).reasons()).isEmpty();
    }

    @Test
    void haltsWhenSlippageIsAboveTheGlobalSlo() {
        GateVerdict v = decide(symbol().slo(new SloSignals(120.0, 50, 0.002, 50, 5.0000001)));

        assertThat(v.reasons()).containsExactly(SLO_SLIPPAGE);
        assertThat(v.gates().slo()).isTrue();
    }

    @Test
    void perSymbolSlippageSloOverridesTheGlobalOne() {
        GateLimits limits = TestLimits.withSymbolSlippageSlo(GateLimits.defaults(), SYMBOL, 8.0);
        SymbolSignals sixBps = symbol().slo(new SloSignals(120.0, 50, 0.002, 50, 6.0)).build();
        SymbolSignals eightPlus = symbol().slo(new SloSignals(120.0, 50, 0.002, 50, 8.01)).build();
        AccountSignals a = account().build();

        // 6 bps: above the global 5 but within BTCUSDT's 8.
        assertThat(GateCombiner.decide(SYMBOL, sixBps, a, control(), limits).reasons()).isEmpty();
        assertThat(GateCombiner.decide(SYMBOL, eightPlus, a, control(), limits).reasons())
                .containsExactly(SLO_SLIPPAGE);
        // ETHUSDT has no SLO of its own, so the global 5 bps applies to it.
        assertThat(GateCombiner.decide("ETHUSDT", sixBps, a, control(), limits).reasons())
                .containsExactly(SLO_SLIPPAGE);
    }

    @Test
    void perSymbolSlippageSloCanBeStricterThanTheGlobalOne() {
        GateLimits limits = TestLimits.withSymbolSlippageSlo(GateLimits.defaults(), SYMBOL, 2.0);
        SymbolSignals threeBps = symbol().slo(new SloSignals(120.0, 50, 0.002, 50, 3.0)).build();

        assertThat(GateCombiner.decide(SYMBOL, threeBps, account().build(), control(), limits).reasons())
                .containsExactly(SLO_SLIPPAGE);
    }

    // --- data quality

    @Test
    void allowsDataExactlyOneSecondOld() {
        assertThat(decide(symbol().dataStaleSeconds(1.0)).reasons()).isEmpty();
    }

    @Test
    void haltsWhenDataIsOlderThanOneSecond() {
        GateVerdict v = decide(symbol().dataStaleSeconds(1.001));

        assertThat(v.reasons()).containsExactly(STALE);
        assertThat(v.gates().dataQuality()).isTrue();
    }

    @Test
    void isStaleBeforeTheFirstPrimaryQuote() {
        GateVerdict v = decide(symbol().dataStaleSeconds(null));

        assertThat(v.reasons()).containsExactly(STALE);
        assertThat(v.allow()).isFalse();
    }

    @Test
    void allowsDislocationOfExactlyFiveBps() {
        assertThat(decide(symbol().feedDislocationBps(5.0)).reasons()).isEmpty();
    }

    @Test
    void haltsWhenFeedsAreDislocatedByMoreThanFiveBps() {
        GateVerdict v = decide(symbol().feedDislocationBps(5.0001));

        assertThat(v.reasons()).containsExactly(DISLOCATION);
        assertThat(v.gates().dataQuality()).isTrue();
    }

    @Test
    void allowsExactlyOnePercentOfFeaturesMissing() {
        assertThat(decide(symbol().featuresMissingRatio(0.01)).reasons()).isEmpty();
    }

    @Test
    void haltsWhenMoreThanOnePercentOfFeaturesAreMissing() {
        GateVerdict v = decide(symbol().featuresMissingRatio(0.0101));

        assertThat(v.reasons()).containsExactly(FEATURES_MISSING);
        assertThat(v.gates().dataQuality()).isTrue();
    }

    @Test
    void nullSignalsOtherThanStaleTripNothing() {
        GateVerdict v = decide(symbol().psi(null).featuresMissingRatio(null).feedDislocationBps(null)
                .slo(SloSignals.NONE).challengerPsi(null).challengerSlo(SloSignals.NONE));

        assertThat(v.reasons()).isEmpty();
        assertThat(v.gates()).isEqualTo(NO_GATE);
        assertThat(v.canaryShare()).isEqualTo(0.05);
    }

    // --- budget

    @Test
    void haltsWhenTheBudgetIsSpent() {
        GateVerdict v = decide(account().budgetLeft(0.0));

        assertThat(v.reasons()).containsExactly(BUDGET);
        assertThat(v.gates().budget()).isTrue();
    }

    @Test
    void allowsWhileAnyBudgetIsLeft() {
        assertThat(decide(account().budgetLeft(0.0001)).reasons()).isEmpty();
    }

    @Test
    void haltsWhenDrawdownReachesTheDailyCap() {
        // dd_since_reset 0.01 = MAX_DAILY_DRAWDOWN_PCT: the cap is hit.
        assertThat(decide(account().ddSinceReset(0.01).budgetLeft(0.5)).reasons()).containsExactly(BUDGET);
    }

    @Test
    void allowsDrawdownJustBelowTheDailyCap() {
        assertThat(decide(account().ddSinceReset(0.0099).budgetLeft(0.5)).reasons()).isEmpty();
    }

    // --- control

    @Test
    void haltsWhenTheModelInUseHasNoReferenceProfileEvenWithNoPsi() {
        // No profile means no psi (null), which alone trips nothing: the missing profile must halt by itself.
        GateVerdict v = decide(symbol().psi(null).featuresMissingRatio(null).hasReferenceProfile(false));

        assertThat(v.reasons()).containsExactly(GateReason.NO_REFERENCE_PROFILE);
        assertThat(v.allow()).isFalse();
        assertThat(v.sizeMultiplier()).isEqualTo(0.0);
        assertThat(v.gates()).isEqualTo(new Gates(false, true, false, false, false, false, false, null));
        assertThat(v.canaryShare()).isEqualTo(0.0);
    }

    @Test
    void listsNoReferenceProfileAfterFeaturesMissingAndBeforeTheSofterReasons() {
        GateVerdict v = decide(symbol().featuresMissingRatio(0.5).hasReferenceProfile(false));

        assertThat(v.reasons()).containsExactly(GateReason.FEATURES_MISSING, GateReason.NO_REFERENCE_PROFILE);
    }

    @Test
    void haltsWhileDisarmed() {
        GateVerdict v = decide(new ControlState(false, false, true, null, 0.05, CHAMPION, CHALLENGER));

        assertThat(v.reasons()).containsExactly(DISARMED);
        assertThat(v.gates()).isEqualTo(new Gates(false, false, false, false, false, true, false, null));
        assertThat(v.canaryShare()).isEqualTo(0.0);
    }

    @Test
    void killSwitchHaltsRegardlessOfHealthySignals() {
        GateVerdict v = decide(new ControlState(true, true, true, null, 0.05, CHAMPION, CHALLENGER));

        assertThat(v.allow()).isFalse();
        assertThat(v.mode()).isEqualTo(Mode.HALTED);
        assertThat(v.sizeMultiplier()).isEqualTo(0.0);
        assertThat(v.reasons()).containsExactly(KILL_SWITCH);
        assertThat(v.gates()).isEqualTo(new Gates(false, false, false, false, true, false, false, null));
        assertThat(v.canaryShare()).isEqualTo(0.0);
    }

    @Test
    void haltsUntilPreflightPasses() {
        GateVerdict v = decide(new ControlState(true, false, false, null, 0.05, CHAMPION, CHALLENGER));

        assertThat(v.reasons()).containsExactly(PREFLIGHT);
        assertThat(v.gates()).isEqualTo(new Gates(false, false, false, true, false, false, false, null));
    }

    @Test
    void listsEveryReasonThatHoldsInTheFixedOrder() {
        SymbolSignals s = symbol().psi(0.9).dataStaleSeconds(null).feedDislocationBps(12.0)
                .featuresMissingRatio(0.2).slo(new SloSignals(400.0, 20, 0.2, 20, 9.0)).build();
        AccountSignals a = account().budgetLeft(0.0).ddSinceReset(0.02).openPositions(2).build();
        ControlState c = ControlState.initial(CHAMPION, CHALLENGER).apply(kill()).state();

        GateVerdict v = GateCombiner.decide(SYMBOL, s, a, c, GateLimits.defaults());

        assertThat(v.reasons()).containsExactly(DISARMED, KILL_SWITCH, PREFLIGHT, BUDGET, SLO_ERROR_RATE,
                SLO_P95_PLACE_MS, SLO_SLIPPAGE, PSI, STALE, DISLOCATION, FEATURES_MISSING, MAX_POSITIONS);
        assertThat(v.gates()).isEqualTo(new Gates(true, true, true, true, true, true, true, null));
        assertThat(v.mode()).isEqualTo(Mode.HALTED);
        assertThat(v.sizeMultiplier()).isEqualTo(0.0);
    }

    // --- max positions: reduce only, for symbols with no position

    @Test
    void makesAFlatSymbolReduceOnlyAtMaxOpenPositions() {
        GateVerdict v = decide(account().openPositions(2));

        assertThat(v.reasons()).containsExactly(MAX_POSITIONS);
        assertThat(v.allow()).isTrue();
        assertThat(v.mode()).isEqualTo(Mode.REDUCE_ONLY);
        assertThat(v.sizeMultiplier()).isEqualTo(1.0);
        assertThat(v.canaryShare()).isEqualTo(0.05);
    }

    @Test
    void leavesASymbolThatHoldsAPositionNormalAtMaxOpenPositions() {
        GateVerdict v = GateCombiner.decide(SYMBOL, symbol().holdsPosition(true).build(),
                account().openPositions(2).build(), control(), GateLimits.defaults());

        assertThat(v.reasons()).isEmpty();
        assertThat(v.mode()).isEqualTo(Mode.NORMAL);
    }

    @Test
    void leavesAFlatSymbolNormalBelowMaxOpenPositions() {
        assertThat(decide(account().openPositions(1)).mode()).isEqualTo(Mode.NORMAL);
    }

    @Test
    void reduceOnlyKeepsTheHalvedSizeOfPsiWarn() {
        GateVerdict v = GateCombiner.decide(SYMBOL, symbol().psi(0.25).build(),
                account().openPositions(3).build(), control(), GateLimits.defaults());

        assertThat(v.reasons()).containsExactly(PSI_WARN, MAX_POSITIONS);
        assertThat(v.mode()).isEqualTo(Mode.REDUCE_ONLY);
        assertThat(v.sizeMultiplier()).isEqualTo(0.5);
    }

    @Test
    void haltedWinsOverReduceOnly() {
        GateVerdict v = GateCombiner.decide(SYMBOL, symbol().psi(0.5).build(),
                account().openPositions(2).build(), control(), GateLimits.defaults());

        assertThat(v.reasons()).containsExactly(PSI, MAX_POSITIONS);
        assertThat(v.mode()).isEqualTo(Mode.HALTED);
    }

    // --- models and the canary share

    @Test
    void usesThePinnedModelAndCutsTheCanary() {
        GateVerdict v = decide(new ControlState(true, false, true, "champion_20251201", 0.05, CHAMPION, CHALLENGER));

        assertThat(v.modelId()).isEqualTo("champion_20251201");
        assertThat(v.pinned()).isTrue();
        assertThat(v.champion()).isEqualTo(CHAMPION);
        assertThat(v.canaryShare()).isEqualTo(0.0);
        assertThat(v.gates().canary()).isEqualTo(CanaryCut.PINNED);
        assertThat(v.allow()).isTrue();
    }

    @Test
    void hasNoCanaryShareButNoCutWithoutAChallenger() {
        GateVerdict v = decide(new ControlState(true, false, true, null, 0.05, CHAMPION, null));

        assertThat(v.canaryShare()).isEqualTo(0.0);
        assertThat(v.gates().canary()).isNull();
        assertThat(v.challenger()).isNull();
    }

    @Test
    void keepsTheCanaryWhenChallengerPsiIsExactlyPsiHalt() {
        assertThat(decide(symbol().challengerPsi(0.3)).canaryShare()).isEqualTo(0.05);
    }

    @Test
    void cutsTheCanaryWhenChallengerPsiIsAbovePsiHalt() {
        GateVerdict v = decide(symbol().challengerPsi(0.3000001));

        assertThat(v.canaryShare()).isEqualTo(0.0);
        assertThat(v.gates().canary()).isEqualTo(CanaryCut.CHALLENGER_PSI);
        // The challenger's drift cuts its share but does not halt the symbol.
        assertThat(v.allow()).isTrue();
        assertThat(v.reasons()).isEmpty();
    }

    @Test
    void cutsTheCanaryWhenTheChallengersErrorRateFailsOverCanaryOrders() {
        GateVerdict v = decide(symbol().challengerSlo(new SloSignals(120.0, 50, 0.01, 20, 1.0)));

        assertThat(v.canaryShare()).isEqualTo(0.0);
        assertThat(v.gates().canary()).isEqualTo(CanaryCut.CHALLENGER_SLO);
        assertThat(v.allow()).isTrue();
    }

    @Test
    void cutsTheCanaryWhenTheChallengersP95Fails() {
        assertThat(decide(symbol().challengerSlo(new SloSignals(300.0, 20, 0.0, 20, 1.0))).gates().canary())
                .isEqualTo(CanaryCut.CHALLENGER_SLO);
    }

    @Test
    void cutsTheCanaryWhenTheChallengersSlippageExceedsTheSymbolsSlo() {
        GateLimits limits = TestLimits.withSymbolSlippageSlo(GateLimits.defaults(), SYMBOL, 3.0);
        SymbolSignals s = symbol().challengerSlo(new SloSignals(120.0, 50, 0.0, 50, 4.0)).build();

        // 4 bps is within the global 5 but above BTCUSDT's own 3.
        GateVerdict v = GateCombiner.decide(SYMBOL, s, account().build(), control(), limits);

        assertThat(v.gates().canary()).isEqualTo(CanaryCut.CHALLENGER_SLO);
        assertThat(v.canaryShare()).isEqualTo(0.0);
    }

    @Test
    void keepsTheCanaryWhenTheChallengerHasTooFewOrdersForItsSlo() {
        GateVerdict v = decide(symbol().challengerSlo(new SloSignals(900.0, 19, 0.5, 19, 1.0)));

        assertThat(v.canaryShare()).isEqualTo(0.05);
        assertThat(v.gates().canary()).isNull();
    }

    @Test
    void championSloFailureHaltsButDoesNotNameACanaryCut() {
        GateVerdict v = decide(symbol().slo(new SloSignals(120.0, 50, 0.05, 50, 1.0)));

        assertThat(v.reasons()).containsExactly(SLO_ERROR_RATE);
        assertThat(v.canaryShare()).isEqualTo(0.0);
        assertThat(v.gates().canary()).isNull();
    }

    @Test
    void cutsTheCanaryWhenItsNotionalShareReachesTheCap() {
        GateVerdict v = decide(account().canaryNotionalShare(0.25));

        assertThat(v.canaryShare()).isEqualTo(0.0);
        assertThat(v.gates().canary()).isEqualTo(CanaryCut.NOTIONAL_CAP);
    }

    @Test
    void aZeroNotionalCapCutsTheCanaryEvenBeforeAnyFill() {
        GateLimits noCanary =
                GateLimits.from(ConfigLoader.load(Map.of(), List.of(), Map.of("CANARY_NOTIONAL_CAP", "0")));

        GateVerdict v = GateCombiner.decide(SYMBOL, symbol().build(), account().canaryNotionalShare(null).build(),
                control(), noCanary);

        // As RiskBudget reports it: a cap of 0 is reached before the day's first fill.
        assertThat(v.canaryShare()).isEqualTo(0.0);
        assertThat(v.gates().canary()).isEqualTo(CanaryCut.NOTIONAL_CAP);
    }

    @Test
    void keepsTheCanaryJustBelowTheNotionalCapAndBeforeAnyFill() {
        assertThat(decide(account().canaryNotionalShare(0.2499)).canaryShare()).isEqualTo(0.05);
        assertThat(decide(account().canaryNotionalShare(null)).canaryShare()).isEqualTo(0.05);
    }

    @Test
    void pinnedIsTheFirstCanaryCut() {
        ControlState pinned = new ControlState(true, false, true, CHAMPION, 0.05, CHAMPION, CHALLENGER);
        SymbolSignals s = symbol().challengerPsi(0.9).challengerSlo(new SloSignals(900.0, 50, 0.5, 50, 50.0)).build();

        GateVerdict v = GateCombiner.decide(SYMBOL, s, account().canaryNotionalShare(0.9).build(), pinned,
                GateLimits.defaults());

        assertThat(v.gates().canary()).isEqualTo(CanaryCut.PINNED);
    }

    @Test
    void pinnedIsACutEvenWithoutAChallenger() {
        GateVerdict v = decide(new ControlState(true, false, true, CHAMPION, 0.05, CHAMPION, null));

        assertThat(v.gates().canary()).isEqualTo(CanaryCut.PINNED);
        assertThat(v.canaryShare()).isEqualTo(0.0);
    }

    @Test
    void challengerPsiComesBeforeChallengerSloAndTheNotionalCap() {
        SymbolSignals s = symbol().challengerPsi(0.9).challengerSlo(new SloSignals(900.0, 50, 0.5, 50, 50.0)).build();

        GateVerdict v = GateCombiner.decide(SYMBOL, s, account().canaryNotionalShare(0.9).build(), control(),
                GateLimits.defaults());

        assertThat(v.gates().canary()).isEqualTo(CanaryCut.CHALLENGER_PSI);
    }

    @Test
    void challengerSloComesBeforeTheNotionalCap() {
        SymbolSignals s = symbol().challengerSlo(new SloSignals(900.0, 50, 0.5, 50, 50.0)).build();

        GateVerdict v = GateCombiner.decide(SYMBOL, s, account().canaryNotionalShare(0.9).build(), control(),
                GateLimits.defaults());

        assertThat(v.gates().canary()).isEqualTo(CanaryCut.CHALLENGER_SLO);
    }

    @Test
    void haltedSymbolRoutesNothingToTheCanaryButStillNamesTheCut() {
        GateVerdict healthyChallenger = decide(symbol().dataStaleSeconds(5.0));
        GateVerdict cappedChallenger = GateCombiner.decide(SYMBOL, symbol().dataStaleSeconds(5.0).build(),
                account().canaryNotionalShare(0.3).build(), control(), GateLimits.defaults());

        assertThat(healthyChallenger.canaryShare()).isEqualTo(0.0);
        assertThat(healthyChallenger.gates().canary()).isNull();
        assertThat(cappedChallenger.canaryShare()).isEqualTo(0.0);
        assertThat(cappedChallenger.gates().canary()).isEqualTo(CanaryCut.NOTIONAL_CAP);
    }

    @Test
    void namesTheCutEvenWhenTheOperatorsShareIsZero() {
        ControlState noShare = new ControlState(true, false, true, null, 0.0, CHAMPION, CHALLENGER);

        GateVerdict v = GateCombiner.decide(SYMBOL, symbol().challengerPsi(0.5).build(), account().build(),
                noShare, GateLimits.defaults());

        assertThat(v.canaryShare()).isEqualTo(0.0);
        assertThat(v.gates().canary()).isEqualTo(CanaryCut.CHALLENGER_PSI);
    }

    @Test
    void carriesTheLiveTradingFlag() {
        GateLimits live = TestLimits.withLiveTrading(GateLimits.defaults(), true);

        assertThat(GateCombiner.decide(SYMBOL, symbol().build(), account().build(), control(), live).live()).isTrue();
        assertThat(decide(symbol()).live()).isFalse();
    }

    @Test
    void rejectsMissingArgumentsByName() {
        assertThatThrownBy(() -> GateCombiner.decide(" ", symbol().build(), account().build(), control(),
                GateLimits.defaults())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbol");
        assertThatThrownBy(() -> GateCombiner.decide(SYMBOL, null, account().build(), control(),
                GateLimits.defaults())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signals");
    }

    private static ControlCommand kill() {
        return new ControlCommand("c1", 0, "ops", ControlType.KILL, null);
    }

    // --- silent inputs fail closed

    @Test
    void haltsWhenTheFeatureStreamOfTheModelInUseIsStale() {
        // psi and the missing ratio are null, as they are once the vectors stop: alone they trip nothing.
        GateVerdict v = decide(symbol().psi(null).featuresMissingRatio(null).featuresStale(true));

        assertThat(v.reasons()).containsExactly(GateReason.FEATURES_STALE);
        assertThat(v.allow()).isFalse();
        assertThat(v.mode()).isEqualTo(Mode.HALTED);
        assertThat(v.sizeMultiplier()).isEqualTo(0.0);
        assertThat(v.gates()).isEqualTo(new Gates(false, false, false, false, false, false, true, null));
        assertThat(v.canaryShare()).isEqualTo(0.0);
    }

    @Test
    void haltsWhenTheReferenceFeedIsStale() {
        GateVerdict v = decide(symbol().feedDislocationBps(null).referenceStale(true));

        assertThat(v.reasons()).containsExactly(GateReason.REFERENCE_STALE);
        assertThat(v.allow()).isFalse();
        assertThat(v.gates()).isEqualTo(new Gates(false, false, false, false, false, false, true, null));
    }

    @Test
    void listsTheSilentInputsAfterTheOtherDataQualityReasons() {
        GateVerdict v = decide(symbol().dataStaleSeconds(null).featuresMissingRatio(0.5).featuresStale(true)
                .referenceStale(true).psi(0.25));

        assertThat(v.reasons()).containsExactly(GateReason.STALE, GateReason.FEATURES_MISSING,
                GateReason.FEATURES_STALE, GateReason.REFERENCE_STALE, PSI_WARN);
    }
}

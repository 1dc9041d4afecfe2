package io.canarykit.cli.demo.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.cli.demo.Demo;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.schema.FeatureBins;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenariosTest {

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    private static KitConfig config(String... keyValues) {
        Map<String, String> settings = new HashMap<>(Demo.deskLimits(3));
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return ConfigLoader.load(Map.of(), List.of(), settings);
    }

    private static Scenario named(String name, KitConfig config) {
        return Scenarios.named(name, config, SYMBOLS);
    }

    @Test
    void buildsEveryScenarioItNames() {
        for (String name : Scenarios.NAMES) {
            Scenario s = named(name, config());
            assertThat(s.name()).isEqualTo(name);
            assertThat(s.initial()).as("%s starts healthy", name).isEqualTo(DeskConditions.healthy());
            if (!name.equals(Scenarios.HEALTHY)) {
                assertThat(s.steps()).as("%s tells a story", name).isNotEmpty();
            }
        }
    }

    @Test
    void refusesAnUnknownNameListingTheScenarios() {
        assertThatThrownBy(() -> named("meteor", config())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no scenario named meteor").hasMessageContaining("canary-bad");
    }

    @Test
    void healthyChangesNothing() {
        Scenario healthy = named("healthy", config());
        assertThat(healthy.steps()).isEmpty();
        assertThat(healthy.conditionsAt(3_600_000)).isEqualTo(DeskConditions.healthy());
    }

    @Test
    void driftPutsTheFirstSymbolInTheWarnBandThenPastTheHalt() {
        KitConfig config = config("PSI_WARN", "0.15", "PSI_HALT", "0.35");
        Scenario drift = named("drift", config);
        FeatureBins bins = SyntheticDesk.profile(SyntheticDesk.CHAMPION).features().get("momentum");

        FeatureDrift warn = drift.conditionsAt(20_000).drift("BTCUSDT");
        assertThat(FeatureDrift.expectedPsi(bins, warn.bins(), warn.share())).isStrictlyBetween(0.15, 0.35);
        assertThat(warn.windowMs()).isEqualTo(config.psiWindowMs());
        assertThat(drift.conditionsAt(20_000).drift("ETHUSDT")).isNull();

        FeatureDrift halt = drift.conditionsAt(80_000).drift("BTCUSDT");
        assertThat(FeatureDrift.expectedPsi(bins, halt.bins(), halt.share())).isGreaterThan(0.35 * 1.2);
        assertThat(drift.conditionsAt(19_999).drift("BTCUSDT")).isNull();
        assertThat(drift.conditionsAt(300_000).drift("BTCUSDT")).as("the drift stops").isNull();
    }

    @Test
    void staleFeedStopsTheFirstSymbolsPrimaryFeedForNinetySeconds() {
        Scenario stale = named("stale-feed", config());
        assertThat(stale.conditionsAt(19_999).primaryFeedUp("BTCUSDT")).isTrue();
        assertThat(stale.conditionsAt(20_000).primaryFeedUp("BTCUSDT")).isFalse();
        assertThat(stale.conditionsAt(20_000).primaryFeedUp("ETHUSDT")).isTrue();
        assertThat(stale.conditionsAt(109_999).primaryFeedUp("BTCUSDT")).isFalse();
        assertThat(stale.conditionsAt(110_000).primaryFeedUp("BTCUSDT")).isTrue();
    }

    @Test
    void dislocationMovesTheReferenceTwiceTheConfiguredLimitAway() {
        Scenario dislocation = named("dislocation", config("DISLOCATION_MAX_BPS", "8"));
        assertThat(dislocation.conditionsAt(20_000).referenceOffsetBps("BTCUSDT")).isEqualTo(16.0);
        assertThat(dislocation.conditionsAt(20_000).referenceOffsetBps("ETHUSDT")).isZero();
        assertThat(dislocation.conditionsAt(110_000).referenceOffsetBps("BTCUSDT")).isZero();
    }

    @Test
    void latencySpikeAcksSlowerThanTheConfiguredP95Slo() {
        Scenario spike = named("latency-spike", config("SLO_P95_PLACE_MS_MAX", "200"));
        DeskBehaviour slow = spike.conditionsAt(30_000).venue();
        assertThat(slow.ackMinMs()).isGreaterThan(200);
        assertThat(spike.conditionsAt(29_999).venue()).isEqualTo(DeskBehaviour.healthy());
        assertThat(spike.conditionsAt(180_000).venue()).isEqualTo(DeskBehaviour.healthy());
    }

    @Test
    void sloStoriesTradeFastEnoughToFillTheMinimumSamplesWithinAMinute() {
        KitConfig config = config("SLO_MIN_SAMPLES", "30");
        for (String name : List.of("latency-spike", "error-burst")) {
            double factor = named(name, config).conditionsAt(0).orderRateFactor();
            assertThat(DeskSimulator.ORDERS_PER_SYMBOL_PER_SECOND * factor * 60).as(name).isGreaterThanOrEqualTo(30);
        }
    }

    @Test
    void errorBurstFailsFarMoreOrdersThanTheErrorRateSlo() {
        Scenario burst = named("error-burst", config("SLO_ERROR_RATE_MAX", "0.02"));
        assertThat(burst.conditionsAt(30_000).venue().errorProbability()).isGreaterThanOrEqualTo(10 * 0.02);
        assertThat(burst.conditionsAt(120_000).venue().errorProbability()).isZero();
    }

    @Test
    void drawdownSellsOffWithOversizedWrongWayModelsThenCalmsDown() {
        DeskConditions selling = named("drawdown", config()).conditionsAt(10_000);
        assertThat(selling.trendForced()).isTrue();
        assertThat(selling.trendPerQuarterSecond()).isNegative();
        assertThat(selling.skill()).isLessThan(0.5);
        // 5 % drawdown allowance, 0.15 % risk per trade, three symbols: four times the usual size.
        assertThat(selling.sizeFactor()).isEqualTo(4.0);
        assertThat(named("drawdown", config()).conditionsAt(150_000)).isEqualTo(DeskConditions.healthy());
    }

    @Test
    void drawdownSizesToTheConfiguredAllowance() {
        assertThat(named("drawdown", config("MAX_DAILY_DRAWDOWN_PCT", "0.01")).conditionsAt(10_000).sizeFactor())
                .isEqualTo(1.0);
        assertThat(named("drawdown", config("MAX_DAILY_DRAWDOWN_PCT", "0.1")).conditionsAt(10_000).sizeFactor())
                .isEqualTo(8.0);
    }

    @Test
    void canaryBadStartsTheChallengerAtAFifthAndFillsItWorseThanItsSlo() {
        assertThat(Scenarios.settings("canary-bad")).containsEntry("CHALLENGER_SHARE", "0.2");
        assertThat(Scenarios.settings("drift")).isEmpty();
        Scenario bad = named("canary-bad", config("SLIPPAGE_SLO_BPS_ETHUSDT", "7", "CHALLENGER_SHARE", "0.2"));
        DeskBehaviour venue = bad.conditionsAt(30_000).venue();
        assertThat(venue.canarySlippageMeanBps()).as("above the largest symbol SLO").isGreaterThan(7);
        assertThat(venue.slippageMeanBps()).isEqualTo(DeskBehaviour.healthy().slippageMeanBps());
        assertThat(bad.setup()).singleElement().asString().contains("20 %");
    }

    @Test
    void canaryBadStartsTheRolloutWhenTheChallengerTurnsBad() {
        Scenario bad = named("canary-bad", config("CHALLENGER_SHARE", "0.2"));
        Scenario.RolloutStart rollout = bad.rollout();
        assertThat(rollout.atMs()).isEqualTo(30_000);
        assertThat(rollout.plan()).isEqualTo(DemoRollout.plan());
        assertThat(rollout.plan().step(0).shadow()).isTrue();
        // From then on, its shadow step sees bad fills only: 10 bps against the champion's 0.5, 9.5 worse,
        // well past the 3 bps slippage margin.
        DeskBehaviour venue = bad.conditionsAt(rollout.atMs()).venue();
        assertThat(venue.canarySlippageMeanBps() - venue.slippageMeanBps())
                .isGreaterThan(3 * rollout.plan().analysis().slippageMarginBps());
        assertThat(bad.steps().get(0).says()).contains("POST /api/kit/rollout").contains("aborts on its own");
    }

    @Test
    void rolloutStartsThePlanAtArmingOnABusyDeskWithoutRejects() {
        assertThat(Scenarios.settings("rollout")).containsExactly(Map.entry("SLO_MIN_SAMPLES", "5"));
        Scenario ramp = named("rollout", config("SLO_MIN_SAMPLES", "5"));
        assertThat(ramp.rollout().atMs()).isZero();
        assertThat(ramp.rollout().plan()).isEqualTo(DemoRollout.plan());
        DeskConditions busy = ramp.conditionsAt(0);
        assertThat(busy.orderRateFactor()).isEqualTo(6.0);
        assertThat(busy.venue().rejectProbability()).isZero();
        assertThat(busy.venue().errorProbability()).isZero();
        // The challenger trades like the champion: 0.6 against 0.5 bps.
        assertThat(busy.venue().canarySlippageMeanBps()).isEqualTo(0.6);
        assertThat(ramp.steps().get(0).says()).contains("SLO_MIN_SAMPLES 5").contains("POST /api/kit/rollout");
        // After ten minutes the desk goes back to its usual pace.
        assertThat(ramp.conditionsAt(600_000)).isEqualTo(DeskConditions.healthy());
        assertThat(named("drift", config()).rollout()).isNull();
    }

    @Test
    void aFasterStoryStartsItsRolloutSoonerToo() {
        assertThat(named("canary-bad", config()).faster(3).rollout().atMs()).isEqualTo(10_000);
    }

    @Test
    void canaryBadSaysHowToRampWhenTheShareIsZero() {
        assertThat(named("canary-bad", config()).setup()).singleElement().asString()
                .contains("PATCH /api/kit/model/canary_share");
    }

    @Test
    void everyStepNamesTheLimitItCrossesWithItsConfiguredValue() {
        assertThat(named("stale-feed", config("STALE_MAX_SECONDS", "2")).steps().get(0).says())
                .contains("STALE_MAX_SECONDS 2 s");
        assertThat(named("drift", config("PSI_WARN", "0.15")).steps().get(0).says()).contains("PSI_WARN 0.15");
        assertThat(named("drawdown", config()).steps().get(0).says()).contains("MAX_DAILY_DRAWDOWN_PCT 0.05");
    }
}

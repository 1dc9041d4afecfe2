package io.canarykit.cli.demo.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioPlayerTest {

    private static final DeskConditions HEALTHY = DeskConditions.healthy();
    private static final DeskConditions DOWN = HEALTHY.withPrimaryFeedDown("BTCUSDT", true);

    private final List<String> said = new ArrayList<>();

    private ScenarioPlayer player() {
        return new ScenarioPlayer(new Scenario("stale-feed", "BTCUSDT", List.of("one symbol"), HEALTHY, List.of(
                new Scenario.Step(20_000, "the feed stops", DOWN),
                new Scenario.Step(110_000, "the feed resumes", HEALTHY)), Map.of()), said::add);
    }

    @Test
    void keepsTheInitialConditionsAndSaysNothingUntilArmed() {
        ScenarioPlayer p = player();
        assertThat(p.conditions(1_000_000, false)).isEqualTo(HEALTHY);
        assertThat(p.conditions(9_000_000, false)).isEqualTo(HEALTHY);
        assertThat(said).isEmpty();
        assertThat(p.armedAt()).isEqualTo(-1);
    }

    @Test
    void timesTheStoryFromArming() {
        ScenarioPlayer p = player();
        p.conditions(1_000_000, false);
        assertThat(p.conditions(5_000_000, true)).isEqualTo(HEALTHY);
        assertThat(p.armedAt()).isEqualTo(5_000_000);
        assertThat(p.conditions(5_019_999, true)).isEqualTo(HEALTHY);
        assertThat(p.conditions(5_020_000, true)).isEqualTo(DOWN);
        // Disarming later does not rewind the story.
        assertThat(p.conditions(5_030_000, false)).isEqualTo(DOWN);
        assertThat(p.conditions(5_110_000, false)).isEqualTo(HEALTHY);
    }

    @Test
    void tellsEachStepOnceWhenItHappens() {
        ScenarioPlayer p = player();
        p.conditions(5_000_000, true);
        p.conditions(5_020_000, true);
        p.conditions(5_020_250, true);
        p.conditions(5_200_000, true);
        assertThat(said).containsExactly(
                "scenario stale-feed: armed; the story starts",
                "scenario stale-feed +20 s: the feed stops",
                "scenario stale-feed +110 s: the feed resumes");
    }

    @Test
    void tellsEveryStepALateTickSkippedOver() {
        ScenarioPlayer p = player();
        p.conditions(5_000_000, true);
        assertThat(p.conditions(5_500_000, true)).isEqualTo(HEALTHY);
        assertThat(said).hasSize(3);
    }

    @Test
    void announcesWhatHoldsThenEveryStepWithItsTime() {
        player().announce();
        assertThat(said).containsExactly(
                "scenario stale-feed: one symbol",
                "scenario stale-feed: the story starts when the job is armed (POST /api/kit/arm); then:",
                "scenario stale-feed:   at +20 s: the feed stops",
                "scenario stale-feed:   at +110 s: the feed resumes");
    }

    @Test
    void theHealthyDeskHasNothingToSay() {
        ScenarioPlayer p = new ScenarioPlayer(
                Scenarios.named("healthy", io.canarykit.config.KitConfig.defaults(), List.of("BTCUSDT")), said::add);
        p.announce();
        assertThat(p.conditions(1_000, true)).isEqualTo(HEALTHY);
        assertThat(p.conditions(100_000_000, true)).isEqualTo(HEALTHY);
        assertThat(said).isEmpty();
    }
    @Test
    void handsTheRolloutPlanToTheStarterOnceWhenTheStoryReachesIt() {
        List<io.canarykit.schema.RolloutPlan> started = new ArrayList<>();
        io.canarykit.schema.RolloutPlan plan = DemoRollout.plan();
        ScenarioPlayer p = new ScenarioPlayer(new Scenario("canary-bad", null, List.of(), HEALTHY, List.of(
                new Scenario.Step(30_000, "the challenger turns bad", HEALTHY)), Map.of(),
                new Scenario.RolloutStart(30_000, plan)), said::add).startingRolloutsWith(started::add);
        p.conditions(1_000_000, false);
        p.conditions(5_000_000, true);
        p.conditions(5_029_999, true);
        assertThat(started).isEmpty();
        p.conditions(5_030_000, true);
        p.conditions(5_040_000, true);
        assertThat(started).containsExactly(plan);
    }
}

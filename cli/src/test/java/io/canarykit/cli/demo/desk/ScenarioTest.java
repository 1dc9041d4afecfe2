package io.canarykit.cli.demo.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    private static final DeskConditions HEALTHY = DeskConditions.healthy();
    private static final DeskConditions DOWN = HEALTHY.withPrimaryFeedDown("BTCUSDT", true);

    private static Scenario story() {
        return new Scenario("stale-feed", "BTCUSDT", List.of(), HEALTHY, List.of(
                new Scenario.Step(20_000, "down", DOWN),
                new Scenario.Step(110_000, "up", HEALTHY)), Map.of());
    }

    @Test
    void holdsTheInitialConditionsBeforeTheFirstStep() {
        assertThat(story().conditionsAt(0)).isEqualTo(HEALTHY);
        assertThat(story().conditionsAt(19_999)).isEqualTo(HEALTHY);
    }

    @Test
    void appliesEachStepFromItsTimeUntilTheNext() {
        assertThat(story().conditionsAt(20_000)).isEqualTo(DOWN);
        assertThat(story().conditionsAt(109_999)).isEqualTo(DOWN);
        assertThat(story().conditionsAt(110_000)).isEqualTo(HEALTHY);
        assertThat(story().conditionsAt(Long.MAX_VALUE)).isEqualTo(HEALTHY);
    }

    @Test
    void stepsBetweenIncludesTheEndButNotTheStart() {
        assertThat(story().stepsBetween(-1, 20_000)).extracting(Scenario.Step::says).containsExactly("down");
        assertThat(story().stepsBetween(20_000, 109_999)).isEmpty();
        assertThat(story().stepsBetween(0, 200_000)).extracting(Scenario.Step::says).containsExactly("down", "up");
    }

    @Test
    void fasterDividesEveryStepsTime() {
        Scenario fast = story().faster(4);
        assertThat(fast.steps()).extracting(Scenario.Step::atMs).containsExactly(5_000L, 27_500L);
        assertThat(fast.conditionsAt(5_000)).isEqualTo(DOWN);
        assertThatThrownBy(() -> story().faster(0)).hasMessageContaining("speed must be a positive number");
    }

    @Test
    void refusesStepsOutOfTimeOrder() {
        assertThatThrownBy(() -> new Scenario("x", null, List.of(), HEALTHY, List.of(
                new Scenario.Step(2_000, "b", HEALTHY), new Scenario.Step(1_000, "a", HEALTHY)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time order");
    }

    @Test
    void writesTimesInSeconds() {
        assertThat(Scenario.at(20_000)).isEqualTo("+20 s");
        assertThat(Scenario.at(27_500)).isEqualTo("+27.5 s");
    }

    @Test
    void conditionsApplyFeedAndFeatureFaultsToTheirSymbolOnly() {
        DeskConditions c = HEALTHY.withPrimaryFeedDown("BTCUSDT", true).withReferenceOffset("BTCUSDT", 10)
                .withDrift("BTCUSDT", new FeatureDrift("momentum", 9, 0.2, 60_000));
        assertThat(c.primaryFeedUp("BTCUSDT")).isFalse();
        assertThat(c.primaryFeedUp("ETHUSDT")).isTrue();
        assertThat(c.referenceOffsetBps("BTCUSDT")).isEqualTo(10);
        assertThat(c.referenceOffsetBps("ETHUSDT")).isZero();
        assertThat(c.drift("ETHUSDT")).isNull();
        assertThatThrownBy(() -> HEALTHY.withReferenceOffset(null, 3)).hasMessageContaining("needs a symbol");
    }
}

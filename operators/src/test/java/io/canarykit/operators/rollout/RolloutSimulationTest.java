package io.canarykit.operators.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.RolloutPlan;
import io.canarykit.schema.RolloutState;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Simulated rollouts, judged by the same checks and state machine the job runs, to show the
 * sequential statistics keep their promise however often they are read: a challenger that trades
 * like the champion is aborted in at most 5% of rollouts, and one 4 bps worse in at least 95%.
 */
class RolloutSimulationTest {

    private static final int ROLLOUTS = 1_000;
    private static final long MINUTE_MS = 60_000;
    // The desk: 40 fills a minute, split by the step's share; slippage and 5 s markouts per fill with
    // a 3 bps spread, notional between 5,000 and 15,000.
    private static final int FILLS_PER_MINUTE = 40;
    private static final double CHAMPION_SLIPPAGE_BPS = 1.0;
    private static final double SPREAD_BPS = 3.0;
    private static final long HOLD_MS = 90 * MINUTE_MS;
    private static final RolloutPlan PLAN = new RolloutPlan(List.of(
            new RolloutPlan.Step(0.05, HOLD_MS, false),
            new RolloutPlan.Step(0.10, HOLD_MS, false),
            new RolloutPlan.Step(0.20, HOLD_MS, false)), RolloutPlan.Analysis.DEFAULT);

    /** How one simulated rollout ended: its state and, if aborted, after how many minutes. */
    private record Ending(RolloutState state, long minutes) {}

    @Test
    void abortsAtMostFivePercentOfRolloutsWhoseChallengerTradesLikeTheChampion() {
        SplittableRandom random = new SplittableRandom(20261203L);
        int aborted = 0;
        int completed = 0;
        for (int i = 0; i < ROLLOUTS; i++) {
            Ending e = simulate(random, 0.0);
            aborted += e.state() == RolloutState.ABORTED ? 1 : 0;
            completed += e.state() == RolloutState.COMPLETED ? 1 : 0;
        }
        System.out.printf("equal challenger: %d of %d rollouts aborted, %d completed%n", aborted, ROLLOUTS, completed);
        assertThat(aborted).isLessThanOrEqualTo(ROLLOUTS * 5 / 100);
        // The test has power to spare too: an equal challenger is not merely stalled.
        assertThat(completed).isGreaterThan(ROLLOUTS * 90 / 100);
    }

    @Test
    void abortsAtLeastNinetyFivePercentOfRolloutsWhoseChallengerIsFourBpsWorse() {
        SplittableRandom random = new SplittableRandom(20261204L);
        long[] minutes = new long[ROLLOUTS];
        int aborted = 0;
        for (int i = 0; i < ROLLOUTS; i++) {
            Ending e = simulate(random, 4.0);
            if (e.state() == RolloutState.ABORTED) {
                minutes[aborted++] = e.minutes();
            }
        }
        long[] times = Arrays.copyOf(minutes, aborted);
        Arrays.sort(times);
        long median = times.length == 0 ? -1 : times[(times.length - 1) / 2];
        System.out.printf("challenger 4 bps worse: %d of %d rollouts aborted, median %d minutes to abort%n", aborted,
                ROLLOUTS, median);
        assertThat(aborted).isGreaterThanOrEqualTo(ROLLOUTS * 95 / 100);
        // At 5% of 40 fills a minute the challenger has 2 fills a minute: it is caught in the first step.
        assertThat(median).isBetween(15L, HOLD_MS / MINUTE_MS);
    }

    private static Ending simulate(SplittableRandom random, double challengerWorseBps) {
        Rollout rollout = Rollout.start(PLAN, 0, "simulation");
        ComparisonCheck slippageCheck = RolloutComparisons.slippage(PLAN);
        ComparisonCheck markoutCheck = RolloutComparisons.markout(PLAN);
        WeightedMoments[] slippage = {new WeightedMoments(), new WeightedMoments()};
        WeightedMoments[] markout = {new WeightedMoments(), new WeightedMoments()};
        int step = 0;
        long limit = 3 * 3 * HOLD_MS / MINUTE_MS;
        for (long minute = 1; minute <= limit && rollout.active(); minute++) {
            double share = rollout.share().orElseThrow();
            for (int f = 0; f < FILLS_PER_MINUTE; f++) {
                int arm = random.nextDouble() < share ? 1 : 0;
                double notional = 5_000 + 10_000 * random.nextDouble();
                double worse = arm == 1 ? challengerWorseBps : 0;
                slippage[arm].add(CHAMPION_SLIPPAGE_BPS + worse + SPREAD_BPS * gaussian(random), notional);
                markout[arm].add(SPREAD_BPS * gaussian(random), notional);
            }
            rollout = rollout.analyse(minute * MINUTE_MS, List.of(
                    slippageCheck.judge(slippage[1], slippage[0]),
                    markoutCheck.judge(markout[1], markout[0])));
            if (rollout.step() != step) {
                // Each step is judged on its own fills.
                step = rollout.step();
                slippage = new WeightedMoments[] {new WeightedMoments(), new WeightedMoments()};
                markout = new WeightedMoments[] {new WeightedMoments(), new WeightedMoments()};
            }
            if (rollout.state() == RolloutState.ABORTED) {
                return new Ending(RolloutState.ABORTED, minute);
            }
        }
        return new Ending(rollout.state(), limit);
    }

    // SplittableRandom has no Gaussian in Java 17; Box-Muller from two uniforms.
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}

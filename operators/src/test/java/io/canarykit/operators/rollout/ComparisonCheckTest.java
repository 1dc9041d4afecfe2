package io.canarykit.operators.rollout;

import io.canarykit.schema.RolloutCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.schema.CheckVerdict;
import org.junit.jupiter.api.Test;

class ComparisonCheckTest {

    @Test
    void theRadiusMatchesTheNormalMixtureWorkedByHand() {
        // v = 0.5, alpha = 0.05, tau2 = 4: r^2 = 2 * 0.5 * 4.5 / 4 * (ln 20 + ln(9) / 2)
        //   = 1.125 * (2.995732 + 1.098612) = 4.606138, r = 2.146191.
        assertThat(ConfidenceSequence.radius(0.5, 0.05, 4)).isCloseTo(2.146191, within(1e-6));
    }

    @Test
    void theRadiusShrinksWithTheVarianceAndGrowsAsAlphaFalls() {
        assertThat(ConfidenceSequence.radius(0.1, 0.05, 4)).isLessThan(ConfidenceSequence.radius(0.5, 0.05, 4));
        assertThat(ConfidenceSequence.radius(0.5, 0.01, 4)).isGreaterThan(ConfidenceSequence.radius(0.5, 0.05, 4));
        assertThat(ConfidenceSequence.radius(0, 0.05, 4)).isLessThan(1e-100);
        assertThatThrownBy(() -> ConfidenceSequence.radius(0.5, 1, 4)).hasMessageContaining("alpha");
    }

    @Test
    void failsAChallengerWhoseSlippageIsWorseByMoreThanTheMarginWithConfidence() {
        // Challenger slippage 8, 10, 12 (mean 10, variance 4, of the mean 4/3); champion 1, 2, 3 (mean 2,
        // of the mean 1/3). Worse by 8; v = 5/3; tau2 = 4 (margin 2); alpha 0.05:
        // r^2 = 2 * (5/3) * (17/3) / 4 * (ln 20 + ln(3.4) / 2) = 4.722222 * (2.995732 + 0.611882) = 17.03598,
        // r = 4.127467: the interval [3.872533, 12.127467] lies above the margin.
        RolloutCheck r = slippageCheck(2, 3).judge(moments(8, 10, 12), moments(1, 2, 3));
        assertThat(r.verdict()).isEqualTo(CheckVerdict.FAIL);
        assertThat(r.lower()).isCloseTo(8 - 4.127467, within(1e-5));
        assertThat(r.upper()).isCloseTo(8 + 4.127467, within(1e-5));
        assertThat(r.challenger()).isEqualTo(10.0);
        assertThat(r.champion()).isEqualTo(2.0);
        assertThat(r.samples()).isEqualTo(3);
        assertThat(r.championSamples()).isEqualTo(3);
        assertThat(r.detail()).contains("worse than the margin");
    }

    @Test
    void passesAChallengerWhoseIntervalLiesWithinTheMargin() {
        // Both arms 1, 1.2, 1.4 repeated: equal means, the interval is symmetric around 0 and narrow.
        WeightedMoments challenger = new WeightedMoments();
        WeightedMoments champion = new WeightedMoments();
        for (int i = 0; i < 100; i++) {
            double x = 1 + 0.2 * (i % 3);
            challenger.add(x, 1);
            champion.add(x, 1);
        }
        RolloutCheck r = slippageCheck(2, 30).judge(challenger, champion);
        assertThat(r.verdict()).isEqualTo(CheckVerdict.PASS);
        assertThat(r.upper()).isLessThanOrEqualTo(2);
    }

    @Test
    void isInconclusiveWhileTheIntervalStraddlesTheMarginOrFillsAreFew() {
        assertThat(slippageCheck(2, 3).judge(moments(1, 4, 7), moments(1, 2, 3)).verdict())
                .isEqualTo(CheckVerdict.INCONCLUSIVE);
        RolloutCheck few = slippageCheck(2, 30).judge(moments(50, 60), moments(1, 2));
        assertThat(few.verdict()).isEqualTo(CheckVerdict.INCONCLUSIVE);
        assertThat(few.detail()).contains("too few fills: 2 challenger and 2 champion, 30 each needed");
    }

    @Test
    void aMarkoutIsWorseWhenItIsLower() {
        ComparisonCheck markout = new ComparisonCheck("markout_5s", ComparisonCheck.Direction.LOWER_IS_WORSE, 2, 0.05, 3);
        // Challenger markouts -8, -10, -12 against the champion's 1, 2, 3: worse by 12.
        assertThat(markout.judge(moments(-8, -10, -12), moments(1, 2, 3)).verdict()).isEqualTo(CheckVerdict.FAIL);
        // The other way round, the challenger fares better: not a failure.
        assertThat(markout.judge(moments(1, 2, 3), moments(-8, -10, -12)).verdict()).isEqualTo(CheckVerdict.PASS);
    }

    private static ComparisonCheck slippageCheck(double margin, long minSamples) {
        return new ComparisonCheck("slippage", ComparisonCheck.Direction.HIGHER_IS_WORSE, margin, 0.05, minSamples);
    }

    private static WeightedMoments moments(double... values) {
        WeightedMoments m = new WeightedMoments();
        for (double v : values) {
            m.add(v, 1);
        }
        return m;
    }
}

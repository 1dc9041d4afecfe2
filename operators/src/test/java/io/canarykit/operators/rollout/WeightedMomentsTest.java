package io.canarykit.operators.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedMomentsTest {

    @Test
    void weightedMeanAndVarianceMatchHandWorkedNumbers() {
        // Values 1, 2, 4 with weights 1, 1, 2: mean 11/4 = 2.75; squared deviations
        // 1.75^2 + 0.75^2 + 2 * 1.25^2 = 6.75; reliability denominator 4 - 6/4 = 2.5, variance 2.7;
        // variance of the mean 2.7 * 6 / 16 = 1.0125.
        WeightedMoments m = new WeightedMoments();
        m.add(1, 1);
        m.add(2, 1);
        m.add(4, 2);
        assertThat(m.count()).isEqualTo(3);
        assertThat(m.mean()).isCloseTo(2.75, within(1e-12));
        assertThat(m.variance()).isCloseTo(2.7, within(1e-12));
        assertThat(m.varianceOfMean()).isCloseTo(1.0125, within(1e-12));
    }

    @Test
    void equalWeightsGiveTheSampleVarianceOverTheCount() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations 32, sample variance 32/7.
        WeightedMoments m = new WeightedMoments();
        for (double x : new double[] {2, 4, 4, 4, 5, 5, 7, 9}) {
            m.add(x, 3.0);
        }
        assertThat(m.mean()).isCloseTo(5, within(1e-12));
        assertThat(m.variance()).isCloseTo(32.0 / 7, within(1e-12));
        assertThat(m.varianceOfMean()).isCloseTo(32.0 / 7 / 8, within(1e-12));
    }

    @Test
    void agreesWithATwoPassRecomputationOnRandomData() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 5_000;
        double[] x = new double[n];
        double[] w = new double[n];
        WeightedMoments m = new WeightedMoments();
        for (int i = 0; i < n; i++) {
            x[i] = 1e6 + random.nextDouble() * 10;
            w[i] = 0.1 + random.nextDouble() * 5;
            m.add(x[i], w[i]);
        }
        double sw = 0, sw2 = 0, swx = 0;
        for (int i = 0; i < n; i++) {
            sw += w[i];
            sw2 += w[i] * w[i];
            swx += w[i] * x[i];
        }
        double mean = swx / sw;
        double dev = 0;
        for (int i = 0; i < n; i++) {
            dev += w[i] * (x[i] - mean) * (x[i] - mean);
        }
        assertThat(m.mean()).isCloseTo(mean, within(1e-6));
        assertThat(m.variance()).isCloseTo(dev / (sw - sw2 / sw), within(1e-6));
    }

    @Test
    void hasNoVarianceBeforeTwoValuesAndCarriesOnFromASnapshot() {
        WeightedMoments m = new WeightedMoments();
        assertThat(m.mean()).isNaN();
        m.add(3, 1);
        assertThat(m.variance()).isNaN();
        WeightedMoments carried = WeightedMoments.restore(m.snapshot());
        carried.add(5, 1);
        assertThat(carried.mean()).isEqualTo(4);
        assertThat(carried.variance()).isCloseTo(2, within(1e-12));
    }

    @Test
    void refusesNonFiniteValuesAndWeightsThatAreNotPositive() {
        WeightedMoments m = new WeightedMoments();
        assertThatThrownBy(() -> m.add(Double.NaN, 1)).hasMessageContaining("value must be finite");
        assertThatThrownBy(() -> m.add(1, 0)).hasMessageContaining("weight must be positive");
        assertThatThrownBy(() -> m.add(1, Double.POSITIVE_INFINITY)).hasMessageContaining("weight must be positive");
        assertThat(m.count()).isZero();
    }
}

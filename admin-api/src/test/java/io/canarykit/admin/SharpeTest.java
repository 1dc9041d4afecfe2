package io.canarykit.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.admin.gonogo.Sharpe;
import org.junit.jupiter.api.Test;

class SharpeTest {

    @Test
    void annualisesMeanOverSampleDeviation() {
        // Returns 0.01, 0.03: mean 0.02, sample sd = sqrt(((-0.01)^2 + 0.01^2) / 1) = 0.0141421;
        // 0.02 / 0.0141421 * sqrt(252) = 1.41421 * 15.8745 = 22.4499.
        assertThat(Sharpe.annualised(new double[] {0.01, 0.03})).isCloseTo(22.4499, within(1e-3));
    }

    @Test
    void hasNoValueWithoutVariationOrWithOneDay() {
        assertThat(Sharpe.annualised(new double[] {0.01, 0.01, 0.01})).isNaN();
        assertThat(Sharpe.annualised(new double[] {0.01})).isNaN();
    }
}

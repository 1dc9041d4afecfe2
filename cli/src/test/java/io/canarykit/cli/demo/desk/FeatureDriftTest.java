package io.canarykit.cli.demo.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.canarykit.schema.FeatureBins;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FeatureDriftTest {

    private static FeatureBins deciles() {
        double[] expected = new double[10];
        Arrays.fill(expected, 0.1);
        return new FeatureBins(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, expected);
    }

    @Test
    void noDriftHasNoPsi() {
        assertThat(FeatureDrift.expectedPsi(deciles(), 9, 0)).isZero();
    }

    @Test
    void everyValueInTheTopBinGivesTheFlooredSumByHand() {
        // Bins 0..8 empty (floored at 1e-4), bin 9 holds everything:
        // 9 x (1e-4 - 0.1) x ln(1e-4 / 0.1) + (1 - 0.1) x ln(1 / 0.1) = 6.21083 + 2.07233.
        double byHand = 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1) + 0.9 * Math.log(10);
        assertThat(FeatureDrift.expectedPsi(deciles(), 9, 1)).isCloseTo(byHand, offset(1e-12));
    }

    @Test
    void aShareOfOneBinUpMovesOnlyTheOuterBins() {
        // A quarter drifted one bin up: bin 0 keeps 0.075, bin 9 gets 0.125, the rest stay 0.1.
        double byHand = (0.075 - 0.1) * Math.log(0.75) + (0.125 - 0.1) * Math.log(1.25);
        assertThat(FeatureDrift.expectedPsi(deciles(), 1, 0.25)).isCloseTo(byHand, offset(1e-12));
    }

    @Test
    void shareForInvertsTheExpectedPsi() {
        double share = FeatureDrift.shareFor(deciles(), 9, 0.24);
        assertThat(FeatureDrift.expectedPsi(deciles(), 9, share)).isCloseTo(0.24, offset(1e-9));
        assertThat(FeatureDrift.expectedPsi(deciles(), 9, share * 0.99)).isLessThan(0.24);
    }

    @Test
    void shareForIsOneWhenNoShareReachesThePsi() {
        assertThat(FeatureDrift.shareFor(deciles(), 1, 5.0)).isEqualTo(1.0);
    }

    @Test
    void refusesAShareOutsideZeroToOne() {
        assertThatThrownBy(() -> new FeatureDrift("momentum", 2, 1.5, 1_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share");
        assertThatThrownBy(() -> new FeatureDrift(" ", 2, 0.5, 1_000)).hasMessageContaining("feature is required");
    }
}

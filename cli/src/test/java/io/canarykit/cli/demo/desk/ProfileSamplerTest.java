package io.canarykit.cli.demo.desk;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.schema.FeatureBins;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProfileSamplerTest {

    @Test
    void drawsEachBinAtItsExpectedShare() {
        FeatureBins bins = new FeatureBins(new double[] {0.0, 1.0, 2.0}, new double[] {0.1, 0.2, 0.3, 0.4});
        Random random = new Random(11);
        int[] counts = new int[4];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            counts[bins.binOf(ProfileSampler.draw(bins, random, 0))]++;
        }
        // Binomial standard error at n = 1e5 is under 0.0016; 0.006 is almost four of them.
        for (int b = 0; b < 4; b++) {
            assertThat((double) counts[b] / n).isCloseTo(bins.expected()[b], org.assertj.core.data.Offset.offset(0.006));
        }
    }

    @Test
    void aShiftMovesTheDrawsUpAndPilesThemInTheTopBin() {
        FeatureBins bins = new FeatureBins(new double[] {0.0, 1.0, 2.0}, new double[] {0.25, 0.25, 0.25, 0.25});
        Random random = new Random(3);
        int[] counts = new int[4];
        for (int i = 0; i < 10_000; i++) {
            counts[bins.binOf(ProfileSampler.draw(bins, random, 2))]++;
        }
        // Bins 0 and 1 move to 2 and 3; bins 2 and 3 both land in 3.
        assertThat(counts[0]).isZero();
        assertThat(counts[1]).isZero();
        assertThat((double) counts[3] / 10_000).isGreaterThan(0.7);
    }

    @Test
    void sendsNullForMissingValuesAtTheGivenRate() {
        ProfileSampler sampler = new ProfileSampler(SyntheticDesk.profile(SyntheticDesk.CHAMPION));
        Random random = new Random(5);
        int missing = 0;
        int total = 0;
        for (int i = 0; i < 10_000; i++) {
            for (Double v : sampler.draw(random, 0, 0.05).values()) {
                total++;
                missing += v == null ? 1 : 0;
            }
        }
        assertThat((double) missing / total).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.005));
    }

    @Test
    void aNamedFeatureDriftsAloneAndAnUnknownOneIsRefused() {
        ProfileSampler sampler = new ProfileSampler(SyntheticDesk.profile(SyntheticDesk.CHAMPION));
        FeatureBins bins = SyntheticDesk.profile(SyntheticDesk.CHAMPION).features().get("momentum");
        Random random = new Random(5);
        int momentumTop = 0;
        int spreadTop = 0;
        for (int i = 0; i < 2_000; i++) {
            var values = sampler.draw(random, "momentum", 9, 0);
            momentumTop += bins.binOf(values.get("momentum")) == 9 ? 1 : 0;
            spreadTop += bins.binOf(values.get("spread_z")) == 9 ? 1 : 0;
        }
        assertThat(momentumTop).as("every momentum value in the top bin").isEqualTo(2_000);
        // spread_z keeps its profile: a tenth in the top bin.
        assertThat(spreadTop).isBetween(140, 260);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sampler.draw(random, "nope", 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feature must be one of");
    }
}

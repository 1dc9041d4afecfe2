package io.canarykit.cli.demo.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class DriftMixerTest {

    private static final long WINDOW = 10_000;

    private static FeatureDrift drift(double share) {
        return new FeatureDrift("momentum", 9, share, WINDOW);
    }

    @Test
    void keepsTheWindowsShareOfDriftedVectorsAtTheDriftsShare() {
        DriftMixer mixer = new DriftMixer(WINDOW);
        for (long t = 1; t <= 400; t++) {
            mixer.next(t, drift(0.25));
            // Never more than one vector away from the share.
            assertThat(mixer.share(t)).isCloseTo(0.25, offset(1.0 / t + 1e-12));
        }
    }

    @Test
    void driftsEveryVectorUntilTheHealthyHistoryIsCaughtUp() {
        DriftMixer mixer = new DriftMixer(WINDOW);
        for (long t = 1; t <= 300; t++) {
            assertThat(mixer.next(t, null)).isFalse();
        }
        // 300 healthy vectors: 100 drifted ones in a row make a quarter of 400.
        for (long t = 301; t <= 400; t++) {
            assertThat(mixer.next(t, drift(0.25))).as("vector at %d", t).isTrue();
        }
        assertThat(mixer.next(401, drift(0.25))).isFalse();
        assertThat(mixer.share(401)).isCloseTo(100.0 / 401, offset(1e-12));
    }

    @Test
    void forgetsAVectorExactlyOneWindowOld() {
        DriftMixer mixer = new DriftMixer(WINDOW);
        mixer.next(1_000, drift(1.0));
        mixer.next(5_000, null);
        assertThat(mixer.share(10_999)).isEqualTo(0.5);
        // (t - W, t]: at t = 11 000 the vector of 1 000 is out.
        assertThat(mixer.share(11_000)).isZero();
    }

    @Test
    void stopsDriftingWhenTheDriftEnds() {
        DriftMixer mixer = new DriftMixer(WINDOW);
        mixer.next(1, drift(1.0));
        for (long t = 2; t < 100; t++) {
            assertThat(mixer.next(t, null)).isFalse();
        }
        assertThat(mixer.share(100)).isCloseTo(1.0 / 99, offset(1e-12));
    }
}

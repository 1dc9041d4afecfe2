package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.ReferenceProfile;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MissingFeaturesMonitorTest {

    private static final String MODEL = "m1";
    private static final FeatureBins HALVES = new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5});

    /** A reference with four features a, b, c, d. */
    private static ReferenceProfile fourFeatures() {
        return new ReferenceProfile(MODEL, Map.of("a", HALVES, "b", HALVES, "c", HALVES, "d", HALVES));
    }

    private static FeatureVector vec(long ts, Object... nameValue) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (Double) nameValue[i + 1]);
        }
        return new FeatureVector(ts, "SYM", MODEL, m);
    }

    @Test
    void countsAbsentNullAndNonFiniteAsMissing() {
        MissingFeaturesMonitor mon = new MissingFeaturesMonitor(fourFeatures());
        // Vector 1: a ok, b null, c NaN, d absent -> 3 missing.
        mon.add(vec(1_000, "a", 1.0, "b", null, "c", Double.NaN));
        // Vector 2: all four present and finite, plus an extra feature that does not count -> 0 missing.
        mon.add(vec(1_000, "a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0, "extra", null));
        // Vector 3: d is +infinity -> 1 missing.
        mon.add(vec(1_000, "a", 1.0, "b", 2.0, "c", 3.0, "d", Double.POSITIVE_INFINITY));

        // missing / (vectors x features) = (3 + 0 + 1) / (3 x 4) = 4 / 12 = 0.3333...
        assertThat(mon.missing()).isEqualTo(4);
        assertThat(mon.events()).isEqualTo(3);
        assertThat(mon.featuresMissingRatio()).isCloseTo(1.0 / 3.0, within(1e-15));
    }

    @Test
    void hasNoValueWhenTheWindowIsEmpty() {
        MissingFeaturesMonitor mon = new MissingFeaturesMonitor(fourFeatures());

        assertThat(mon.featuresMissingRatio()).isNull();
        assertThat(mon.windowMs()).isEqualTo(300_000);
    }

    @Test
    void hasNoValueForAReferenceWithoutFeatures() {
        MissingFeaturesMonitor mon = new MissingFeaturesMonitor(new ReferenceProfile(MODEL, Map.of()));
        mon.add(vec(1_000, "a", null));

        assertThat(mon.events()).isEqualTo(1);
        assertThat(mon.featuresMissingRatio()).isNull();
    }

    @Test
    void singleVectorMissingOneOfFour() {
        MissingFeaturesMonitor mon = new MissingFeaturesMonitor(fourFeatures());
        mon.add(vec(1_000, "a", 1.0, "b", 2.0, "c", 3.0));

        // 1 / (1 x 4) = 0.25
        assertThat(mon.featuresMissingRatio()).isEqualTo(0.25);
    }

    @Test
    void countsAVectorWithNoFeatureMapAsAllMissing() {
        MissingFeaturesMonitor mon = new MissingFeaturesMonitor(fourFeatures());
        mon.add(new FeatureVector(1_000, "SYM", MODEL, null));

        assertThat(mon.featuresMissingRatio()).isEqualTo(1.0);
    }

    @Test
    void dropsAVectorAtExactlyTMinusWAndKeepsAVectorAtT() {
        MissingFeaturesMonitor mon = new MissingFeaturesMonitor(fourFeatures(), 1_000);
        mon.add(vec(1_000));                                          // 4 missing
        mon.add(vec(2_000, "a", 1.0, "b", 1.0, "c", 1.0, "d", 1.0)); // 0 missing

        mon.advanceTo(2_000);

        // The window (1000, 2000] holds only the complete vector: 0 / (1 x 4) = 0.
        assertThat(mon.events()).isEqualTo(1);
        assertThat(mon.featuresMissingRatio()).isEqualTo(0.0);

        mon.advanceTo(3_000);
        assertThat(mon.featuresMissingRatio()).isNull();
        assertThat(mon.missing()).isZero();
    }

    @Test
    void ignoresVectorsOfAnotherModelAndVectorsAlreadyOut() {
        MissingFeaturesMonitor mon = new MissingFeaturesMonitor(fourFeatures(), 1_000);
        mon.advanceTo(5_000);

        assertThat(mon.add(new FeatureVector(4_500, "SYM", "other", Map.of()))).isFalse();
        assertThat(mon.add(vec(4_000))).isFalse();
        assertThat(mon.add(vec(4_001, "a", 1.0, "b", 1.0))).isTrue();
        // 2 / (1 x 4) = 0.5
        assertThat(mon.featuresMissingRatio()).isEqualTo(0.5);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new MissingFeaturesMonitor(null)).hasMessageContaining("profile");
        assertThatThrownBy(() -> new MissingFeaturesMonitor(fourFeatures(), -1)).hasMessageContaining("windowMs");
        assertThatThrownBy(() -> new MissingFeaturesMonitor(fourFeatures()).add(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vector");
    }
}

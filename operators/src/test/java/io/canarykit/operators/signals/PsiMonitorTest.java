package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.ReferenceProfile;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PsiMonitorTest {

    private static final String MODEL = "m1";
    private static final long W = 60_000;

    /** Two bins cut at 0: bin 0 is v < 0, bin 1 is v >= 0, each expected to hold half. */
    private static ReferenceProfile halves() {
        return new ReferenceProfile(MODEL, Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
    }

    private static FeatureVector vec(long ts, Object... nameValue) {
        return vecOf(MODEL, ts, nameValue);
    }

    private static FeatureVector vecOf(String model, long ts, Object... nameValue) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (Double) nameValue[i + 1]);
        }
        return new FeatureVector(ts, "SYM", model, m);
    }

    private static void addMany(PsiMonitor psi, int count, long ts, String feature, double value) {
        for (int i = 0; i < count; i++) {
            psi.add(vec(ts, feature, value));
        }
    }

    @Test
    void computesPsiOfSeventyThirtyAgainstHalves() {
        PsiMonitor psi = new PsiMonitor(halves(), W, 100);
        addMany(psi, 70, 1_000, "x", -1.0);
        addMany(psi, 30, 1_000, "x", 1.0);
        psi.advanceTo(1_000);

        // a = [0.7, 0.3], e = [0.5, 0.5]:
        // (0.7-0.5)*ln(0.7/0.5) + (0.3-0.5)*ln(0.3/0.5) = 0.2*ln(1.4) - 0.2*ln(0.6) = 0.2*ln(7/3)
        // = 0.2 * 0.8472978603872037 = 0.16945957207744073
        assertThat(psi.psi("x")).isCloseTo(0.16945957207744073, within(1e-12));
        assertThat(psi.maxPsi()).isCloseTo(0.16945957207744073, within(1e-12));
        assertThat(psi.samples("x")).isEqualTo(100);
        assertThat(psi.events()).isEqualTo(100);
    }

    @Test
    void isZeroWhenActualMatchesExpected() {
        PsiMonitor psi = new PsiMonitor(halves(), W, 100);
        addMany(psi, 50, 1_000, "x", -1.0);
        addMany(psi, 50, 1_000, "x", 1.0);

        assertThat(psi.psi("x")).isEqualTo(0.0);
    }

    @Test
    void floorsAnEmptyActualBinAtOneInTenThousandWithoutRenormalising() {
        ReferenceProfile profile = new ReferenceProfile(MODEL,
                Map.of("x", new FeatureBins(new double[] {1.0, 2.0}, new double[] {0.5, 0.3, 0.2})));
        PsiMonitor psi = new PsiMonitor(profile, W, 100);
        addMany(psi, 60, 1_000, "x", 0.5);
        addMany(psi, 40, 1_000, "x", 1.5);

        // a = [0.6, 0.4, 0 -> 1e-4] (shares then sum to 1.0001: not renormalised), e = [0.5, 0.3, 0.2]:
        //   0.1*ln(1.2)         = 0.1 * 0.1823215567939546  = 0.01823215567939546
        // + 0.1*ln(4/3)         = 0.1 * 0.28768207245178085 = 0.028768207245178085
        // + (1e-4-0.2)*ln(5e-4) = -0.1999 * -7.600902459542082 = 1.5194204016624622
        // = 1.5664207645870358
        assertThat(psi.psi("x")).isCloseTo(1.5664207645870358, within(1e-12));
    }

    @Test
    void floorsAZeroExpectedShare() {
        ReferenceProfile profile = new ReferenceProfile(MODEL,
                Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.0, 1.0})));
        PsiMonitor psi = new PsiMonitor(profile, W, 100);
        addMany(psi, 10, 1_000, "x", -1.0);
        addMany(psi, 90, 1_000, "x", 1.0);

        // a = [0.1, 0.9], e = [0 -> 1e-4, 1.0]:
        // (0.1-1e-4)*ln(0.1/1e-4) + (0.9-1)*ln(0.9) = 0.0999*6.907755278982137 + 0.1*0.10536051565782628
        // = 0.6900847523703155 + 0.010536051565782628 = 0.7006208039360982
        assertThat(psi.psi("x")).isCloseTo(0.7006208039360982, within(1e-12));
    }

    @Test
    void hasNoPsiWhenTheWindowIsEmpty() {
        PsiMonitor psi = new PsiMonitor(halves());

        assertThat(psi.psi("x")).isNull();
        assertThat(psi.maxPsi()).isNull();
        assertThat(psi.psiByFeature()).isEmpty();
        assertThat(psi.samples("x")).isZero();
        assertThat(psi.events()).isZero();
    }

    @Test
    void computesPsiOfASingleSampleWhenMinimumIsOne() {
        PsiMonitor psi = new PsiMonitor(halves(), W, 1);
        psi.add(vec(1_000, "x", -3.0));

        // a = [1, 0 -> 1e-4], e = [0.5, 0.5]:
        // (1-0.5)*ln(2) + (1e-4-0.5)*ln(2e-4) = 0.5*0.6931471805599453 + (-0.4999)*(-8.517193191416238)
        // = 0.34657359027997264 + 4.257748876388977 = 4.60431846666895
        assertThat(psi.psi("x")).isCloseTo(4.60431846666895, within(1e-12));
    }

    @Test
    void needsTheMinimumNumberOfSamples() {
        PsiMonitor psi = new PsiMonitor(halves(), W, 100);
        addMany(psi, 99, 1_000, "x", -1.0);

        assertThat(psi.samples("x")).isEqualTo(99);
        assertThat(psi.psi("x")).isNull();
        assertThat(psi.maxPsi()).isNull();

        psi.add(vec(1_000, "x", -1.0));

        // 100 values all in bin 0: a = [1, 1e-4], the single-sample working above: 4.60431846666895.
        assertThat(psi.psi("x")).isCloseTo(4.60431846666895, within(1e-12));
    }

    @Test
    void theLargestPsiFollowsEveryChangeOfTheCountsAndTheMinimumItIsAskedWith() {
        PsiMonitor psi = new PsiMonitor(halves(), W, 1);
        psi.add(vec(1_000, "x", -3.0));
        // One value in bin 0: the single-sample working above.
        assertThat(psi.maxPsi()).isCloseTo(4.60431846666895, within(1e-12));
        assertThat(psi.maxPsi()).isCloseTo(4.60431846666895, within(1e-12));

        psi.add(vec(2_000, "x", 3.0));
        // One in each bin: a = e = [0.5, 0.5], so 0.
        assertThat(psi.maxPsi()).isCloseTo(0.0, within(1e-12));

        // The same counts read by a monitor that needs three samples: none yet.
        PsiMonitor stricter = PsiMonitor.restore(halves(), W, 3, psi.state(), new EventTimeWindow<>(W));
        assertThat(stricter.maxPsi()).isNull();
        assertThat(psi.maxPsi()).isCloseTo(0.0, within(1e-12));

        psi.advanceTo(1_000 + W);
        // The value at 1,000 leaves the window (t - W excluded): one in bin 1, the mirror of the first.
        assertThat(psi.maxPsi()).isCloseTo(4.60431846666895, within(1e-12));
    }

    @Test
    void dropsAnEventAtExactlyTMinusWAndKeepsAnEventAtT() {
        PsiMonitor psi = new PsiMonitor(halves(), 1_000, 1);
        psi.add(vec(1_000, "x", -1.0));
        psi.add(vec(2_000, "x", 1.0));

        psi.advanceTo(2_000);

        // The window is (1000, 2000]: only the value at 2000 (bin 1) is left, so samples = 1 and
        // a = [1e-4, 1], the mirror of the single-sample case: 4.60431846666895.
        assertThat(psi.samples("x")).isEqualTo(1);
        assertThat(psi.events()).isEqualTo(1);
        assertThat(psi.psi("x")).isCloseTo(4.60431846666895, within(1e-12));

        psi.advanceTo(2_999);
        assertThat(psi.samples("x")).isEqualTo(1);
        psi.advanceTo(3_000);
        assertThat(psi.samples("x")).isZero();
        assertThat(psi.psi("x")).isNull();
    }

    @Test
    void putsAValueEqualToAnEdgeInTheUpperBin() {
        PsiMonitor psi = new PsiMonitor(halves(), W, 1);
        psi.add(vec(1_000, "x", 0.0));

        // 0.0 == edge 0.0 goes to bin 1: a = [1e-4, 1], by symmetry again 4.60431846666895.
        // Had it gone to bin 0 the value would be the same, so check the other side too:
        // adding -0.5 (bin 0) balances the bins to [0.5, 0.5] and PSI 0.
        assertThat(psi.psi("x")).isCloseTo(4.60431846666895, within(1e-12));
        psi.add(vec(1_000, "x", -0.5));
        assertThat(psi.psi("x")).isEqualTo(0.0);
    }

    @Test
    void edgeValueCountsInUpperBinOfThreeBins() {
        // Bins: (-inf, 1), [1, 2), [2, inf) with expected [0.25, 0.5, 0.25].
        ReferenceProfile profile = new ReferenceProfile(MODEL,
                Map.of("x", new FeatureBins(new double[] {1.0, 2.0}, new double[] {0.25, 0.5, 0.25})));
        PsiMonitor psi = new PsiMonitor(profile, W, 4);
        psi.add(vec(1, "x", 0.0));
        psi.add(vec(1, "x", 1.0));
        psi.add(vec(1, "x", 1.5));
        psi.add(vec(1, "x", 2.0));

        // Edges go up: 0.0 -> bin 0, 1.0 -> bin 1, 1.5 -> bin 1, 2.0 -> bin 2, so a = [0.25, 0.5, 0.25] = e
        // and PSI is exactly 0. Had edges gone down, a would be [0.5, 0.5, 0] and PSI > 0.
        assertThat(psi.psi("x")).isEqualTo(0.0);
    }

    @Test
    void ignoresNullAndNonFiniteValues() {
        PsiMonitor psi = new PsiMonitor(halves(), W, 2);
        psi.add(vec(1_000, "x", null));
        psi.add(vec(1_000, "x", Double.NaN));
        psi.add(vec(1_000, "x", Double.POSITIVE_INFINITY));
        psi.add(vec(1_000, "x", Double.NEGATIVE_INFINITY));
        psi.add(vec(1_000, "x", -1.0));

        assertThat(psi.events()).isEqualTo(5);
        assertThat(psi.samples("x")).isEqualTo(1);
        assertThat(psi.psi("x")).isNull();

        psi.add(vec(1_000, "x", 1.0));
        // Two finite values, one per bin: a = e = [0.5, 0.5], PSI 0.
        assertThat(psi.psi("x")).isEqualTo(0.0);
    }

    @Test
    void featureMissingEntirelyHasNoPsiAndMaxComesFromTheOthers() {
        ReferenceProfile profile = new ReferenceProfile(MODEL, Map.of(
                "x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5}),
                "y", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
        PsiMonitor psi = new PsiMonitor(profile, W, 100);
        addMany(psi, 70, 1_000, "x", -1.0);
        addMany(psi, 30, 1_000, "x", 1.0);

        assertThat(psi.samples("y")).isZero();
        assertThat(psi.psi("y")).isNull();
        // 0.2*ln(7/3) from the seventy-thirty case.
        assertThat(psi.maxPsi()).isCloseTo(0.16945957207744073, within(1e-12));
        assertThat(psi.psiByFeature()).containsOnlyKeys("x");
    }

    @Test
    void maxPsiIsTheLargestFeaturePsi() {
        ReferenceProfile profile = new ReferenceProfile(MODEL, Map.of(
                "x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5}),
                "y", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
        PsiMonitor psi = new PsiMonitor(profile, W, 100);
        for (int i = 0; i < 100; i++) {
            // x: 70 low, 30 high -> 0.16945957207744073; y: 50/50 -> 0.
            psi.add(vec(1_000, "x", i < 70 ? -1.0 : 1.0, "y", i < 50 ? -1.0 : 1.0));
        }

        assertThat(psi.psi("y")).isEqualTo(0.0);
        assertThat(psi.maxPsi()).isCloseTo(0.16945957207744073, within(1e-12));
        assertThat(psi.psiByFeature()).containsOnlyKeys("x", "y");
    }

    @Test
    void ignoresFeaturesOutsideTheReference() {
        PsiMonitor psi = new PsiMonitor(halves(), W, 1);
        psi.add(vec(1_000, "x", -1.0, "extra", 5.0));
        psi.add(vec(1_000, "x", 1.0, "extra", 5.0));

        assertThat(psi.psiByFeature()).containsOnlyKeys("x");
        assertThat(psi.psi("x")).isEqualTo(0.0);
        assertThat(psi.features()).containsExactly("x");
        assertThatThrownBy(() -> psi.psi("extra")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'extra'");
        assertThatThrownBy(() -> psi.samples(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature");
    }

    @Test
    void ignoresVectorsOfAnotherModel() {
        PsiMonitor psi = new PsiMonitor(halves(), W, 1);

        assertThat(psi.add(vecOf("other", 1_000, "x", -1.0))).isFalse();
        assertThat(psi.add(vecOf(null, 1_000, "x", -1.0))).isFalse();
        assertThat(psi.events()).isZero();
        assertThat(psi.psi("x")).isNull();
    }

    @Test
    void countsAVectorWithNoFeatureMapAsAnEventWithoutValues() {
        PsiMonitor psi = new PsiMonitor(halves(), W, 1);

        assertThat(psi.add(new FeatureVector(1_000, "SYM", MODEL, null))).isTrue();
        assertThat(psi.events()).isEqualTo(1);
        assertThat(psi.samples("x")).isZero();
    }

    @Test
    void ignoresAVectorThatIsAlreadyOutOfTheWindow() {
        PsiMonitor psi = new PsiMonitor(halves(), 1_000, 1);
        psi.advanceTo(5_000);

        // The window is (4000, 5000]: 4000 is out, 4001 is in.
        assertThat(psi.add(vec(4_000, "x", -1.0))).isFalse();
        assertThat(psi.add(vec(4_001, "x", 1.0))).isTrue();
        assertThat(psi.samples("x")).isEqualTo(1);
    }

    @Test
    void advancingBackInTimeChangesNothing() {
        PsiMonitor psi = new PsiMonitor(halves(), 1_000, 1);
        psi.add(vec(4_500, "x", 1.0));
        psi.advanceTo(5_000);
        psi.advanceTo(3_000);

        // The window stays (4000, 5000], so a vector at 3500 is still out.
        assertThat(psi.add(vec(3_500, "x", -1.0))).isFalse();
        assertThat(psi.samples("x")).isEqualTo(1);
    }

    @Test
    void lateVectorInsideTheWindowCountsAndLeavesInTimestampOrder() {
        PsiMonitor psi = new PsiMonitor(halves(), 1_000, 1);
        psi.advanceTo(2_000);
        psi.add(vec(2_000, "x", 1.0));
        psi.add(vec(1_200, "x", -1.0));

        assertThat(psi.psi("x")).isEqualTo(0.0);
        psi.advanceTo(2_200);
        // Only the late vector (1200, bin 0) left: a = [1, 1e-4], 4.60431846666895.
        assertThat(psi.samples("x")).isEqualTo(1);
        assertThat(psi.psi("x")).isCloseTo(4.60431846666895, within(1e-12));
    }

    @Test
    void hasNoPsiForAReferenceWithoutFeatures() {
        PsiMonitor psi = new PsiMonitor(new ReferenceProfile(MODEL, Map.of()));
        psi.add(vec(1_000, "x", 1.0));

        assertThat(psi.maxPsi()).isNull();
        assertThat(psi.psiByFeature()).isEmpty();
        assertThat(psi.events()).isEqualTo(1);
    }

    @Test
    void usesTheDefaults() {
        PsiMonitor psi = new PsiMonitor(halves());

        assertThat(psi.windowMs()).isEqualTo(1_800_000);
        assertThat(psi.minSamples()).isEqualTo(100);
        assertThat(psi.modelId()).isEqualTo(MODEL);
        assertThat(PsiMonitor.SHARE_FLOOR).isEqualTo(1e-4);
    }

    @Test
    void isNotChangedByEditsToTheProfileArraysAfterwards() {
        double[] expected = {0.5, 0.5};
        PsiMonitor psi = new PsiMonitor(
                new ReferenceProfile(MODEL, Map.of("x", new FeatureBins(new double[] {0.0}, expected))), W, 1);
        expected[0] = 0.9;
        psi.add(vec(1, "x", -1.0));
        psi.add(vec(1, "x", 1.0));

        assertThat(psi.psi("x")).isEqualTo(0.0);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new PsiMonitor(null)).hasMessageContaining("profile");
        assertThatThrownBy(() -> new PsiMonitor(new ReferenceProfile(null, Map.of())))
                .hasMessageContaining("model_id");
        assertThatThrownBy(() -> new PsiMonitor(new ReferenceProfile(MODEL, null)))
                .hasMessageContaining("profile.features");
        assertThatThrownBy(() -> new PsiMonitor(halves(), 0, 100)).hasMessageContaining("windowMs");
        assertThatThrownBy(() -> new PsiMonitor(halves(), W, 0)).hasMessageContaining("minSamples");
        assertThatThrownBy(() -> new PsiMonitor(halves()).add(null)).hasMessageContaining("vector");
        assertThatThrownBy(() -> new PsiMonitor(binsOf(new double[] {0.0, 1.0}, new double[] {0.5, 0.5})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature 'x': expected must have one entry more than edges (3), got 2");
        assertThatThrownBy(() -> new PsiMonitor(binsOf(new double[] {1.0, 0.0}, new double[] {0.3, 0.3, 0.4})))
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> new PsiMonitor(binsOf(new double[] {Double.NaN}, new double[] {0.5, 0.5})))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new PsiMonitor(binsOf(new double[] {0.0}, new double[] {Double.NaN, 0.5})))
                .hasMessageContaining("feature 'x': expected[0] must be finite and >= 0, got NaN");
        assertThatThrownBy(() -> new PsiMonitor(binsOf(new double[] {0.0}, new double[] {-0.1, 1.1})))
                .hasMessageContaining("feature 'x': expected[0] must be finite and >= 0, got -0.1");
        assertThatThrownBy(() -> new PsiMonitor(binsOf(new double[0], new double[0])))
                .hasMessageContaining("feature 'x': expected must have one entry more than edges (1), got 0");
        assertThatThrownBy(() -> new PsiMonitor(binsOf(null, new double[] {1.0})))
                .hasMessageContaining("needs edges");
    }

    @Test
    void rejectsMoreBinsThanItsWindowCanHold() {
        double[] edges = new double[FeatureBins.MAX_BINS];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = i;
        }
        double[] expected = new double[FeatureBins.MAX_BINS + 1];
        expected[0] = 1.0;

        assertThatThrownBy(() -> new PsiMonitor(binsOf(edges, expected)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature 'x': expected must have at most 32767 entries, got 32768");
    }

    private static ReferenceProfile binsOf(double[] edges, double[] expected) {
        return new ReferenceProfile(MODEL, Map.of("x", new FeatureBins(edges, expected)));
    }
}

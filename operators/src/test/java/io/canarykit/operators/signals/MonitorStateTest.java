package io.canarykit.operators.signals;

import io.canarykit.config.KitConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.operators.flink.state.StateRoundTrip;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.ReferenceProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The monitors' keyed-state split: State ownership, restore and create, and Flink's view of the types. */
class MonitorStateTest {

    private static final String MODEL = "m1";
    private static final long W = 1_000;
    private static final FeatureBins HALVES = new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5});

    private static FeatureVector vec(long ts, Object... nameValue) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (Double) nameValue[i + 1]);
        }
        return new FeatureVector(ts, "SYM", MODEL, m);
    }

    private static MarketQuote quote(long ts, Feed feed, double bid, double ask) {
        return new MarketQuote(ts, "SYM", feed, bid, ask, null, null);
    }

    /** Writes {@code value} with the serializer Flink picks for {@code type} and reads it back. */
    static <T> T throughFlinkSerializer(Class<T> type, T value) {
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
        try {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(value, out);
            return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void statesAreFlinkPojosWithoutKryoFields() {
        assertThat(TypeInformation.of(PsiMonitor.State.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(MissingFeaturesMonitor.State.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(FeedMonitor.State.class)).isInstanceOf(PojoTypeInfo.class);
        KryoFreeTypes.assertNoGenericTypes(PsiMonitor.State.class);
        KryoFreeTypes.assertNoGenericTypes(MissingFeaturesMonitor.State.class);
        KryoFreeTypes.assertNoGenericTypes(FeedMonitor.State.class);
    }

    @Test
    void percentileStateAndBucketsAreFlinkPojosThatSurviveTheirSerializer() {
        assertThat(TypeInformation.of(SlidingPercentile.State.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(SlidingPercentile.Bucket.class)).isInstanceOf(PojoTypeInfo.class);
        KryoFreeTypes.assertNoGenericTypes(SlidingPercentile.State.class);
        KryoFreeTypes.assertNoGenericTypes(SlidingPercentile.Bucket.class);
        KryoFreeTypes.assertNoGenericTypes(SloWindow.State.class);

        SlidingPercentile p = new SlidingPercentile();
        p.add(25.0);
        p.add(25.0);
        p.add(26.0);
        // 3 values: ceil(0.95 * 3) = 3 -> 26, remembered in the state.
        assertThat(p.quantile(0.95)).isEqualTo(26.0);
        SlidingPercentile.State state = throughFlinkSerializer(SlidingPercentile.State.class, p.state());
        assertThat(state.counts()).isEqualTo(p.state().counts());
        assertThat(state.lastRank()).isEqualTo(3);
        assertThat(state.lastValue()).isEqualTo(26.0);
        SlidingPercentile.Bucket bucket = throughFlinkSerializer(SlidingPercentile.Bucket.class,
                new SlidingPercentile.Bucket(new double[] {25.0, 26.0}, new int[] {2, 1}));
        assertThat(bucket.values()).containsExactly(25.0, 26.0);
        assertThat(bucket.copies()).containsExactly(2, 1);
    }

    @Test
    void windowEventsNeedNoKryo() {
        // PsiMonitor holds a short[] of bins per vector, MissingFeaturesMonitor an Integer count.
        KryoFreeTypes.assertNoGenericTypes(short[].class);
        KryoFreeTypes.assertNoGenericTypes(Integer.class);
    }

    @Test
    void restoredPsiMonitorTakesBackWhatItsPredecessorCounted() {
        ReferenceProfile profile = new ReferenceProfile(MODEL, Map.of("x", HALVES));
        EventTimeWindow<short[]> window = new EventTimeWindow<>(W);
        PsiMonitor first = PsiMonitor.create(profile, W, 1, window);
        first.add(vec(100, "x", -1.0));  // bin 0
        first.add(vec(200, "x", 1.0));   // bin 1
        first.add(vec(600, "x", 2.0));   // bin 1

        PsiMonitor restored = PsiMonitor.restore(profile, W, 1, throughFlinkSerializer(PsiMonitor.State.class,
                first.state()), window);
        // Counts [1, 2], n = 3: (1/3 - 1/2) ln(2/3) + (2/3 - 1/2) ln(4/3) = 0.11552453009332421.
        assertThat(restored.psi("x")).isCloseTo(0.11552453009332421, within(1e-12));
        assertThat(restored.samples("x")).isEqualTo(3);
        assertThat(restored.events()).isEqualTo(3);

        // Cutoff 1150 - 1000 = 150 takes back the vector at 100: counts [0, 2], n = 2, shares
        // [1e-4 (floored), 1]: (1e-4 - 0.5) ln(1e-4 / 0.5) + (1 - 0.5) ln(1 / 0.5) = 4.60431846666895.
        restored.advanceTo(1_150);
        assertThat(restored.psi("x")).isCloseTo(4.60431846666895, within(1e-12));
        assertThat(restored.samples("x")).isEqualTo(2);
        assertThat(restored.events()).isEqualTo(2);
        assertThat(window.size()).isEqualTo(2);
    }

    @Test
    void restoredPsiMonitorKeepsTheCutoff() {
        ReferenceProfile profile = new ReferenceProfile(MODEL, Map.of("x", HALVES));
        EventTimeWindow<short[]> window = new EventTimeWindow<>(W);
        PsiMonitor first = PsiMonitor.create(profile, W, 1, window);
        first.advanceTo(5_000);

        PsiMonitor restored = PsiMonitor.restore(profile, W, 1, first.state(), window);
        // 4000 is at the cutoff 5000 - 1000, so already out; 4001 is in.
        assertThat(restored.add(vec(4_000, "x", 1.0))).isFalse();
        assertThat(restored.add(vec(4_001, "x", 1.0))).isTrue();
    }

    @Test
    void restoredPsiMonitorCountsInTheGivenStateAndAnswersAsItsNeverSavedTwin() {
        ReferenceProfile profile = new ReferenceProfile(MODEL, Map.of("x", HALVES, "y", HALVES));
        CompiledProfile compiled = CompiledProfile.of(profile);
        PsiMonitor twin = PsiMonitor.create(compiled, W, 1, new EventTimeWindow<>(W));
        EventTimeWindow<short[]> window = new EventTimeWindow<>(W);
        PsiMonitor first = PsiMonitor.create(compiled, W, 1, window);
        for (PsiMonitor m : new PsiMonitor[] {twin, first}) {
            m.add(vec(100, "x", -1.0, "y", 1.0));
            m.add(vec(300, "x", 1.0));
        }
        PsiMonitor.State saved = first.state();

        // On the heap backend the job hands back the very object it stored: restore must not copy it.
        PsiMonitor restored = PsiMonitor.restore(compiled, W, 1, saved, window);
        long[] samples = saved.samples();
        for (PsiMonitor m : new PsiMonitor[] {twin, restored}) {
            m.add(vec(700, "x", 2.0, "y", -2.0));
            m.advanceTo(1_200);
        }

        assertThat(restored.state()).isSameAs(saved).isEqualTo(twin.state());
        assertThat(restored.state().samples()).isSameAs(samples).containsExactly(2, 1);
        assertThat(restored.psiByFeature()).isEqualTo(twin.psiByFeature());
        assertThat(restored.maxPsi()).isEqualTo(twin.maxPsi());
        assertThat(restored.events()).isEqualTo(twin.events()).isEqualTo(2);
    }

    @Test
    void restoredMissingFeaturesMonitorTakesBackWhatItsPredecessorCounted() {
        ReferenceProfile profile = new ReferenceProfile(MODEL, Map.of("a", HALVES, "b", HALVES));
        EventTimeWindow<Integer> window = new EventTimeWindow<>(W);
        MissingFeaturesMonitor first = MissingFeaturesMonitor.create(profile, W, window);
        first.add(vec(100, "b", 1.0));                     // a absent: 1 missing
        first.add(vec(600, "a", null, "b", Double.NaN));   // a null, b NaN: 2 missing

        MissingFeaturesMonitor restored = MissingFeaturesMonitor.restore(profile, W,
                throughFlinkSerializer(MissingFeaturesMonitor.State.class, first.state()), window);
        // 3 missing / (2 vectors x 2 features) = 0.75
        assertThat(restored.featuresMissingRatio()).isEqualTo(0.75);

        // Cutoff 150 takes back the vector at 100: 2 / (1 x 2) = 1.0
        restored.advanceTo(1_150);
        assertThat(restored.missing()).isEqualTo(2);
        assertThat(restored.events()).isEqualTo(1);
        assertThat(restored.featuresMissingRatio()).isEqualTo(1.0);
        // The cutoff came back too: 150 is out, 151 counts.
        MissingFeaturesMonitor again = MissingFeaturesMonitor.restore(profile, W, restored.state(), window);
        assertThat(again.add(vec(150, "a", 1.0, "b", 1.0))).isFalse();
        assertThat(again.add(vec(151, "a", 1.0, "b", 1.0))).isTrue();
    }

    @Test
    void restoredFeedMonitorKeepsBothLatestQuotes() {
        FeedMonitor first = new FeedMonitor();
        first.add(quote(1_000, Feed.PRIMARY, 101, 101));
        first.add(quote(1_500, Feed.REFERENCE, 100, 100));

        FeedMonitor restored = FeedMonitor.restore(KitConfig.defaults().feedFreshnessMs(),
                throughFlinkSerializer(FeedMonitor.State.class, first.state()));
        // |101 - 100| / 100 * 1e4 = 100 bps; (2500 - 1000) / 1000 = 1.5 s
        assertThat(restored.dislocationBps(2_000)).isCloseTo(100.0, within(1e-9));
        assertThat(restored.staleSeconds(2_500)).isEqualTo(1.5);
        assertThat(restored.primaryTs()).isEqualTo(1_000L);
        // An older primary quote still does not replace the restored latest.
        assertThat(restored.add(quote(900, Feed.PRIMARY, 50, 50))).isFalse();
    }

    @Test
    void restoredMissingFeaturesMonitorCountsInTheGivenStateAndAnswersAsItsNeverSavedTwin() {
        ReferenceProfile profile = new ReferenceProfile(MODEL, Map.of("a", HALVES, "b", HALVES));
        MissingFeaturesMonitor twin = new MissingFeaturesMonitor(profile, W);
        EventTimeWindow<Integer> window = new EventTimeWindow<>(W);
        MissingFeaturesMonitor first = MissingFeaturesMonitor.create(profile, W, window);
        for (MissingFeaturesMonitor m : new MissingFeaturesMonitor[] {twin, first}) {
            m.add(vec(100, "a", 1.0));
        }
        MissingFeaturesMonitor.State saved = first.state();

        MissingFeaturesMonitor restored = MissingFeaturesMonitor.restore(profile, W, saved, window);
        for (MissingFeaturesMonitor m : new MissingFeaturesMonitor[] {twin, restored}) {
            m.add(vec(600, "a", Double.NaN, "b", null));
            m.advanceTo(1_150);
        }

        assertThat(restored.state()).isSameAs(saved).isEqualTo(twin.state());
        // Only the vector at 600 is left, with both features missing: 2 / (1 x 2).
        assertThat(restored.featuresMissingRatio()).isEqualTo(twin.featuresMissingRatio()).isEqualTo(1.0);
    }

    @Test
    void restoredFeedMonitorKeepsQuotesInTheGivenStateAndAnswersAsItsNeverSavedTwin() {
        FeedMonitor twin = new FeedMonitor();
        FeedMonitor first = new FeedMonitor();
        for (FeedMonitor m : new FeedMonitor[] {twin, first}) {
            m.add(quote(1_000, Feed.PRIMARY, 101, 101));
        }
        FeedMonitor.State saved = first.state();

        FeedMonitor restored = FeedMonitor.restore(KitConfig.defaults().feedFreshnessMs(), saved);
        for (FeedMonitor m : new FeedMonitor[] {twin, restored}) {
            m.add(quote(1_500, Feed.REFERENCE, 100, 100));
            m.add(quote(1_600, Feed.PRIMARY, 102, 102));
        }

        assertThat(restored.state()).isSameAs(saved).isEqualTo(twin.state());
        // |102 - 100| / 100 * 1e4 = 200 bps
        assertThat(restored.dislocationBps(2_000)).isEqualTo(twin.dislocationBps(2_000)).isCloseTo(200.0, within(1e-9));
        assertThat(saved.primaryTs()).isEqualTo(1_600);
    }

    @Test
    void statesSurviveFlinksSerializerAsEqualValues() {
        PsiMonitor.State psi = new PsiMonitor.State(new long[][] {{1, 2}, {3}}, new long[] {3, 3}, 4, 500);
        MissingFeaturesMonitor.State missing = new MissingFeaturesMonitor.State(3, 2, 150);
        FeedMonitor.State feed = new FeedMonitor.State(true, 1_000, 101.5, false, 0, 0.0);

        assertThat(StateRoundTrip.roundTrip(PsiMonitor.State.class, psi)).isNotSameAs(psi).isEqualTo(psi);
        assertThat(StateRoundTrip.roundTrip(MissingFeaturesMonitor.State.class, missing)).isEqualTo(missing);
        assertThat(StateRoundTrip.roundTrip(FeedMonitor.State.class, feed)).isEqualTo(feed);
        // The no-argument constructors Flink uses start from an empty monitor's state.
        assertThat(new MissingFeaturesMonitor.State()).isEqualTo(new MissingFeaturesMonitor(
                new ReferenceProfile(MODEL, Map.of("x", HALVES))).state());
        assertThat(new FeedMonitor.State()).isEqualTo(new FeedMonitor().state());
    }

    @Test
    void restoredEmptyFeedMonitorHasNoQuotes() {
        FeedMonitor restored = FeedMonitor.restore(200, new FeedMonitor(200).state());

        assertThat(restored.primaryMid()).isNull();
        assertThat(restored.staleSeconds(1_000)).isNull();
        assertThat(restored.dislocationBps(1_000)).isNull();
        assertThat(restored.freshnessMs()).isEqualTo(200);
    }

    @Test
    void createNeedsAnEmptyWindowOfTheGivenLength() {
        ReferenceProfile profile = new ReferenceProfile(MODEL, Map.of("x", HALVES));
        EventTimeWindow<short[]> held = new EventTimeWindow<>(W);
        held.add(100, new short[] {0});
        EventTimeWindow<Integer> heldCount = new EventTimeWindow<>(W);
        heldCount.add(100, 1);

        assertThatThrownBy(() -> PsiMonitor.create(profile, W, 1, held))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must be empty");
        assertThatThrownBy(() -> MissingFeaturesMonitor.create(profile, W, heldCount))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must be empty");
        assertThatThrownBy(() -> PsiMonitor.create(profile, 2 * W, 1, new EventTimeWindow<>(W)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windowMs (2000)");
        assertThatThrownBy(() -> MissingFeaturesMonitor.create(profile, W, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must not be null");
        assertThatThrownBy(() -> PsiMonitor.restore(profile, 0, 1, new PsiMonitor(profile).state(), held))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windowMs");
    }

    @Test
    void restoreRejectsAMissingOrMisshapenState() {
        ReferenceProfile profile = new ReferenceProfile(MODEL, Map.of("x", HALVES));
        EventTimeWindow<short[]> window = new EventTimeWindow<>(W);

        assertThatThrownBy(() -> PsiMonitor.restore(profile, W, 1, null, window))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");
        assertThatThrownBy(() -> MissingFeaturesMonitor.restore(profile, W, null, new EventTimeWindow<>(W)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");
        assertThatThrownBy(() -> FeedMonitor.restore(1_000, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");
        // A state of a two-feature reference, or of three bins, belongs to another reference.
        PsiMonitor.State twoFeatures = new PsiMonitor.State(new long[][] {{0, 0}, {0, 0}}, new long[2], 0, 0);
        assertThatThrownBy(() -> PsiMonitor.restore(profile, W, 1, twoFeatures, window))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state.binCounts");
        PsiMonitor.State threeBins = new PsiMonitor.State(new long[][] {{0, 0, 0}}, new long[1], 0, 0);
        assertThatThrownBy(() -> PsiMonitor.restore(profile, W, 1, threeBins, window))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state.binCounts of 'x'");
    }
}

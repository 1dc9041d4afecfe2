package io.canarykit.operators.signals;

import static io.canarykit.operators.signals.MonitorStateTest.throughFlinkSerializer;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.ReferenceProfile;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives thousands of random events through a monitor that, as in the job, is rebuilt from its
 * State and the same stores at the start of every batch, and checks that every answer equals that
 * of a monitor that was never interrupted.
 */
class MonitorRestorePropertyTest {

    private static final String[] FEATURES = {"f0", "f1", "f2"};
    private static final int STEPS = 5_000;

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33, 34, 35, 36})
    void psiMonitorRestoredBetweenBatchesAnswersAsAnUninterruptedOne(long seed) {
        Random rnd = new Random(seed);
        long w = new long[] {1_000, 5_000, 60_000}[rnd.nextInt(3)];
        int minSamples = 1 + rnd.nextInt(30);
        ReferenceProfile profile = SignalWindowsPropertyTest.randomProfile(rnd);
        PsiMonitor reference = new PsiMonitor(profile, w, minSamples);
        EventTimeWindow<short[]> window = new EventTimeWindow<>(w);
        PsiMonitor.State saved = null;
        PsiMonitor live = null;
        long now = 1_700_000_000_000L;
        int restores = 0;
        int withPsi = 0;

        for (int step = 0; step < STEPS; step++) {
            if (live == null) {
                live = saved == null
                        ? PsiMonitor.create(profile, w, minSamples, window)
                        : PsiMonitor.restore(profile, w, minSamples, maybeSerialized(rnd, saved), window);
                restores += saved == null ? 0 : 1;
            }
            if (rnd.nextInt(10) < 7) {
                FeatureVector v = SignalWindowsPropertyTest.randomVector(rnd, vectorTs(rnd, now, w), profile);
                assertThat(live.add(v)).isEqualTo(reference.add(v));
            } else {
                now = nextNow(rnd, now, w);
                reference.advanceTo(now);
                live.advanceTo(now);
            }
            assertSameAnswers(live, reference);
            withPsi += reference.maxPsi() == null ? 0 : 1;
            if (rnd.nextInt(4) == 0) {
                // The batch ends: the job writes the aggregate and drops the instance.
                saved = live.state();
                live = null;
            }
        }
        assertThat(restores).isGreaterThan(STEPS / 5);
        assertThat(withPsi).isGreaterThan(STEPS / 10);
    }

    @ParameterizedTest
    @ValueSource(longs = {41, 42, 43, 44, 45, 46})
    void missingFeaturesMonitorRestoredBetweenBatchesAnswersAsAnUninterruptedOne(long seed) {
        Random rnd = new Random(seed);
        long w = new long[] {1_000, 5_000, 60_000}[rnd.nextInt(3)];
        ReferenceProfile profile = SignalWindowsPropertyTest.randomProfile(rnd);
        MissingFeaturesMonitor reference = new MissingFeaturesMonitor(profile, w);
        EventTimeWindow<Integer> window = new EventTimeWindow<>(w);
        MissingFeaturesMonitor.State saved = null;
        MissingFeaturesMonitor live = null;
        long now = 1_700_000_000_000L;
        int restores = 0;
        int withMissing = 0;

        for (int step = 0; step < STEPS; step++) {
            if (live == null) {
                live = saved == null
                        ? MissingFeaturesMonitor.create(profile, w, window)
                        : MissingFeaturesMonitor.restore(profile, w, maybeSerialized(rnd, saved), window);
                restores += saved == null ? 0 : 1;
            }
            if (rnd.nextInt(10) < 7) {
                FeatureVector v = SignalWindowsPropertyTest.randomVector(rnd, vectorTs(rnd, now, w), profile);
                assertThat(live.add(v)).isEqualTo(reference.add(v));
            } else {
                now = nextNow(rnd, now, w);
                reference.advanceTo(now);
                live.advanceTo(now);
            }
            assertThat(live.featuresMissingRatio()).isEqualTo(reference.featuresMissingRatio());
            assertThat(live.missing()).isEqualTo(reference.missing());
            assertThat(live.events()).isEqualTo(reference.events());
            assertThat(live.state()).isEqualTo(reference.state());
            assertThat(window.size()).isEqualTo(reference.events());
            withMissing += reference.missing() > 0 ? 1 : 0;
            if (rnd.nextInt(4) == 0) {
                saved = live.state();
                live = null;
            }
        }
        assertThat(restores).isGreaterThan(STEPS / 5);
        assertThat(withMissing).isGreaterThan(STEPS / 2);
    }

    @ParameterizedTest
    @ValueSource(longs = {51, 52, 53, 54, 55, 56})
    void feedMonitorRestoredBetweenBatchesAnswersAsAnUninterruptedOne(long seed) {
        Random rnd = new Random(seed);
        long freshness = 100 + rnd.nextInt(2_000);
        FeedMonitor reference = new FeedMonitor(freshness);
        FeedMonitor.State saved = null;
        FeedMonitor live = null;
        long now = 1_700_000_000_000L;
        int restores = 0;
        int refused = 0;
        int withDislocation = 0;

        for (int step = 0; step < STEPS; step++) {
            if (live == null) {
                live = saved == null
                        ? new FeedMonitor(freshness)
                        : FeedMonitor.restore(freshness, maybeSerialized(rnd, saved));
                restores += saved == null ? 0 : 1;
            }
            now += rnd.nextInt(300);
            // Lags of up to twice the freshness bound: many quotes late, many stale, many fresh.
            MarketQuote q = randomQuote(rnd, now - rnd.nextInt(2 * (int) freshness) / 50 * 50);
            // As in the job: an unusable quote goes to the DLQ and neither monitor sees it.
            if (FeedMonitor.accepts(q)) {
                assertThat(live.add(q)).isEqualTo(reference.add(q));
            } else {
                refused++;
            }
            long t = now + rnd.nextInt(2 * (int) freshness + 2) - 200;
            assertThat(live.dislocationBps(t)).isEqualTo(reference.dislocationBps(t));
            assertThat(live.staleSeconds(t)).isEqualTo(reference.staleSeconds(t));
            assertThat(live.primaryMid()).isEqualTo(reference.primaryMid());
            assertThat(live.primaryTs()).isEqualTo(reference.primaryTs());
            assertThat(live.state()).isEqualTo(reference.state());
            withDislocation += reference.dislocationBps(t) == null ? 0 : 1;
            if (rnd.nextInt(4) == 0) {
                saved = live.state();
                live = null;
            }
        }
        assertThat(restores).isGreaterThan(STEPS / 5);
        assertThat(refused).isGreaterThan(STEPS / 20);
        assertThat(withDislocation).isGreaterThan(STEPS / 20);
    }

    private static void assertSameAnswers(PsiMonitor live, PsiMonitor reference) {
        // The same integer counts give the same floating-point sums, so the answers match exactly.
        for (String f : FEATURES) {
            assertThat(live.psi(f)).isEqualTo(reference.psi(f));
            assertThat(live.samples(f)).isEqualTo(reference.samples(f));
        }
        assertThat(live.psiByFeature()).isEqualTo(reference.psiByFeature());
        assertThat(live.maxPsi()).isEqualTo(reference.maxPsi());
        assertThat(live.events()).isEqualTo(reference.events());
        PsiMonitor.State a = live.state();
        PsiMonitor.State b = reference.state();
        assertThat(a.binCounts()).isDeepEqualTo(b.binCounts());
        assertThat(a.samples()).isEqualTo(b.samples());
        assertThat(a.events()).isEqualTo(b.events());
        assertThat(a.cutoff()).isEqualTo(b.cutoff());
    }

    /** Now and then the saved State goes through Flink's serializer, as on RocksDB. */
    @SuppressWarnings("unchecked")
    private static <S> S maybeSerialized(Random rnd, S saved) {
        return rnd.nextInt(10) == 0 ? throughFlinkSerializer((Class<S>) saved.getClass(), saved) : saved;
    }

    /** On a 100 ms grid, from past the window's start (late, some already out) to a little after now. */
    private static long vectorTs(Random rnd, long now, long w) {
        return now + Math.floorDiv((long) ((rnd.nextDouble() * 1.35 - 1.3) * w), 100) * 100;
    }

    /** Mostly forward, sometimes standing still or trying to go back. */
    private static long nextNow(Random rnd, long now, long w) {
        return now + (rnd.nextInt(8) == 0 ? -rnd.nextInt((int) (w / 10)) : rnd.nextInt((int) (w / 20) + 1));
    }

    /** Mostly usable quotes, and now and then one the monitor must not take. */
    private static MarketQuote randomQuote(Random rnd, long ts) {
        Feed feed = rnd.nextBoolean() ? Feed.PRIMARY : Feed.REFERENCE;
        double bid = 100 + rnd.nextInt(200) / 100.0;
        double ask = bid + rnd.nextInt(5) / 100.0;
        switch (rnd.nextInt(40)) {
            case 0 -> bid = ask = 0.0;
            case 1 -> bid = ask + 0.01;
            case 2 -> ask = Double.NaN;
            case 3 -> bid = -bid;
            default -> { }
        }
        return new MarketQuote(ts, "SYM", feed, bid, ask, null, null);
    }
}

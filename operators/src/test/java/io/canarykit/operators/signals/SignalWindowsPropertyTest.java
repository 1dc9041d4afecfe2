package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.ReferenceProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the monitors with thousands of random events (late, duplicate-timestamp, other-model,
 * null and non-finite values) and checks every answer against a recomputation from the raw events.
 */
class SignalWindowsPropertyTest {

    private static final String MODEL = "m";
    private static final String[] FEATURES = {"f0", "f1", "f2"};
    private static final double TOLERANCE = 1e-9;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void psiAndMissingRatioMatchARecomputationAfterEveryAdvance(long seed) {
        Random rnd = new Random(seed);
        long w = new long[] {1_000, 5_000, 60_000}[rnd.nextInt(3)];
        int minSamples = 1 + rnd.nextInt(30);
        ReferenceProfile profile = randomProfile(rnd);
        PsiMonitor psi = new PsiMonitor(profile, w, minSamples);
        MissingFeaturesMonitor missing = new MissingFeaturesMonitor(profile, w);
        List<FeatureVector> raw = new ArrayList<>();
        long now = 1_700_000_000_000L;
        long cutoff = Long.MIN_VALUE;
        int advances = 0;
        int refused = 0;
        int withPsi = 0;

        for (int step = 0; step < 4_000; step++) {
            if (rnd.nextInt(10) < 7) {
                // Timestamps on a 100 ms grid give many duplicates; the offset reaches past the
                // window's start (late, some already out) and a little past now.
                long ts = now + Math.floorDiv((long) ((rnd.nextDouble() * 1.35 - 1.3) * w), 100) * 100;
                FeatureVector v = randomVector(rnd, ts, profile);
                boolean counted = MODEL.equals(v.modelId()) && ts > cutoff;
                assertThat(psi.add(v)).isEqualTo(counted);
                assertThat(missing.add(v)).isEqualTo(counted);
                refused += counted ? 0 : 1;
                raw.add(v);
                if (rnd.nextInt(4) == 0) {
                    // Asked between advances too: a vector counted must show at once.
                    assertMatches(psi, missing, profile, inWindow(raw, cutoff), minSamples);
                }
            } else {
                // Mostly forward, sometimes standing still or trying to go back.
                now += rnd.nextInt(8) == 0 ? -rnd.nextInt((int) (w / 10)) : rnd.nextInt((int) (w / 20) + 1);
                psi.advanceTo(now);
                missing.advanceTo(now);
                cutoff = Math.max(cutoff, now - w);
                // The cutoff never falls, so events at or below it can never count again.
                long dropBelow = cutoff;
                raw.removeIf(v -> v.ts() <= dropBelow);
                advances++;
                assertMatches(psi, missing, profile, inWindow(raw, cutoff), minSamples);
                withPsi += psi.maxPsi() == null ? 0 : 1;
            }
        }
        // The run must reach every case it claims to test: many advances, refused vectors, and PSIs.
        assertThat(advances).isGreaterThan(1_000);
        assertThat(refused).isGreaterThan(100);
        assertThat(withPsi).isGreaterThan(100);
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26})
    void feedSignalsMatchARecomputationFromAllQuotes(long seed) {
        Random rnd = new Random(seed);
        long freshness = 1 + rnd.nextInt(2_000);
        FeedMonitor feeds = new FeedMonitor(freshness);
        List<MarketQuote> raw = new ArrayList<>();
        long now = 1_700_000_000_000L;

        for (int step = 0; step < 4_000; step++) {
            now += rnd.nextInt(300);
            long ts = now - rnd.nextInt(3_000) / 50 * 50;
            Feed feed = rnd.nextBoolean() ? Feed.PRIMARY : Feed.REFERENCE;
            double bid = 100 + rnd.nextInt(200) / 100.0;
            MarketQuote q = new MarketQuote(ts, "SYM", feed, bid, bid + rnd.nextInt(5) / 100.0, null, null);
            MarketQuote before = latest(raw, feed);
            assertThat(feeds.add(q)).isEqualTo(before == null || ts >= before.ts());
            raw.add(q);

            long t = now + rnd.nextInt(2 * (int) freshness + 2) - 200;
            MarketQuote p = latest(raw, Feed.PRIMARY);
            MarketQuote r = latest(raw, Feed.REFERENCE);
            if (p == null) {
                assertThat(feeds.staleSeconds(t)).isNull();
                assertThat(feeds.primaryMid()).isNull();
            } else {
                assertThat(feeds.staleSeconds(t)).isCloseTo((t - p.ts()) / 1000.0, within(TOLERANCE));
                assertThat(feeds.primaryMid()).isEqualTo(p.mid());
                assertThat(feeds.primaryTs()).isEqualTo(p.ts());
            }
            if (p == null || r == null || t - p.ts() > freshness || t - r.ts() > freshness) {
                assertThat(feeds.dislocationBps(t)).isNull();
            } else {
                double expected = Math.abs(p.mid() - r.mid()) / r.mid() * 1e4;
                assertThat(feeds.dislocationBps(t)).isCloseTo(expected, within(TOLERANCE));
            }
        }
    }

    private static void assertMatches(PsiMonitor psi, MissingFeaturesMonitor missing, ReferenceProfile profile,
            List<FeatureVector> window, int minSamples) {
        Map<String, Double> expectedByFeature = new TreeMap<>();
        for (String f : FEATURES) {
            FeatureBins bins = profile.features().get(f);
            long[] counts = new long[bins.binCount()];
            long n = 0;
            for (FeatureVector v : window) {
                Double x = v.features().get(f);
                if (x != null && Double.isFinite(x)) {
                    counts[linearBin(bins.edges(), x)]++;
                    n++;
                }
            }
            assertThat(psi.samples(f)).isEqualTo(n);
            Double expected = n < minSamples ? null : bruteForcePsi(counts, n, bins.expected());
            if (expected == null) {
                assertThat(psi.psi(f)).isNull();
            } else {
                assertThat(psi.psi(f)).isCloseTo(expected, within(TOLERANCE));
                expectedByFeature.put(f, expected);
            }
        }
        assertThat(psi.psiByFeature()).containsOnlyKeys(expectedByFeature.keySet());
        if (expectedByFeature.isEmpty()) {
            assertThat(psi.maxPsi()).isNull();
        } else {
            double max = expectedByFeature.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertThat(psi.maxPsi()).isCloseTo(max, within(TOLERANCE));
        }
        assertThat(psi.events()).isEqualTo(window.size());

        long absent = 0;
        for (FeatureVector v : window) {
            for (String f : FEATURES) {
                Double x = v.features().get(f);
                if (x == null || !Double.isFinite(x)) {
                    absent++;
                }
            }
        }
        assertThat(missing.events()).isEqualTo(window.size());
        assertThat(missing.missing()).isEqualTo(absent);
        if (window.isEmpty()) {
            assertThat(missing.featuresMissingRatio()).isNull();
        } else {
            assertThat(missing.featuresMissingRatio())
                    .isCloseTo((double) absent / (window.size() * FEATURES.length), within(TOLERANCE));
        }
    }

    private static List<FeatureVector> inWindow(List<FeatureVector> raw, long cutoff) {
        List<FeatureVector> out = new ArrayList<>();
        for (FeatureVector v : raw) {
            if (MODEL.equals(v.modelId()) && v.ts() > cutoff) {
                out.add(v);
            }
        }
        return out;
    }

    /** The formula written out plainly: floored shares, no renormalisation. */
    private static double bruteForcePsi(long[] counts, long n, double[] expected) {
        double sum = 0;
        for (int b = 0; b < counts.length; b++) {
            double a = Math.max(counts[b] / (double) n, 1e-4);
            double e = Math.max(expected[b], 1e-4);
            sum += (a - e) * Math.log(a / e);
        }
        return sum;
    }

    /** The bin by a linear scan: the number of edges at or below {@code v}. */
    private static int linearBin(double[] edges, double v) {
        int bin = 0;
        for (double e : edges) {
            if (e <= v) {
                bin++;
            }
        }
        return bin;
    }

    private static MarketQuote latest(List<MarketQuote> raw, Feed feed) {
        MarketQuote best = null;
        for (MarketQuote q : raw) {
            if (q.feed() == feed && (best == null || q.ts() >= best.ts())) {
                best = q;
            }
        }
        return best;
    }

    static ReferenceProfile randomProfile(Random rnd) {
        Map<String, FeatureBins> features = new HashMap<>();
        for (String f : FEATURES) {
            int k = 1 + rnd.nextInt(6);
            double[] edges = new double[k - 1];
            double edge = -2.0;
            for (int j = 0; j < edges.length; j++) {
                edge += rnd.nextInt(4) * 0.5; // steps of 0 allow repeated edges
                edges[j] = edge;
            }
            double[] expected = new double[k];
            double total = 0;
            for (int b = 0; b < k; b++) {
                expected[b] = rnd.nextInt(5) == 0 ? 0.0 : rnd.nextDouble();
                total += expected[b];
            }
            for (int b = 0; b < k; b++) {
                expected[b] = total == 0 ? 1.0 / k : expected[b] / total;
            }
            features.put(f, new FeatureBins(edges, expected));
        }
        return new ReferenceProfile(MODEL, features);
    }

    static FeatureVector randomVector(Random rnd, long ts, ReferenceProfile profile) {
        Map<String, Double> values = new HashMap<>();
        for (String f : FEATURES) {
            int roll = rnd.nextInt(20);
            if (roll == 0) {
                continue; // absent
            } else if (roll == 1) {
                values.put(f, null);
            } else if (roll == 2) {
                double[] nonFinite = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
                values.put(f, nonFinite[rnd.nextInt(3)]);
            } else if (roll < 8) {
                // Exactly on an edge (or on the grid edges are drawn from), to test the upper-bin rule.
                values.put(f, -2.0 + rnd.nextInt(16) * 0.5);
            } else {
                values.put(f, rnd.nextGaussian() * 2);
            }
        }
        if (rnd.nextInt(5) == 0) {
            values.put("extra", rnd.nextDouble());
        }
        String model = rnd.nextInt(10) == 0 ? "other" : MODEL;
        return new FeatureVector(ts, "SYM", model, values);
    }
}

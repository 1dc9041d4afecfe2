package io.canarykit.operators.signals;

import io.canarykit.operators.store.CountingStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.store.KeyValueStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bucket layout of {@link SlidingPercentile}: where values go, what each call touches, and exactness. */
class SlidingPercentileBucketsTest {

    private static final int[] PERCENTS = {1, 7, 50, 95, 99, 100};

    @Test
    void bucketsSplitEachOctaveInFourBetweenTheEdges() {
        // Below 2^-8: the first bucket, with zero and negative values.
        assertThat(SlidingPercentile.bucketOf(-1e300)).isZero();
        assertThat(SlidingPercentile.bucketOf(0.0)).isZero();
        assertThat(SlidingPercentile.bucketOf(Double.MIN_VALUE)).isZero();
        assertThat(SlidingPercentile.bucketOf(Math.nextDown(0x1p-8))).isZero();
        assertThat(SlidingPercentile.bucketOf(0x1p-8)).isEqualTo(1);
        // 1 ms is 8 octaves above 2^-8: bucket 1 + 8 * 4 = 33, and 1.25, 1.5, 1.75, 2 start the next ones.
        assertThat(SlidingPercentile.bucketOf(1.0)).isEqualTo(33);
        assertThat(SlidingPercentile.bucketOf(Math.nextDown(1.25))).isEqualTo(33);
        assertThat(SlidingPercentile.bucketOf(1.25)).isEqualTo(34);
        assertThat(SlidingPercentile.bucketOf(1.5)).isEqualTo(35);
        assertThat(SlidingPercentile.bucketOf(1.75)).isEqualTo(36);
        assertThat(SlidingPercentile.bucketOf(Math.nextDown(2.0))).isEqualTo(36);
        assertThat(SlidingPercentile.bucketOf(2.0)).isEqualTo(37);
        // 300 ms = 256 * 1.171875: octave 8 + 8 = 16 above 2^-8, first quarter: 1 + 16 * 4 = 65.
        assertThat(SlidingPercentile.bucketOf(300.0)).isEqualTo(65);
        // The last octave's last quarter, then everything at or above 2^16 in the last bucket.
        assertThat(SlidingPercentile.bucketOf(Math.nextDown(0x1p16))).isEqualTo(SlidingPercentile.BUCKETS - 2);
        assertThat(SlidingPercentile.bucketOf(0x1p16)).isEqualTo(SlidingPercentile.BUCKETS - 1);
        assertThat(SlidingPercentile.bucketOf(Double.MAX_VALUE)).isEqualTo(SlidingPercentile.BUCKETS - 1);
        assertThat(SlidingPercentile.BUCKETS).isEqualTo(98);
    }

    @Test
    void bucketsRiseWithTheirValues() {
        Random random = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            double a = randomValue(random);
            double b = randomValue(random);
            if (a < b) {
                assertThat(SlidingPercentile.bucketOf(a)).isLessThanOrEqualTo(SlidingPercentile.bucketOf(b));
            }
        }
    }

    @Test
    void anAddOrARemoveWritesOneEntryAndARepeatedQueryReadsNone() {
        CountingStore<Integer, SlidingPercentile.Bucket> store = new CountingStore<>();
        SlidingPercentile p = SlidingPercentile.create(store);
        for (int i = 1; i <= 40; i++) {
            p.add(i);
        }

        store.reset();
        p.add(12.0);
        assertThat(store.writes()).isEqualTo(1);
        store.reset();
        p.remove(12.0);
        p.remove(40.0);
        // 40 is alone in [40, 48): its bucket leaves the store instead of being rewritten.
        assertThat(store.writes()).isEqualTo(2);

        store.reset();
        // 39 values 1..39: ceil(0.95 * 39) = ceil(37.05) = 38 -> 38, read from its one bucket.
        assertThat(p.quantile(0.95)).isEqualTo(38.0);
        assertThat(store.gets).isEqualTo(1);
        store.reset();
        assertThat(p.quantile(0.95)).isEqualTo(38.0);
        assertThat(p.state().lastRank()).isEqualTo(38);
        assertThat(store.gets).isZero();
        assertThat(store.writes()).isZero();
    }

    @Test
    void anEmptiedPercentileLeavesNoBucketBehind() {
        KeyValueStore.HeapStore<Integer, SlidingPercentile.Bucket> store = new KeyValueStore.HeapStore<>();
        SlidingPercentile p = SlidingPercentile.create(store);
        double[] values = {0.0, 0.5, 0.5, 1.0, 300.0, 70_000.0, 1e300};
        for (double v : values) {
            p.add(v);
        }
        // 0.0 below 2^-8, 0.5, 1.0 and 300.0 in buckets of their own, 70 000 and 1e300 above 2^16.
        assertThat(store.size()).isEqualTo(5);

        for (double v : values) {
            p.remove(v);
        }
        assertThat(p.isEmpty()).isTrue();
        assertThat(store.size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void matchesASortedListOverRandomAddsAndRemovals(long seed) {
        Random random = new Random(seed);
        // Half the seeds keep the buckets as bytes, as RocksDB does, and restore the counts from a copy.
        boolean asBytes = seed % 2 == 0;
        KeyValueStore<Integer, SlidingPercentile.Bucket> store =
                asBytes ? SerializedCopies.store(SlidingPercentile.Bucket.class) : KeyValueStore.onHeap();
        SlidingPercentile p = SlidingPercentile.create(store);
        // The brute force: every held value, kept sorted by binary search.
        List<Double> sorted = new ArrayList<>();
        int largest = 0;

        for (int step = 0; step < 4_000; step++) {
            double addChance = (step / 700) % 2 == 0 ? 0.65 : 0.4;
            if (sorted.isEmpty() || random.nextDouble() < addChance) {
                double v = randomValue(random);
                p.add(v);
                insertSorted(sorted, v + 0.0);
            } else {
                double v = sorted.remove(random.nextInt(sorted.size()));
                // Zero goes back as -0.0 now and then: the two are one value.
                p.remove(v == 0.0 && random.nextBoolean() ? -0.0 : v);
            }
            if (random.nextInt(10) == 0) {
                SlidingPercentile.State state = p.state();
                p = SlidingPercentile.restore(asBytes ? SerializedCopies.copy(SlidingPercentile.State.class, state) : state, store);
            }
            assertMatches(p, sorted, random, step % 200 == 0);
            largest = Math.max(largest, sorted.size());
        }
        assertThat(largest).isGreaterThan(150);
    }

    private static void assertMatches(SlidingPercentile p, List<Double> sorted, Random random, boolean everyRank) {
        int n = sorted.size();
        assertThat(p.size()).isEqualTo(n);
        assertThat(p.isEmpty()).isEqualTo(n == 0);
        double probe = random.nextBoolean() || n == 0 ? randomValue(random) : sorted.get(random.nextInt(n));
        assertThat(p.count(probe)).as("copies of %s", probe).isEqualTo(Collections.frequency(sorted, probe + 0.0));
        if (n == 0) {
            return;
        }
        for (int percent : PERCENTS) {
            // Nearest rank in integers: ceil(percent * n / 100).
            int rank = (percent * n + 99) / 100;
            assertThat(p.quantile(percent / 100.0)).as("q %d%% of %d values", percent, n).isEqualTo(sorted.get(rank - 1));
        }
        if (everyRank) {
            for (int k = 1; k <= n; k++) {
                assertThat(p.kthSmallest(k)).as("rank %d of %d", k, n).isEqualTo(sorted.get(k - 1));
            }
            assertThat(p.distinctValues()).isEqualTo((int) sorted.stream().distinct().count());
        }
    }

    private static void insertSorted(List<Double> sorted, double v) {
        int at = Collections.binarySearch(sorted, v);
        sorted.add(at < 0 ? -at - 1 : at, v);
    }

    /**
     * Repeated integers (place_ms as most venues report it), fractions, zeros of both signs, bucket
     * edges and their neighbours, the layout's two ends, and anything finite from tiny to huge.
     */
    private static double randomValue(Random random) {
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> random.nextInt(60);
            case 3 -> random.nextInt(4_000) / 16.0;
            case 4 -> random.nextBoolean() ? 0.0 : -0.0;
            case 5 -> nearEdge(random, Math.scalb(1.0 + random.nextInt(4) / 4.0, random.nextInt(30) - 10));
            case 6 -> nearEdge(random, random.nextBoolean() ? SlidingPercentile.LOWEST : SlidingPercentile.HIGHEST);
            case 7 -> new double[] {Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 1e300, Double.MAX_VALUE,
                    -Double.MAX_VALUE, -3.0, 65_536.0, 1e9}[random.nextInt(9)];
            default -> Math.scalb(random.nextDouble(), random.nextInt(60) - 20);
        };
    }

    private static double nearEdge(Random random, double edge) {
        return switch (random.nextInt(3)) {
            case 0 -> Math.nextDown(edge);
            case 1 -> Math.nextUp(edge);
            default -> edge;
        };
    }
}

package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlidingPercentileTest {

    @Test
    void p95OfTwentyValuesIsTheNineteenthSmallest() {
        SlidingPercentile p = new SlidingPercentile();
        // 10, 20, ..., 200 in a scrambled order.
        for (int i : new int[] {7, 19, 1, 13, 4, 20, 10, 2, 16, 8, 11, 5, 18, 3, 14, 9, 17, 6, 12, 15}) {
            p.add(i * 10.0);
        }

        // n = 20: ceil(0.95 * 20) = ceil(19) = 19, the 19th smallest is 190.
        assertThat(p.size()).isEqualTo(20);
        assertThat(p.quantile(0.95)).isEqualTo(190.0);
    }

    @Test
    void p95OfTwentyOneValuesIsTheTwentiethSmallest() {
        SlidingPercentile p = new SlidingPercentile();
        for (int i = 21; i >= 1; i--) {
            p.add(i * 10.0);
        }

        // n = 21: ceil(0.95 * 21) = ceil(19.95) = 20, the 20th smallest is 200.
        assertThat(p.quantile(0.95)).isEqualTo(200.0);
    }

    @Test
    void countsDuplicatesAsSeparateRanks() {
        SlidingPercentile p = new SlidingPercentile();
        for (double v : new double[] {7, 5, 9, 5, 7, 5}) {
            p.add(v);
        }

        // Sorted: 5 5 5 7 7 9 (n = 6).
        // q 0.5: ceil(3.0) = 3 -> 5; q 0.6: ceil(3.6) = 4 -> 7; q 0.95: ceil(5.7) = 6 -> 9.
        assertThat(p.size()).isEqualTo(6);
        assertThat(p.distinctValues()).isEqualTo(3);
        assertThat(p.quantile(0.5)).isEqualTo(5.0);
        assertThat(p.quantile(0.6)).isEqualTo(7.0);
        assertThat(p.quantile(0.95)).isEqualTo(9.0);

        p.remove(5);
        // Sorted: 5 5 7 7 9 (n = 5); q 0.5: ceil(2.5) = 3 -> 7.
        assertThat(p.count(5)).isEqualTo(2);
        assertThat(p.quantile(0.5)).isEqualTo(7.0);

        p.remove(9);
        // Sorted: 5 5 7 7 (n = 4); q 0.95: ceil(3.8) = 4 -> 7.
        assertThat(p.quantile(0.95)).isEqualTo(7.0);
        assertThat(p.distinctValues()).isEqualTo(2);
    }

    @Test
    void singleValueIsEveryQuantile() {
        SlidingPercentile p = new SlidingPercentile();
        p.add(42.5);

        // n = 1: ceil(q) = 1 for every q in (0, 1].
        assertThat(p.quantile(0.01)).isEqualTo(42.5);
        assertThat(p.quantile(0.95)).isEqualTo(42.5);
        assertThat(p.quantile(1.0)).isEqualTo(42.5);
    }

    @Test
    void rankIsExactWhereBinaryRoundingWouldOvershoot() {
        SlidingPercentile p = new SlidingPercentile();
        for (int i = 1; i <= 100; i++) {
            p.add(i);
        }

        // In binary 0.07 * 100 = 7.000000000000001, whose ceiling would be 8; the rank is 7.
        assertThat(p.quantile(0.07)).isEqualTo(7.0);
        assertThat(SlidingPercentile.nearestRank(0.07, 100)).isEqualTo(7);
    }

    @Test
    void rankMatchesDecimalArithmeticForEveryKindOfQuantileAndCount() {
        Random random = new Random(12);
        List<Double> quantiles = new ArrayList<>(List.of(0.95, 0.5, 0.99, 0.999, 1.0, 0.07, 0.01, 1e-5, 1e-20,
                0.3333333333333333, Math.nextUp(0.95), Math.nextDown(1.0), Double.MIN_VALUE));
        for (int i = 0; i < 300; i++) {
            // Short decimals, as a setting is written, and arbitrary doubles in (0, 1].
            quantiles.add((1 + random.nextInt(9_999)) / 10_000.0);
            quantiles.add(Math.max(Double.MIN_VALUE, random.nextDouble()));
        }
        int[] counts = {0, 1, 2, 19, 20, 21, 99, 100, 101, 1_000, 123_457, Integer.MAX_VALUE / 3, Integer.MAX_VALUE};
        for (int round = 0; round < 3; round++) {
            // Asked alternately, so the kept quantile is replaced as often as it is reused.
            for (double q : quantiles) {
                for (int n : counts) {
                    long exact = new BigDecimal(Double.toString(q))
                            .multiply(BigDecimal.valueOf(n))
                            .setScale(0, RoundingMode.CEILING)
                            .longValueExact();
                    long expected = Math.max(1, Math.min(n, exact));
                    assertThat(SlidingPercentile.nearestRank(q, n)).as("q %s, n %d", q, n).isEqualTo((int) expected);
                }
            }
        }
    }

    @Test
    void treatsNegativeZeroAsZero() {
        SlidingPercentile p = new SlidingPercentile();
        p.add(-0.0);
        p.add(0.0);

        assertThat(p.count(0.0)).isEqualTo(2);
        p.remove(0.0);
        p.remove(-0.0);
        assertThat(p.isEmpty()).isTrue();
    }

    @Test
    void emptiesAndRefillsAfterClear() {
        SlidingPercentile p = new SlidingPercentile();
        for (int i = 0; i < 40; i++) {
            p.add(i % 7);
        }
        p.clear();

        assertThat(p.size()).isZero();
        assertThat(p.distinctValues()).isZero();
        p.add(3);
        assertThat(p.quantile(0.95)).isEqualTo(3.0);
    }

    @Test
    void answersOverFortyThousandSortedInsertsAndRemovals() {
        // Whole milliseconds crowd the high buckets (7 232 distinct in [32 768, 40 960)), where inserts cost most.
        SlidingPercentile p = new SlidingPercentile();
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            p.add(i);
        }
        // 0 .. 39 999: rank ceil(0.95 * 40 000) = 38 000 -> 37 999.
        assertThat(p.quantile(0.95)).isEqualTo(37_999.0);

        for (int i = 0; i < n; i += 2) {
            p.remove(i);
        }
        // Left: 1, 3, ..., 39 999 (n = 20 000); rank ceil(0.95 * 20 000) = 19 000 -> 2 * 19 000 - 1.
        assertThat(p.quantile(0.95)).isEqualTo(37_999.0);
        assertThat(p.distinctValues()).isEqualTo(20_000);
    }

    @Test
    void rejectsBadArguments() {
        SlidingPercentile p = new SlidingPercentile();
        assertThatThrownBy(() -> p.quantile(0.95)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no values");
        p.add(1);
        assertThatThrownBy(() -> p.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value must be finite");
        assertThatThrownBy(() -> p.remove(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value 2.0 is not held");
        assertThatThrownBy(() -> p.quantile(0.0)).hasMessageContaining("q must be in (0, 1]");
        assertThatThrownBy(() -> p.quantile(1.5)).hasMessageContaining("q must be in (0, 1]");
        assertThatThrownBy(() -> p.kthSmallest(2)).hasMessageContaining("k must be in [1, 1]");
    }

    @Test
    void matchesSortingOverRandomAddsAndRemovals() {
        Random random = new Random(20_240_611L);
        SlidingPercentile p = new SlidingPercentile();
        // The brute force: every held value in a sorted list, kept sorted by binary search.
        List<Double> sorted = new ArrayList<>();
        Map<Double, Integer> copies = new HashMap<>();
        int[] percents = {1, 7, 50, 95, 100};

        for (int step = 0; step < 30_000; step++) {
            // Bias the walk so the multiset grows to a few hundred, then shrinks back, then grows again.
            double addChance = (step / 5_000) % 2 == 0 ? 0.6 : 0.4;
            if (sorted.isEmpty() || random.nextDouble() < addChance) {
                double v = randomValue(random);
                p.add(v);
                int at = Collections.binarySearch(sorted, v);
                sorted.add(at < 0 ? -at - 1 : at, v);
                copies.merge(v, 1, Integer::sum);
            } else {
                double v = sorted.remove(random.nextInt(sorted.size()));
                p.remove(v);
                copies.merge(v, -1, Integer::sum);
                copies.remove(v, 0);
            }

            int n = sorted.size();
            assertThat(p.size()).isEqualTo(n);
            assertThat(p.distinctValues()).isEqualTo(copies.size());
            if (n == 0) {
                continue;
            }
            for (int percent : percents) {
                // Nearest rank in integers: ceil(percent * n / 100).
                int rank = (percent * n + 99) / 100;
                assertThat(p.quantile(percent / 100.0)).as("q %d%% of %d values", percent, n)
                        .isEqualTo(sorted.get(rank - 1));
            }
            if (step % 1_000 == 0) {
                for (int k = 1; k <= n; k++) {
                    assertThat(p.kthSmallest(k)).isEqualTo(sorted.get(k - 1));
                }
            }
        }
    }

    /** Mostly a few dozen repeated values, sometimes a fraction or a negative one. */
    private static double randomValue(Random random) {
        int kind = random.nextInt(10);
        if (kind < 7) {
            return random.nextInt(40) * 5.0;
        }
        if (kind < 9) {
            return random.nextInt(1_000) / 8.0;
        }
        return -random.nextInt(20);
    }
}

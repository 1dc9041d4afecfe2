package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.operators.store.KeyValueStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlidingPercentileRestoreTest {

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33, 34})
    void percentileRestoredAtRandomPointsAnswersLikeAnUninterruptedOne(long seed) {
        Random random = new Random(seed);
        SlidingPercentile reference = new SlidingPercentile();
        // As on RocksDB: the buckets stay in their store as bytes, the counts come back from a copy.
        KeyValueStore<Integer, SlidingPercentile.Bucket> buckets = SerializedCopies.store(SlidingPercentile.Bucket.class);
        SlidingPercentile restored = SlidingPercentile.create(buckets);
        List<Double> held = new ArrayList<>();
        int restores = 0;
        int largest = 0;

        for (int step = 0; step < 6_000; step++) {
            // Growing and shrinking phases, so buckets fill, empty and come back after a restore.
            boolean growing = (step / 500) % 2 == 0;
            if (held.isEmpty() || random.nextInt(10) < (growing ? 7 : 3)) {
                double v = random.nextInt(4) == 0 ? random.nextInt(1_000_000) / 7.0 : random.nextInt(40) * 5.0;
                reference.add(v);
                restored.add(v);
                held.add(v);
            } else {
                double v = held.remove(random.nextInt(held.size()));
                reference.remove(v);
                restored.remove(v);
            }
            if (!held.isEmpty() && random.nextInt(3) == 0) {
                // Asking between restores leaves a remembered rank in the state, which must come back right.
                restored.quantile(0.95);
            }
            if (random.nextInt(7) == 0) {
                SlidingPercentile.State saved = SerializedCopies.copy(SlidingPercentile.State.class, restored.state());
                restored = SlidingPercentile.restore(saved, buckets);
                restores++;
            }
            assertSameAnswers(restored, reference, held);
            largest = Math.max(largest, held.size());
        }
        assertThat(restores).isGreaterThan(500);
        assertThat(largest).isGreaterThan(100);
    }

    @Test
    void stateIsTheLiveCountsNotACopy() {
        // Regression: state() and restore copied the whole structure for every event.
        SlidingPercentile p = new SlidingPercentile();
        p.add(1.0);
        SlidingPercentile.State taken = p.state();
        p.add(1.0);

        // 1.0 is the lower edge of a bucket: its count is 2 in the state taken before the second add.
        assertThat(taken.counts()[SlidingPercentile.bucketOf(1.0)]).isEqualTo(2);
        assertThat(p.state().counts()).isSameAs(taken.counts());
    }

    @Test
    void restoredPercentileChangesTheStatesCountsInPlace() {
        KeyValueStore<Integer, SlidingPercentile.Bucket> buckets = KeyValueStore.onHeap();
        SlidingPercentile first = SlidingPercentile.create(buckets);
        first.add(10.0);
        SlidingPercentile.State saved = first.state();

        SlidingPercentile restored = SlidingPercentile.restore(saved, buckets);
        restored.add(20.0);

        assertThat(restored.state().counts()).isSameAs(saved.counts());
        // 10 and 20 ms lie in different buckets, one value each.
        assertThat(saved.counts()[SlidingPercentile.bucketOf(10.0)]).isEqualTo(1);
        assertThat(saved.counts()[SlidingPercentile.bucketOf(20.0)]).isEqualTo(1);
        assertThat(restored.kthSmallest(2)).isEqualTo(20.0);
    }

    @Test
    void emptyPercentileHoldsNoCountsAndRestoresAndGrows() {
        SlidingPercentile.State empty = SlidingPercentile.create(KeyValueStore.onHeap()).state();
        assertThat(empty.counts()).isEmpty();

        SlidingPercentile p = SlidingPercentile.restore(SerializedCopies.copy(SlidingPercentile.State.class, empty),
                KeyValueStore.onHeap());
        for (int i = 1; i <= 40; i++) {
            p.add(i);
        }
        // 40 values 1..40: ceil(0.95 * 40) = 38, the 38th smallest is 38.
        assertThat(p.quantile(0.95)).isEqualTo(38.0);
        assertThat(p.state().counts()).hasSize(SlidingPercentile.BUCKETS);
    }

    @Test
    void restoreRejectsAStateThatCannotBeCounts() {
        KeyValueStore<Integer, SlidingPercentile.Bucket> store = KeyValueStore.onHeap();
        int[] negative = new int[SlidingPercentile.BUCKETS];
        negative[3] = -1;
        int[] one = new int[SlidingPercentile.BUCKETS];
        one[5] = 1;

        assertThatThrownBy(() -> SlidingPercentile.restore(null, store)).hasMessageContaining("state is required");
        assertThatThrownBy(() -> SlidingPercentile.restore(SlidingPercentile.State.empty(), null))
                .hasMessageContaining("buckets is required");
        assertThatThrownBy(() -> SlidingPercentile.restore(new SlidingPercentile.State(new int[7], 0, 0.0), store))
                .hasMessageContaining("state.counts must hold 98 buckets, or none while empty, got 7");
        assertThatThrownBy(() -> SlidingPercentile.restore(new SlidingPercentile.State(null, 0, 0.0), store))
                .hasMessageContaining("got none");
        assertThatThrownBy(() -> SlidingPercentile.restore(new SlidingPercentile.State(negative, 0, 0.0), store))
                .hasMessageContaining("state.counts must not be negative, got -1 in bucket 3");
        assertThatThrownBy(() -> SlidingPercentile.restore(new SlidingPercentile.State(one, 2, 0.0), store))
                .hasMessageContaining("state.lastRank must be in [0, 1], got 2");
    }

    @Test
    void countsWithoutTheirBucketAreReportedNotAnsweredWrongly() {
        int[] one = new int[SlidingPercentile.BUCKETS];
        one[5] = 1;
        SlidingPercentile p = SlidingPercentile.restore(new SlidingPercentile.State(one, 0, 0.0), KeyValueStore.onHeap());

        assertThatThrownBy(() -> p.kthSmallest(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bucket 5 counts 1 values but none is stored");
    }

    @Test
    void stateAndBucketAreFlinkPojosWithoutKryo() {
        assertThat(TypeInformation.of(SlidingPercentile.State.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(SlidingPercentile.Bucket.class)).isInstanceOf(PojoTypeInfo.class);
        KryoFreeTypes.assertNoGenericTypes(SlidingPercentile.State.class);
        KryoFreeTypes.assertNoGenericTypes(SlidingPercentile.Bucket.class);
    }

    private static void assertSameAnswers(SlidingPercentile restored, SlidingPercentile reference, List<Double> held) {
        List<Double> sorted = new ArrayList<>(held);
        Collections.sort(sorted);
        List<Double> ranked = new ArrayList<>(restored.size());
        for (int k = 1; k <= restored.size(); k++) {
            ranked.add(restored.kthSmallest(k));
        }
        assertThat(ranked).isEqualTo(sorted);
        assertThat(restored.distinctValues()).isEqualTo(reference.distinctValues());
        if (!sorted.isEmpty()) {
            assertThat(restored.quantile(0.95)).isEqualTo(reference.quantile(0.95));
        }
        // Bucket for bucket the same counts: a restore may not lose or move a value.
        int[] actual = restored.state().counts();
        int[] expected = reference.state().counts();
        assertThat(actual.length == 0 ? new int[SlidingPercentile.BUCKETS] : actual)
                .isEqualTo(expected.length == 0 ? new int[SlidingPercentile.BUCKETS] : expected);
    }
}

package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import java.util.ArrayList;
import java.util.Arrays;
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
    void treeRestoredAtRandomPointsAnswersLikeAnUninterruptedOne(long seed) {
        Random random = new Random(seed);
        SlidingPercentile reference = new SlidingPercentile();
        SlidingPercentile restored = new SlidingPercentile();
        List<Double> held = new ArrayList<>();
        int restores = 0;
        int largest = 0;

        for (int step = 0; step < 6_000; step++) {
            // Growing and shrinking phases, so restored trees reuse freed slots and grow past their copy.
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
            if (random.nextInt(7) == 0) {
                restored = SlidingPercentile.restore(SerializedCopies.copy(SlidingPercentile.State.class, restored.state()));
                restores++;
            }
            assertSameAnswers(restored, reference, held);
            largest = Math.max(largest, held.size());
        }
        assertThat(restores).isGreaterThan(500);
        assertThat(largest).isGreaterThan(100);
    }

    @Test
    void stateSharesNoArrayWithTheTree() {
        SlidingPercentile p = new SlidingPercentile();
        for (double v : new double[] {30, 10, 20}) {
            p.add(v);
        }
        SlidingPercentile.State taken = p.state();
        SlidingPercentile restored = SlidingPercentile.restore(taken);

        // Scribbling over the taken arrays must change neither the tree nor its restored copy.
        Arrays.fill(taken.value(), 99.0);
        Arrays.fill(taken.copies(), 7);
        Arrays.fill(taken.left(), 0);
        restored.add(40);

        // Sorted 10 20 30: the 2nd smallest is 20; the restored tree also holds 40 (4 values).
        assertThat(p.kthSmallest(2)).isEqualTo(20.0);
        assertThat(p.size()).isEqualTo(3);
        assertThat(restored.kthSmallest(4)).isEqualTo(40.0);
        assertThat(restored.size()).isEqualTo(4);
    }

    @Test
    void emptyTreeRestoresAndGrows() {
        SlidingPercentile p = SlidingPercentile.restore(new SlidingPercentile().state());
        for (int i = 1; i <= 40; i++) {
            p.add(i);
        }

        // 40 values 1..40: ceil(0.95 * 40) = 38, the 38th smallest is 38.
        assertThat(p.quantile(0.95)).isEqualTo(38.0);
    }

    @Test
    void restoreRejectsAStateThatCannotBeATree() {
        SlidingPercentile.State good = treeOf(5, 6, 7).state();
        assertThatThrownBy(() -> SlidingPercentile.restore(null)).hasMessageContaining("state is required");
        assertThatThrownBy(() -> SlidingPercentile.restore(new SlidingPercentile.State(new double[2], good.copies(),
                good.weight(), good.height(), good.left(), good.right(), good.root(), good.used(), good.freeHead(),
                good.distinct()))).hasMessageContaining("state.value must hold the 3 used slots");
        assertThatThrownBy(() -> SlidingPercentile.restore(new SlidingPercentile.State(good.value(), good.copies(),
                good.weight(), good.height(), good.left(), good.right(), 3, good.used(), good.freeHead(),
                good.distinct()))).hasMessageContaining("state.root must be a used slot");
        assertThatThrownBy(() -> SlidingPercentile.restore(new SlidingPercentile.State(good.value(), good.copies(),
                good.weight(), good.height(), good.left(), good.right(), good.root(), -1, good.freeHead(),
                good.distinct()))).hasMessageContaining("state.used must not be negative");
    }

    @Test
    void stateIsAFlinkPojoWithoutKryo() {
        assertThat(TypeInformation.of(SlidingPercentile.State.class)).isInstanceOf(PojoTypeInfo.class);
        KryoFreeTypes.assertNoGenericTypes(SlidingPercentile.State.class);
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
        // Slot for slot the same tree, free slots included: a restore may not leak or reshape.
        assertSameTree(restored.state(), reference.state());
    }

    private static void assertSameTree(SlidingPercentile.State actual, SlidingPercentile.State expected) {
        assertThat(actual.root()).isEqualTo(expected.root());
        assertThat(actual.used()).isEqualTo(expected.used());
        assertThat(actual.freeHead()).isEqualTo(expected.freeHead());
        assertThat(actual.distinct()).isEqualTo(expected.distinct());
        assertThat(actual.value()).isEqualTo(expected.value());
        assertThat(actual.copies()).isEqualTo(expected.copies());
        assertThat(actual.weight()).isEqualTo(expected.weight());
        assertThat(actual.height()).isEqualTo(expected.height());
        assertThat(actual.left()).isEqualTo(expected.left());
        assertThat(actual.right()).isEqualTo(expected.right());
    }

    private static SlidingPercentile treeOf(double... values) {
        SlidingPercentile p = new SlidingPercentile();
        for (double v : values) {
            p.add(v);
        }
        return p;
    }
}

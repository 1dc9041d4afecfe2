package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.WindowLog;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SloWindowRestoreTest {

    @ParameterizedTest
    @ValueSource(longs = {41, 42, 43, 44, 45, 46})
    void windowRestoredAtRandomPointsAnswersLikeAnUninterruptedOne(long seed) {
        Random random = new Random(seed);
        long w = new long[] {500, 1_000, 60_000}[random.nextInt(3)];
        int minSamples = 1 + random.nextInt(20);
        SloWindow reference = new SloWindow(w, minSamples);
        WindowLog<SloFact> facts = new EventTimeWindow<>(w);
        KeyValueStore<Integer, SlidingPercentile.Bucket> placeMs = SerializedCopies.store(SlidingPercentile.Bucket.class);
        SloWindow restored = SloWindow.create(w, minSamples, facts, placeMs);
        long now = 1_700_000_000_000L;
        int restores = 0;
        int withP95 = 0;
        int withSlippage = 0;

        for (int step = 0; step < 8_000; step++) {
            if (random.nextInt(4) == 0) {
                // Mostly forward, sometimes standing still or trying to go back.
                now += random.nextInt(8) == 0 ? -random.nextInt((int) (w / 5)) : random.nextInt((int) (w / 10) + 1);
                reference.advanceTo(now);
                restored.advanceTo(now);
            } else {
                // On the clock, late (some already out of the window) or a little ahead.
                long ts = switch (random.nextInt(6)) {
                    case 0 -> now - random.nextInt((int) (w * 13 / 10));
                    case 1 -> now + random.nextInt((int) (w / 5) + 1);
                    default -> now;
                };
                SloFact fact = randomFact(random, ts);
                assertThat(restored.record(fact)).isEqualTo(reference.record(fact));
            }
            if (random.nextInt(5) == 0) {
                // As in Flink: the aggregate comes back from its serialized copy, the facts and place_ms
                // buckets stay in their stores.
                SloWindow.State saved = SerializedCopies.copy(SloWindow.State.class, restored.state());
                restored = SloWindow.restore(w, minSamples, saved, facts, placeMs);
                restores++;
            }
            assertSameAnswers(restored, reference);
            withP95 += reference.p95PlaceMs() == null ? 0 : 1;
            withSlippage += reference.slippageBps() == null ? 0 : 1;
        }
        assertThat(restores).isGreaterThan(1_000);
        assertThat(withP95).isGreaterThan(1_000);
        assertThat(withSlippage).isGreaterThan(1_000);
        assertThat(facts.size()).isEqualTo(reference.placed() + reference.failures() + reference.acked() + reference.fills());
    }

    @Test
    void createdWindowStartsEmptyInTheCallersLog() {
        WindowLog<SloFact> facts = new EventTimeWindow<>(1_000);
        KeyValueStore.HeapStore<Integer, SlidingPercentile.Bucket> placeMs = new KeyValueStore.HeapStore<>();
        SloWindow w = SloWindow.create(1_000, 1, facts, placeMs);
        assertThat(w.now()).isEqualTo(Long.MIN_VALUE);
        assertThat(w.acked()).isZero();

        w.record(SloFact.acked(100, 25.0));
        w.record(SloFact.placed(100));

        // Both facts went to the caller's log, the ack's 25 ms to one bucket; one ack is its own p95.
        assertThat(facts.size()).isEqualTo(2);
        assertThat(placeMs.size()).isEqualTo(1);
        assertThat(w.p95PlaceMs()).isEqualTo(25.0);
    }

    @Test
    void stateSharesThePercentileCountsInsteadOfCopyingThem() {
        // Regression: state() copied the place_ms tree, and restore copied it back, on every event.
        WindowLog<SloFact> facts = new EventTimeWindow<>(1_000);
        KeyValueStore<Integer, SlidingPercentile.Bucket> placeMs = KeyValueStore.onHeap();
        SloWindow w = SloWindow.create(1_000, 1, facts, placeMs);
        w.record(SloFact.acked(100, 25.0));
        SloWindow.State taken = w.state();

        SloWindow restored = SloWindow.restore(1_000, 1, taken, facts, placeMs);
        restored.record(SloFact.acked(200, 30.0));

        assertThat(restored.state().placeMs().counts()).isSameAs(taken.placeMs().counts());
        assertThat(restored.acked()).isEqualTo(2);
        assertThat(restored.p95PlaceMs()).isEqualTo(30.0);
    }

    @Test
    void restoreChecksItsArguments() {
        SloWindow.State state = new SloWindow(1_000, 1).state();
        KeyValueStore<Integer, SlidingPercentile.Bucket> placeMs = KeyValueStore.onHeap();
        assertThatThrownBy(() -> SloWindow.restore(1_000, 1, state, new EventTimeWindow<>(2_000), placeMs))
                .hasMessageContaining("facts must be a window of windowMs (1000), got one of 2000");
        assertThatThrownBy(() -> SloWindow.restore(1_000, 1, null, new EventTimeWindow<>(1_000), placeMs))
                .hasMessageContaining("state is required");
        assertThatThrownBy(() -> SloWindow.restore(1_000, 1, state, null, placeMs)).hasMessageContaining("facts is required");
        assertThatThrownBy(() -> SloWindow.restore(1_000, 1, state, new EventTimeWindow<>(1_000), null))
                .hasMessageContaining("placeMsBuckets is required");
        assertThatThrownBy(() -> SloWindow.create(0, 1, new EventTimeWindow<>(1_000), placeMs))
                .hasMessageContaining("windowMs must be positive");
        assertThatThrownBy(() -> SloWindow.create(1_000, 0, new EventTimeWindow<>(1_000), placeMs))
                .hasMessageContaining("minSamples must be at least 1");
    }

    @Test
    void stateAndFactsAreFlinkPojosWithoutKryo() {
        assertThat(TypeInformation.of(SloWindow.State.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(SloFact.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(SlidingPercentile.Bucket.class)).isInstanceOf(PojoTypeInfo.class);
        KryoFreeTypes.assertNoGenericTypes(SloWindow.State.class);
        KryoFreeTypes.assertNoGenericTypes(SloFact.class);
        KryoFreeTypes.assertNoGenericTypes(SlidingPercentile.Bucket.class);
    }

    private static void assertSameAnswers(SloWindow restored, SloWindow reference) {
        assertThat(restored.now()).isEqualTo(reference.now());
        assertThat(restored.placed()).isEqualTo(reference.placed());
        assertThat(restored.failures()).isEqualTo(reference.failures());
        assertThat(restored.acked()).isEqualTo(reference.acked());
        assertThat(restored.fills()).isEqualTo(reference.fills());
        assertThat(restored.slippageFills()).isEqualTo(reference.slippageFills());
        // Exactly equal, not close: a restored window must round as the uninterrupted one does.
        assertThat(restored.p95PlaceMs()).isEqualTo(reference.p95PlaceMs());
        assertThat(restored.errorRate()).isEqualTo(reference.errorRate());
        assertThat(restored.slippageBps()).isEqualTo(reference.slippageBps());
    }

    private static SloFact randomFact(Random random, long ts) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(5) == 0 ? SloFact.failed(ts) : SloFact.placed(ts);
            case 1, 2 -> SloFact.acked(ts, random.nextInt(4) == 0 ? random.nextInt(100_000) / 9.0 : random.nextInt(60) * 5.0);
            default -> SloFact.fill(ts, randomNotional(random), random.nextInt(5) == 0 ? null : (random.nextInt(81) - 40) / 3.0);
        };
    }

    /** Sizes over six orders of magnitude, with zeros, so that any lost rounding residue would show. */
    private static double randomNotional(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> 0.0;
            case 1 -> 1e6 + random.nextInt(1_000) * 0.37;
            default -> 0.5 + random.nextInt(10_000) * 1.3;
        };
    }
}

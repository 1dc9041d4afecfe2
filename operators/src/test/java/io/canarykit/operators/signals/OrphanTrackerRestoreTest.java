package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.WindowLog;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrphanTrackerRestoreTest {

    @ParameterizedTest
    @ValueSource(longs = {61, 62, 63, 64, 65, 66, 67, 68})
    void trackerRestoredAtRandomPointsAnswersLikeAnUninterruptedOneAndABruteForce(long seed) {
        Random random = new Random(seed);
        long timeout = new long[] {0, 1, 50, 500}[random.nextInt(4)];
        long retention = timeout + 1 + random.nextInt(3_000);
        OrphanTracker reference = new OrphanTracker(timeout, retention);
        BruteForce model = new BruteForce(timeout, retention);
        KeyValueStore<String, Long> waiting = SerializedCopies.store(Long.class);
        KeyValueStore<String, Long> orphans = SerializedCopies.store(Long.class);
        WindowLog<String> waitingLog = new EventTimeWindow<>(OrphanTracker.waitingLogLengthMs(timeout));
        WindowLog<String> orphanLog = new EventTimeWindow<>(retention);
        OrphanTracker restored = OrphanTracker.create(timeout, retention, waiting, orphans, waitingLog, orphanLog);
        long now = 1_700_000_000_000L;
        int restores = 0;
        int mostOrphans = 0;
        long step = Math.max(2, timeout / 3);

        for (int i = 0; i < 8_000; i++) {
            // A small pool of ids, so orders are answered, dropped and placed again under one id.
            String id = "o" + random.nextInt(60);
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    // On the clock or reported late, some already past the timeout or the retention.
                    long ts = random.nextInt(5) == 0 ? now - random.nextInt((int) (timeout + retention) + 1) : now;
                    reference.placed(id, ts);
                    restored.placed(id, ts);
                    model.placed(id, ts);
                }
                case 2 -> {
                    long ts = random.nextInt(5) == 0 ? now - random.nextInt((int) timeout + 1) : now;
                    reference.settled(id, ts);
                    restored.settled(id, ts);
                    model.settled(id, ts);
                }
                default -> {
                    // Zero steps, steps about the timeout, rare jumps past the retention, and tries to go back.
                    now += switch (random.nextInt(8)) {
                        case 0 -> 0;
                        case 1 -> -random.nextInt((int) step);
                        case 2 -> retention;
                        default -> random.nextInt((int) step);
                    };
                    reference.advanceTo(now);
                    restored.advanceTo(now);
                    model.advanceTo(now);
                }
            }
            if (random.nextInt(4) == 0) {
                OrphanTracker.State copy = SerializedCopies.copy(OrphanTracker.State.class, restored.state());
                restored = OrphanTracker.restore(timeout, retention, copy, waiting, orphans, waitingLog, orphanLog);
                restores++;
            }
            assertThat(restored.orphans()).isEqualTo(reference.orphans()).isEqualTo(model.orphans());
            assertThat(restored.waiting()).isEqualTo(reference.waiting()).isEqualTo(model.waiting());
            assertThat(restored.totalOrphans()).isEqualTo(reference.totalOrphans()).isEqualTo(model.total);
            assertThat(restored.now()).isEqualTo(reference.now());
            mostOrphans = Math.max(mostOrphans, model.orphans());
        }
        assertThat(restores).isGreaterThan(1_500);
        assertThat(mostOrphans).isGreaterThan(5);
        assertThat(model.total).isGreaterThan(500);
    }

    @Test
    void zeroTimeoutMakesAnOrphanOneMillisecondAfterPlacement() {
        OrphanTracker o = OrphanTracker.create(0, 1_000, KeyValueStore.onHeap(), KeyValueStore.onHeap(),
                new EventTimeWindow<>(1), new EventTimeWindow<>(1_000));
        o.placed("A", 100);

        o.advanceTo(100);
        // 100 - 100 = 0, not more than 0: waiting.
        assertThat(o.waiting()).isEqualTo(1);
        o.advanceTo(101);
        // 101 - 100 = 1 > 0: an orphan.
        assertThat(o.orphans()).isEqualTo(1);
    }

    @Test
    void answeredOrderPlacedAgainRunsOnlyItsNewClock() {
        OrphanTracker o = new OrphanTracker(5_000, 60_000);
        o.placed("A", 0);
        o.settled("A", 1_000);
        o.placed("A", 3_000);

        o.advanceTo(5_001);
        // The first placement's log entry comes back now, but A's clock started at 3000: 2001 ms.
        assertThat(o.orphans()).isZero();
        assertThat(o.waiting()).isEqualTo(1);
        o.advanceTo(8_001);
        // 8001 - 3000 = 5001 > 5000.
        assertThat(o.orphans()).isEqualTo(1);
        assertThat(o.totalOrphans()).isEqualTo(1);
    }

    @Test
    void restoreChecksItsArguments() {
        OrphanTracker.State state = OrphanTracker.withDefaults().state();
        KeyValueStore<String, Long> store = KeyValueStore.onHeap();
        assertThatThrownBy(() -> OrphanTracker.restore(5_000, 60_000, state, store, store,
                new EventTimeWindow<>(5_000), new EventTimeWindow<>(60_000)))
                .hasMessageContaining("waitingLog must be a log of timeoutMs + 1 (5001 ms), got one of 5000");
        assertThatThrownBy(() -> OrphanTracker.restore(5_000, 60_000, state, store, store,
                new EventTimeWindow<>(5_001), new EventTimeWindow<>(5_001)))
                .hasMessageContaining("orphanLog must be a log of retentionMs (60000 ms), got one of 5001");
        assertThatThrownBy(() -> OrphanTracker.restore(5_000, 60_000, null, store, store,
                new EventTimeWindow<>(5_001), new EventTimeWindow<>(60_000)))
                .hasMessageContaining("state is required");
        assertThatThrownBy(() -> OrphanTracker.create(5_000, 60_000, store, null,
                new EventTimeWindow<>(5_001), new EventTimeWindow<>(60_000)))
                .hasMessageContaining("orphans is required");
        assertThatThrownBy(() -> OrphanTracker.create(-1, 60_000, store, store,
                new EventTimeWindow<>(1), new EventTimeWindow<>(60_000)))
                .hasMessageContaining("timeoutMs must not be negative");
    }

    @Test
    void stateIsAFlinkPojoWithoutKryo() {
        assertThat(TypeInformation.of(OrphanTracker.State.class)).isInstanceOf(PojoTypeInfo.class);
        KryoFreeTypes.assertNoGenericTypes(OrphanTracker.State.class);
    }

    /** The rules read straight from the contract, rescanning every order on every clock step. */
    private static final class BruteForce {
        private final long timeout;
        private final long retention;
        private final Map<String, long[]> clocks = new HashMap<>();
        private long now = Long.MIN_VALUE;
        long total;

        BruteForce(long timeout, long retention) {
            this.timeout = timeout;
            this.retention = retention;
        }

        /** An order's clock: {placed ts, 1 when it is an orphan}. */
        void placed(String id, long ts) {
            clocks.putIfAbsent(id, new long[] {ts, 0});
        }

        void settled(String id, long ts) {
            long[] clock = clocks.remove(id);
            if (clock != null && clock[1] == 0 && ts - clock[0] > timeout) {
                total++;
            }
        }

        void advanceTo(long t) {
            if (now != Long.MIN_VALUE && t < now) {
                return;
            }
            now = t;
            for (Iterator<long[]> it = clocks.values().iterator(); it.hasNext(); ) {
                long[] clock = it.next();
                if (clock[1] == 0 && t - clock[0] > timeout) {
                    clock[1] = 1;
                    total++;
                }
                if (clock[1] == 1 && t - clock[0] >= retention) {
                    it.remove();
                }
            }
        }

        int orphans() {
            return (int) clocks.values().stream().filter(c -> c[1] == 1).count();
        }

        int waiting() {
            return (int) clocks.values().stream().filter(c -> c[1] == 0).count();
        }
    }
}

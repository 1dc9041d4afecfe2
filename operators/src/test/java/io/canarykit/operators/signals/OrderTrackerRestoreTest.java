package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderTrackerRestoreTest {

    private static final String SYMBOL = "BTCUSDT";

    @ParameterizedTest
    @ValueSource(longs = {51, 52, 53, 54, 55, 56})
    void trackerRestoredAtRandomPointsAnswersLikeAnUninterruptedOne(long seed) {
        Random random = new Random(seed);
        long terminal = 100 + random.nextInt(1_000);
        long idle = terminal * (1 + random.nextInt(4));
        OrderTracker reference = new OrderTracker(terminal, idle);
        // Orders pass through their Flink serializer, so a change that is not written back is lost.
        KeyValueStore<String, OrderMemory> orders = SerializedCopies.store(OrderMemory.class);
        WindowLog<String> finishedQuiet = new EventTimeWindow<>(terminal);
        WindowLog<String> openQuiet = new EventTimeWindow<>(idle);
        OrderTracker restored = OrderTracker.create(terminal, idle, orders, finishedQuiet, openQuiet);
        List<OrderEvent> sent = new ArrayList<>();
        Set<String> countedKeys = new HashSet<>();
        long now = 1_700_000_000_000L;
        int restores = 0;
        int forgotten = 0;
        int countedAgain = 0;
        int duplicates = 0;

        for (int step = 0; step < 6_000; step++) {
            if (random.nextInt(5) == 0) {
                // Small steps, and now and then a jump past every retention.
                now += random.nextInt(10) == 0 ? idle + random.nextInt((int) idle) : random.nextInt((int) (terminal / 4));
                Map<String, Long> expiresBefore = expiries(orders);
                reference.advanceTo(now);
                restored.advanceTo(now);
                forgotten += assertForgetsExactlyTheExpired(orders, expiresBefore, restored.now());
            } else {
                // Resend an earlier event exactly (possibly of a forgotten order), or send a new one,
                // on the clock or a little late.
                OrderEvent e = !sent.isEmpty() && random.nextInt(3) == 0
                        ? sent.get(Math.max(0, sent.size() - 1 - random.nextInt(50)))
                        : randomEvent(random, random.nextInt(8) == 0 ? now - random.nextInt((int) terminal) : now);
                sent.add(e);
                OrderUpdate expected = reference.accept(e);
                assertThat(restored.accept(e)).isEqualTo(expected);
                duplicates += expected.status() == OrderUpdate.Status.DUPLICATE ? 1 : 0;
                if (expected.isNew() && !countedKeys.add(e.dedupKey())) {
                    countedAgain++;
                }
            }
            if (random.nextInt(4) == 0) {
                OrderTracker.State copy = SerializedCopies.copy(OrderTracker.State.class, restored.state());
                restored = OrderTracker.restore(terminal, idle, copy, orders, finishedQuiet, openQuiet);
                restores++;
            }
            assertThat(restored.size()).isEqualTo(reference.size()).isEqualTo(expiries(orders).size());
            assertThat(restored.now()).isEqualTo(reference.now());
        }
        assertThat(restores).isGreaterThan(1_000);
        // Orders were forgotten, resends of forgotten orders counted again, and duplicates were caught.
        assertThat(forgotten).isGreaterThan(1_000);
        assertThat(countedAgain).isGreaterThan(500);
        assertThat(duplicates).isGreaterThan(400);
    }

    @Test
    void createdTrackerKeepsItsOrdersInTheCallersStores() {
        KeyValueStore<String, OrderMemory> orders = KeyValueStore.onHeap();
        WindowLog<String> finishedQuiet = new EventTimeWindow<>(1_000);
        WindowLog<String> openQuiet = new EventTimeWindow<>(5_000);
        OrderTracker tracker = OrderTracker.create(1_000, 5_000, orders, finishedQuiet, openQuiet);

        tracker.accept(event("a", 0, OrderEventType.PLACED));
        tracker.accept(event("a", 100, OrderEventType.REJECTED));

        // Placed at 0 (open, logged at 0), rejected at 100 (finished, logged at 100): due at 100 + 1000.
        assertThat(orders.get("a").expiresAt).isEqualTo(1_100);
        assertThat(openQuiet.size()).isEqualTo(1);
        assertThat(finishedQuiet.size()).isEqualTo(1);
        tracker.advanceTo(1_099);
        assertThat(tracker.size()).isEqualTo(1);
        tracker.advanceTo(1_100);
        assertThat(tracker.size()).isZero();
        assertThat(orders.get("a")).isNull();
        // The stale open entry stays until 0 + 5000, then finds no order and is dropped.
        assertThat(openQuiet.size()).isEqualTo(1);
        tracker.advanceTo(5_000);
        assertThat(openQuiet.size()).isZero();
        assertThat(tracker.size()).isZero();
    }

    @Test
    void anOrderActiveAgainOutlivesItsFirstLogEntry() {
        KeyValueStore<String, OrderMemory> orders = KeyValueStore.onHeap();
        OrderTracker tracker = OrderTracker.create(1_000, 5_000, orders,
                new EventTimeWindow<>(1_000), new EventTimeWindow<>(5_000));
        tracker.accept(event("a", 0, OrderEventType.PLACED));
        tracker.accept(event("a", 3_000, OrderEventType.ACKED));

        tracker.advanceTo(5_000);
        // The entry of the placement at 0 came back at 5000, but the ack at 3000 keeps a until 8000.
        assertThat(tracker.size()).isEqualTo(1);
        tracker.advanceTo(7_999);
        assertThat(tracker.size()).isEqualTo(1);
        tracker.advanceTo(8_000);
        assertThat(tracker.size()).isZero();
    }

    @Test
    void restoreChecksItsArguments() {
        OrderTracker.State state = OrderTracker.withDefaults().state();
        KeyValueStore<String, OrderMemory> orders = KeyValueStore.onHeap();
        assertThatThrownBy(() -> OrderTracker.restore(1_000, 5_000, state, orders,
                new EventTimeWindow<>(5_000), new EventTimeWindow<>(5_000)))
                .hasMessageContaining("finishedQuiet must be a log of terminalRetentionMs (1000), got one of 5000");
        assertThatThrownBy(() -> OrderTracker.restore(1_000, 5_000, state, orders,
                new EventTimeWindow<>(1_000), new EventTimeWindow<>(1_000)))
                .hasMessageContaining("openQuiet must be a log of idleRetentionMs (5000), got one of 1000");
        assertThatThrownBy(() -> OrderTracker.restore(1_000, 5_000, null, orders,
                new EventTimeWindow<>(1_000), new EventTimeWindow<>(5_000)))
                .hasMessageContaining("state is required");
        assertThatThrownBy(() -> OrderTracker.create(1_000, 5_000, null,
                new EventTimeWindow<>(1_000), new EventTimeWindow<>(5_000)))
                .hasMessageContaining("orders is required");
        assertThatThrownBy(() -> OrderTracker.create(1_000, 500, orders,
                new EventTimeWindow<>(1_000), new EventTimeWindow<>(500)))
                .hasMessageContaining("idleRetentionMs must be at least");
    }

    @Test
    void stateAndOrderMemoryAreFlinkPojosWithoutKryo() {
        assertThat(TypeInformation.of(OrderTracker.State.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(OrderMemory.class)).isInstanceOf(PojoTypeInfo.class);
        KryoFreeTypes.assertNoGenericTypes(OrderTracker.State.class);
        KryoFreeTypes.assertNoGenericTypes(OrderMemory.class);
    }

    /** Every stored order's due time, read the slow way for the check. */
    private static Map<String, Long> expiries(KeyValueStore<String, OrderMemory> orders) {
        Map<String, Long> out = new HashMap<>();
        orders.forEach((id, order) -> out.put(id, order.expiresAt));
        return out;
    }

    /** Checks that the advance to {@code t} kept exactly the orders due after {@code t}; returns how many went. */
    private static int assertForgetsExactlyTheExpired(
            KeyValueStore<String, OrderMemory> orders, Map<String, Long> before, long t) {
        Map<String, Long> expected = new HashMap<>(before);
        expected.values().removeIf(due -> due <= t);
        assertThat(expiries(orders)).isEqualTo(expected);
        return before.size() - expected.size();
    }

    private static OrderEvent randomEvent(Random random, long ts) {
        String id = "o" + random.nextInt(40);
        OrderEventType type = OrderEventType.values()[random.nextInt(OrderEventType.values().length)];
        Side side = id.hashCode() % 2 == 0 ? Side.BUY : Side.SELL;
        boolean isFill = type == OrderEventType.FILL;
        return new OrderEvent(ts, type, id, SYMBOL, side, "main", "m", id.hashCode() % 3 == 0,
                2.0 + random.nextInt(2), null, type == OrderEventType.PLACED && random.nextInt(4) > 0 ? 100.0 : null,
                type == OrderEventType.ACKED && random.nextInt(4) > 0 ? (double) random.nextInt(300) : null,
                isFill ? 1.0 + random.nextInt(2) : null, isFill && random.nextInt(20) > 0 ? 99.0 + random.nextInt(3) : null,
                isFill ? 0.01 : null);
    }

    private static OrderEvent event(String id, long ts, OrderEventType type) {
        return new OrderEvent(ts, type, id, SYMBOL, Side.BUY, "main", "m", false,
                1.0, null, null, null, null, null, null);
    }
}

package io.canarykit.operators.risk;

import io.canarykit.operators.store.CountingStore;
import static io.canarykit.schema.Side.BUY;
import static io.canarykit.schema.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.operators.flink.state.StateRoundTrip;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RiskBudgetRestoreTest {

    private static final long DAY_MS = 86_400_000L;
    private static final long MIDNIGHT = Instant.parse("2024-03-10T00:00:00Z").toEpochMilli();
    private static final long START = MIDNIGHT - 2 * 3_600_000L;
    private static final RiskLimits LIMITS = new RiskLimits(100_000, 0.05, 500, 0.25);
    private static final String[] SYMBOLS = {"AAA", "BBB", "CCC"};

    @ParameterizedTest
    @ValueSource(longs = {3L, 17L, 99L})
    void restoredBudgetMatchesAnUninterruptedOne(long seed) {
        Random rnd = new Random(seed);
        CountingStore<String, Long> fillKeys = new CountingStore<>();
        CountingStore<String, Long> ordersToday = new CountingStore<>();
        CountingStore<String, Long> ordersSinceReset = new CountingStore<>();
        RiskBudget.Stores stores =
                new RiskBudget.Stores(KeyValueStore.onHeap(), fillKeys, ordersToday, ordersSinceReset);
        RiskBudget reference = new RiskBudget(LIMITS, START);
        RiskBudget restored = RiskBudget.create(LIMITS, START, stores);
        RiskLimits limits = LIMITS;
        List<OrderEvent> recent = new ArrayList<>();
        double[] px = {100.0, 40.0, 7.5};
        long clock = START;
        int restores = 0;
        int rollovers = 0;
        long day = Math.floorDiv(START, DAY_MS);

        for (int i = 0; i < 6_000; i++) {
            clock += rnd.nextInt(rnd.nextInt(50) == 0 ? 3_600_000 : 20_000);
            long ts = rnd.nextInt(8) == 0 ? clock - rnd.nextInt(30_000) : clock;
            double u = rnd.nextDouble();
            String at = "step " + i + " (seed " + seed + ")";
            if (u < 0.40) {
                int s = rnd.nextInt(SYMBOLS.length);
                px[s] *= 1 + 0.003 * rnd.nextGaussian();
                reference.onMark(SYMBOLS[s], ts, px[s]);
                restored.onMark(SYMBOLS[s], ts, px[s]);
            } else if (u < 0.85) {
                OrderEvent fill = u < 0.78 || recent.isEmpty() ? newFill(rnd, ts, px, recent)
                        : recent.get(rnd.nextInt(recent.size())); // a resend, maybe across midnight
                long opsBefore = entryReadsAndPuts(fillKeys, ordersToday, ordersSinceReset);
                boolean counted = reference.onFill(fill);
                assertThat(restored.onFill(fill)).as(at + " counted").isEqualTo(counted);
                // One fill reads and writes at most one entry of each store.
                assertThat(entryReadsAndPuts(fillKeys, ordersToday, ordersSinceReset) - opsBefore)
                        .as(at + " store operations of one fill").isLessThanOrEqualTo(6);
            } else if (u < 0.93) {
                long t = clock + rnd.nextInt(rnd.nextBoolean() ? 60_000 : (int) (2 * DAY_MS));
                reference.advanceTo(t);
                restored.advanceTo(t);
                clock = Math.max(clock, t);
            } else if (u < 0.96) {
                reference.reset(ts);
                restored.reset(ts);
            } else {
                limits = new RiskLimits(50_000 + rnd.nextInt(100_000), 0.01 + rnd.nextInt(5) / 100.0,
                        50 + rnd.nextInt(500), rnd.nextInt(3) / 8.0);
                reference.setLimits(limits);
                if (rnd.nextBoolean()) {
                    restored.setLimits(limits);
                } else {
                    restored = RiskBudget.restore(limits, travel(restored.state()), stores);
                    restores++;
                }
            }
            if (rnd.nextInt(10) == 0) {
                restored = RiskBudget.restore(limits, travel(restored.state()), stores);
                restores++;
            }
            long nowDay = Math.floorDiv(reference.snapshot().ts(), DAY_MS);
            rollovers += nowDay > day ? 1 : 0;
            day = nowDay;

            assertSame(at, restored, reference);
        }

        assertThat(restores).isGreaterThan(500);
        assertThat(rollovers).isGreaterThanOrEqualTo(3);
        // Stores are walked only when a day closes, never per event.
        assertThat(fillKeys.scans).isEqualTo(rollovers);
        assertThat(ordersToday.scans + ordersSinceReset.scans).isZero();
    }

    @Test
    void stateIsAFlinkPojoWithoutKryoFields() {
        assertThat(TypeInformation.of(RiskBudget.State.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(PositionBook.State.class)).isInstanceOf(PojoTypeInfo.class);
        KryoFreeTypes.assertNoGenericTypes(RiskBudget.State.class);
    }

    @Test
    void stateIsACopyThatLaterEventsDoNotChange() {
        RiskBudget budget = new RiskBudget(LIMITS, START);
        budget.onFill(fill(START + 1, "o1", "AAA", BUY, 2, 100, false));
        RiskBudget.State before = budget.state();

        budget.onFill(fill(START + 2, "o2", "BBB", SELL, 1, 50, true));

        assertThat(before.book().openPositions()).isEqualTo(1);
        assertThat(before.tradesToday()).isEqualTo(1);
        assertThat(budget.state().book().openPositions()).isEqualTo(2);
    }

    @Test
    void restoringWithNewEquityIsACapitalChange() {
        RiskBudget.Stores stores = RiskBudget.Stores.onHeap();
        RiskBudget budget = RiskBudget.create(LIMITS, START, stores);
        budget.onFill(fill(START + 1, "o1", "AAA", BUY, 100, 100, false));
        budget.onMark("AAA", START + 2, 99);

        RiskBudget restored = RiskBudget.restore(new RiskLimits(200_000, 0.05, 500, 0.25), budget.state(), stores);

        // Equity 100000 - 100 = 99900, then +100000 of capital: 199900 against a start of 200000.
        RiskSnapshot s = restored.snapshot();
        assertThat(s.equity()).isEqualTo(199_900.0);
        assertThat(s.startOfDayEquity()).isEqualTo(200_000.0);
        assertThat(s.ddToday()).isEqualTo(100.0 / 200_000.0);
    }

    @Test
    void aRestoredBudgetStillKnowsTheFillsAndOrdersOfItsStores() {
        RiskBudget.Stores stores = RiskBudget.Stores.onHeap();
        RiskBudget budget = RiskBudget.create(LIMITS, START, stores);
        OrderEvent first = fill(START + 1, "o1", "AAA", BUY, 1, 100, true);
        budget.onFill(first);

        RiskBudget restored = RiskBudget.restore(LIMITS, budget.state(), stores);

        assertThat(restored.onFill(first)).isFalse();
        restored.onFill(fill(START + 2, "o1", "AAA", BUY, 1, 100, true));
        // The second fill of o1 is not a new trade.
        assertThat(restored.snapshot().totalTrades()).isEqualTo(1);
        assertThat(restored.snapshot().canaryTradesTotal()).isEqualTo(1);
    }

    @Test
    void rolloverKeepsOnlyThePreviousDaysFillKeys() {
        KeyValueStore.HeapStore<String, Long> fillKeys = new KeyValueStore.HeapStore<>();
        KeyValueStore.HeapStore<String, Long> ordersToday = new KeyValueStore.HeapStore<>();
        KeyValueStore.HeapStore<String, Long> ordersSinceReset = new KeyValueStore.HeapStore<>();
        RiskBudget budget = RiskBudget.create(LIMITS, START,
                new RiskBudget.Stores(KeyValueStore.onHeap(), fillKeys, ordersToday, ordersSinceReset));
        budget.onFill(fill(START + 1, "o1", "AAA", BUY, 1, 100, false));
        budget.onFill(fill(MIDNIGHT + 1, "o2", "AAA", BUY, 1, 100, false));
        assertThat(fillKeys.size()).isEqualTo(2);
        assertThat(ordersToday.size()).isEqualTo(1);

        budget.advanceTo(MIDNIGHT + DAY_MS);

        // o1's key is two days old and goes; o2's may still be resent; no order is kept.
        assertThat(fillKeys.size()).isEqualTo(1);
        assertThat(fillKeys.get(fill(MIDNIGHT + 1, "o2", "AAA", BUY, 1, 100, false).dedupKey())).isNotNull();
        assertThat(ordersToday.size()).isZero();
        assertThat(ordersSinceReset.size()).isZero();
    }

    @Test
    void rejectsMissingStateOrStores() {
        RiskBudget budget = new RiskBudget(LIMITS, START);
        assertThatThrownBy(() -> RiskBudget.restore(LIMITS, null, RiskBudget.Stores.onHeap()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");
        assertThatThrownBy(() -> RiskBudget.restore(LIMITS, budget.state(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stores");
        assertThatThrownBy(() -> RiskBudget.restore(null, budget.state(), RiskBudget.Stores.onHeap()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limits");
        assertThatThrownBy(() -> RiskBudget.create(LIMITS, START, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stores");
    }

    // Plain equals first: building AssertJ descriptions for every step would dominate the run.
    private static void assertSame(String at, RiskBudget restored, RiskBudget reference) {
        if (!restored.snapshot().equals(reference.snapshot())) {
            assertThat(restored.snapshot()).as(at + " snapshot").isEqualTo(reference.snapshot());
        }
        if (!restored.state().equals(reference.state())) {
            assertThat(restored.state()).as(at + " state").isEqualTo(reference.state());
        }
        for (String symbol : SYMBOLS) {
            assertThat(restored.holding(symbol)).isEqualTo(reference.holding(symbol));
        }
    }

    /** The state as the job would read it back from its state backend. */
    private static RiskBudget.State travel(RiskBudget.State state) {
        return StateRoundTrip.roundTrip(RiskBudget.State.class, state);
    }

    private int nextOrder;

    private OrderEvent newFill(Random rnd, long ts, double[] px, List<OrderEvent> recent) {
        String orderId = rnd.nextInt(3) == 0 && !recent.isEmpty()
                ? recent.get(rnd.nextInt(recent.size())).orderId() : "o" + nextOrder++;
        int s = Math.floorMod(orderId.hashCode(), SYMBOLS.length);
        Side side = rnd.nextBoolean() ? BUY : SELL;
        double qty = (1 + rnd.nextInt(40)) / 10.0;
        double fillPx = px[s] * (1 + 0.001 * rnd.nextGaussian());
        OrderEvent fill = new OrderEvent(ts, OrderEventType.FILL, orderId, SYMBOLS[s], side, "main", "m",
                Math.floorMod(orderId.hashCode(), 4) == 0, qty, fillPx, null, null, qty, fillPx,
                rnd.nextInt(5) == 0 ? null : qty * fillPx * 0.0003);
        recent.add(fill);
        if (recent.size() > 30) {
            recent.remove(0);
        }
        return fill;
    }

    private static OrderEvent fill(long ts, String orderId, String symbol, Side side, double qty, double px,
            boolean canary) {
        return new OrderEvent(ts, OrderEventType.FILL, orderId, symbol, side, "main", "m", canary, qty, px, null,
                null, qty, px, 0.0);
    }

    private static long entryReadsAndPuts(CountingStore<?, ?>... stores) {
        long n = 0;
        for (CountingStore<?, ?> s : stores) {
            n += s.gets + s.puts;
        }
        return n;
    }
}

package io.canarykit.operators.signals;

import io.canarykit.config.KitConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderTrackerTest {

    private static final String SYMBOL = "BTCUSDT";

    @Test
    void buyFilledAboveArrivalMidHasPositiveSlippage() {
        OrderTracker orders = OrderTracker.withDefaults();
        orders.accept(placed("b1", 0, Side.BUY, false, 100.0, 1.0));

        OrderUpdate fill = orders.accept(fill("b1", 10, Side.BUY, 1.0, 100.05));

        // +1 * (100.05 - 100) / 100 * 1e4 = +5 bps: the buyer paid more than the mid, a cost.
        assertThat(fill.tca().slippageBps()).isCloseTo(5.0, within(1e-9));
        assertThat(fill.fact().slippageBps()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void sellFilledBelowArrivalMidHasPositiveSlippageAndAboveItNegative() {
        OrderTracker orders = OrderTracker.withDefaults();
        orders.accept(placed("s1", 0, Side.SELL, false, 100.0, 2.0));

        OrderUpdate below = orders.accept(fill("s1", 10, Side.SELL, 1.0, 99.95));
        OrderUpdate above = orders.accept(fill("s1", 20, Side.SELL, 1.0, 100.10));

        // -1 * (99.95 - 100) / 100 * 1e4 = +5 bps: sold under the mid, a cost.
        assertThat(below.tca().slippageBps()).isCloseTo(5.0, within(1e-9));
        // -1 * (100.10 - 100) / 100 * 1e4 = -10 bps: sold over the mid, a gain.
        assertThat(above.tca().slippageBps()).isCloseTo(-10.0, within(1e-9));
    }

    @Test
    void slippageOfTwoFillsIsWeightedByTheirNotional() {
        OrderTracker orders = OrderTracker.withDefaults();
        SloWindow all = SloWindow.withDefaults();
        SloWindow canary = SloWindow.withDefaults();
        orders.accept(placed("b1", 0, Side.BUY, false, 200.0, 4.0)).applyTo(all, canary);

        OrderUpdate big = orders.accept(fill("b1", 10, Side.BUY, 3.0, 200.2));
        OrderUpdate small = orders.accept(fill("b1", 20, Side.BUY, 1.0, 199.9));
        big.applyTo(all, canary);
        small.applyTo(all, canary);
        all.advanceTo(20);

        // Fill 1: notional 3 * 200.2 = 600.6, slippage (200.2 - 200) / 200 * 1e4 = +10 bps.
        // Fill 2: notional 1 * 199.9 = 199.9, slippage (199.9 - 200) / 200 * 1e4 = -5 bps.
        // Mean: (600.6 * 10 + 199.9 * -5) / (600.6 + 199.9) = 5006.5 / 800.5 = 6.2542161149...
        assertThat(big.tca().notional()).isCloseTo(600.6, within(1e-9));
        assertThat(small.tca().notional()).isCloseTo(199.9, within(1e-9));
        assertThat(all.slippageBps()).isCloseTo(5006.5 / 800.5, within(1e-9));
        assertThat(all.fills()).isEqualTo(2);
    }

    @Test
    void duplicateFillCountsOnce() {
        OrderTracker orders = OrderTracker.withDefaults();
        SloWindow all = SloWindow.withDefaults();
        SloWindow canary = SloWindow.withDefaults();
        orders.accept(placed("b1", 0, Side.BUY, false, 100.0, 2.0)).applyTo(all, canary);

        OrderUpdate first = orders.accept(fill("b1", 10, Side.BUY, 1.0, 100.0));
        OrderUpdate again = orders.accept(fill("b1", 10, Side.BUY, 1.0, 100.0));
        // Same ts, another price: a distinct fill.
        OrderUpdate other = orders.accept(fill("b1", 10, Side.BUY, 1.0, 100.5));
        first.applyTo(all, canary);
        again.applyTo(all, canary);
        other.applyTo(all, canary);

        assertThat(first.status()).isEqualTo(OrderUpdate.Status.NEW);
        assertThat(again.status()).isEqualTo(OrderUpdate.Status.DUPLICATE);
        assertThat(again.tca()).isNull();
        assertThat(again.fact()).isNull();
        assertThat(other.isNew()).isTrue();
        assertThat(all.fills()).isEqualTo(2);
        assertThat(first.firstFill()).isTrue();
        assertThat(again.firstFill()).isFalse();
        assertThat(other.firstFill()).isFalse();
    }

    @Test
    void duplicatePlacementAndAckCountOnce() {
        OrderTracker orders = OrderTracker.withDefaults();
        SloWindow all = new SloWindow(KitConfig.defaults().sloWindowMs(), 1);
        SloWindow canary = new SloWindow(KitConfig.defaults().sloWindowMs(), 1);
        for (int i = 0; i < 3; i++) {
            orders.accept(placed("a", 0, Side.BUY, true, 100.0, 1.0)).applyTo(all, canary);
            orders.accept(acked("a", 40, 40.0)).applyTo(all, canary);
        }

        assertThat(all.placed()).isEqualTo(1);
        assertThat(all.acked()).isEqualTo(1);
        assertThat(canary.placed()).isEqualTo(1);
    }

    @Test
    void fillWithUnknownArrivalMidHasNoSlippage() {
        OrderTracker orders = OrderTracker.withDefaults();
        SloWindow all = SloWindow.withDefaults();
        SloWindow canary = SloWindow.withDefaults();
        orders.accept(placed("b1", 0, Side.BUY, false, null, 1.0)).applyTo(all, canary);

        OrderUpdate fill = orders.accept(fill("b1", 10, Side.BUY, 1.0, 100.0));
        fill.applyTo(all, canary);
        all.advanceTo(10);

        // A TCA record still goes out; the fill counts but weighs nothing in the mean.
        assertThat(fill.tca().arrivalMid()).isNull();
        assertThat(fill.tca().slippageBps()).isNull();
        assertThat(fill.tca().notional()).isEqualTo(100.0);
        assertThat(all.fills()).isEqualTo(1);
        assertThat(all.slippageBps()).isNull();
    }

    @Test
    void fillOfAnUnseenOrderUsesItsOwnFields() {
        OrderTracker orders = OrderTracker.withDefaults();

        OrderUpdate fill = orders.accept(fill("lost", 10, Side.SELL, 2.0, 50.0));

        assertThat(fill.tca().side()).isEqualTo(Side.SELL);
        assertThat(fill.tca().modelId()).isEqualTo("m-fill");
        assertThat(fill.tca().slippageBps()).isNull();
        assertThat(fill.firstFill()).isTrue();
    }

    @Test
    void tcaRecordCarriesThePlacementAndTheAck() {
        OrderTracker orders = OrderTracker.withDefaults();
        orders.accept(placed("c1", 1_000, Side.BUY, true, 20.0, 10.0));
        orders.accept(acked("c1", 1_040, 37.5));

        OrderEvent e = new OrderEvent(1_500, OrderEventType.FILL, "c1", SYMBOL, Side.BUY, "main", "m-fill", false,
                null, null, null, null, 10.0, 20.01, 0.2);
        OrderUpdate fill = orders.accept(e);

        // Identity from the placement (model m-placed, canary); slippage (20.01 - 20) / 20 * 1e4 = 5 bps;
        // notional 10 * 20.01 = 200.1.
        TcaRecord tca = fill.tca();
        assertThat(tca.orderId()).isEqualTo("c1");
        assertThat(tca.symbol()).isEqualTo(SYMBOL);
        assertThat(tca.ts()).isEqualTo(1_500);
        assertThat(tca.side()).isEqualTo(Side.BUY);
        assertThat(tca.modelId()).isEqualTo("m-placed");
        assertThat(tca.canary()).isTrue();
        assertThat(tca.fillQty()).isEqualTo(10.0);
        assertThat(tca.fillPx()).isEqualTo(20.01);
        assertThat(tca.arrivalMid()).isEqualTo(20.0);
        assertThat(tca.notional()).isCloseTo(200.1, within(1e-9));
        assertThat(tca.fee()).isEqualTo(0.2);
        assertThat(tca.slippageBps()).isCloseTo(5.0, within(1e-9));
        assertThat(tca.placeMs()).isEqualTo(37.5);
        assertThat(tca.markoutsBps()).isNull();
        assertThat(fill.canary()).isTrue();
    }

    @Test
    void shadowOrderFeedsOnlyTheCanaryWindowMarksItsTcaAndStartsNoAnswerClock() {
        OrderTracker orders = OrderTracker.withDefaults();
        SloWindow all = new SloWindow(KitConfig.defaults().sloWindowMs(), 1);
        SloWindow canary = new SloWindow(KitConfig.defaults().sloWindowMs(), 1);
        OrderUpdate placed = orders.accept(new OrderEvent(1_000, OrderEventType.PLACED, "s1", SYMBOL, Side.SELL, "main",
                "m-placed", true, 4.0, null, 50.0, null, null, null, null, true));
        placed.applyTo(all, canary);
        // The fill need not repeat it: once an order is a paper one it stays one.
        OrderUpdate fill = orders.accept(new OrderEvent(1_200, OrderEventType.FILL, "s1", SYMBOL, Side.SELL, "main",
                "m-fill", true, null, null, null, null, 4.0, 49.9, 0.1));
        fill.applyTo(all, canary);

        assertThat(placed.shadow()).isTrue();
        assertThat(placed.orphanStep()).isEqualTo(OrderUpdate.OrphanStep.NONE);
        assertThat(fill.orphanStep()).isEqualTo(OrderUpdate.OrphanStep.NONE);
        // A sell at 49.9 against 50: -1 * (49.9 - 50) / 50 * 1e4 = 20 bps of cost.
        assertThat(fill.tca().shadow()).isTrue();
        assertThat(fill.tca().canary()).isTrue();
        assertThat(fill.tca().slippageBps()).isCloseTo(20.0, within(1e-9));
        assertThat(all.placed()).isZero();
        assertThat(all.fills()).isZero();
        assertThat(canary.placed()).isEqualTo(1);
        assertThat(canary.slippageBps()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void canaryOrdersFeedBothWindowsAndChampionOrdersOnlyTheFirst() {
        OrderTracker orders = OrderTracker.withDefaults();
        SloWindow all = new SloWindow(KitConfig.defaults().sloWindowMs(), 1);
        SloWindow canary = new SloWindow(KitConfig.defaults().sloWindowMs(), 1);

        orders.accept(placed("champ", 0, Side.BUY, false, 10.0, 1.0)).applyTo(all, canary);
        orders.accept(placed("chall", 0, Side.BUY, true, 10.0, 1.0)).applyTo(all, canary);
        orders.accept(rejected("chall", 5)).applyTo(all, canary);

        // All: 2 placed, 1 rejected -> 0.5; canary: 1 placed, 1 rejected -> 1.0.
        assertThat(all.errorRate()).isEqualTo(0.5);
        assertThat(canary.errorRate()).isEqualTo(1.0);
    }

    @Test
    void ackWithoutPlaceMsAnswersTheOrderButAddsNoLatency() {
        OrderTracker orders = OrderTracker.withDefaults();
        orders.accept(placed("a", 0, Side.BUY, false, 10.0, 1.0));

        OrderUpdate ack = orders.accept(acked("a", 10, null));

        assertThat(ack.fact()).isNull();
        assertThat(ack.orphanStep()).isEqualTo(OrderUpdate.OrphanStep.SETTLE);
    }

    @Test
    void placementStartsTheAnswerClockAndAnswersStopIt() {
        OrderTracker orders = OrderTracker.withDefaults();
        OrphanTracker orphans = new OrphanTracker(5_000, 60_000);

        orders.accept(placed("a", 0, Side.BUY, false, 10.0, 1.0)).applyTo(orphans);
        orders.accept(placed("b", 0, Side.BUY, false, 10.0, 1.0)).applyTo(orphans);
        orders.accept(placed("c", 0, Side.BUY, false, 10.0, 1.0)).applyTo(orphans);
        orders.accept(acked("a", 100, 100.0)).applyTo(orphans);
        orphans.advanceTo(6_000);
        // b and c unanswered for 6000 ms > 5000.
        assertThat(orphans.orphans()).isEqualTo(2);

        // A late fill of b and a cancel of c take them out of the count.
        orders.accept(fill("b", 6_500, Side.BUY, 1.0, 10.0)).applyTo(orphans);
        orders.accept(canceled("c", 6_500)).applyTo(orphans);
        assertThat(orphans.orphans()).isZero();
        assertThat(orphans.totalOrphans()).isEqualTo(2);
    }

    @Test
    void placementSeenAfterItsAnswerStartsNoClock() {
        OrderTracker orders = OrderTracker.withDefaults();

        OrderUpdate ack = orders.accept(acked("a", 10, 10.0));
        OrderUpdate place = orders.accept(placed("a", 0, Side.BUY, false, 10.0, 1.0));

        assertThat(ack.orphanStep()).isEqualTo(OrderUpdate.OrphanStep.SETTLE);
        assertThat(place.orphanStep()).isEqualTo(OrderUpdate.OrphanStep.NONE);
        assertThat(place.fact()).isEqualTo(SloFact.placed(0));
    }

    @Test
    void placementSeenAfterAPartialFillOrACancelStartsNoClock() {
        // A partial fill once left the order neither answered nor finished, so its late placement
        // started a clock the venue had already answered.
        OrderTracker orders = OrderTracker.withDefaults();
        OrphanTracker orphans = new OrphanTracker(5_000, 60_000);

        orders.accept(fill("f", 10, Side.BUY, 1.0, 10.0)).applyTo(orphans);
        OrderUpdate placeF = orders.accept(placed("f", 0, Side.BUY, false, 10.0, 4.0));
        orders.accept(canceled("c", 10)).applyTo(orphans);
        OrderUpdate placeC = orders.accept(placed("c", 0, Side.BUY, false, 10.0, 4.0));
        placeF.applyTo(orphans);
        placeC.applyTo(orphans);
        orphans.advanceTo(60_000);

        assertThat(placeF.orphanStep()).isEqualTo(OrderUpdate.OrphanStep.NONE);
        assertThat(placeC.orphanStep()).isEqualTo(OrderUpdate.OrphanStep.NONE);
        assertThat(orphans.totalOrphans()).isZero();
    }

    @Test
    void forgetsAFinishedOrderAfterTheTerminalQuietTime() {
        OrderTracker orders = new OrderTracker(1_000, 5_000);
        orders.accept(placed("r", 0, Side.BUY, false, 10.0, 1.0));
        orders.accept(rejected("r", 100));

        orders.advanceTo(1_099);
        // Quiet for 999 ms since the rejection at 100: still remembered, a resend is a duplicate.
        assertThat(orders.size()).isEqualTo(1);
        assertThat(orders.accept(rejected("r", 100)).status()).isEqualTo(OrderUpdate.Status.DUPLICATE);

        orders.advanceTo(1_100);
        // Quiet for 1000 ms: forgotten, so the same resend now counts again (documented).
        assertThat(orders.size()).isZero();
        assertThat(orders.accept(rejected("r", 100)).status()).isEqualTo(OrderUpdate.Status.NEW);
    }

    @Test
    void forgetsAnOpenOrderAfterTheIdleQuietTime() {
        OrderTracker orders = new OrderTracker(1_000, 5_000);
        orders.accept(placed("open", 0, Side.BUY, false, 10.0, 1.0));
        orders.accept(acked("open", 10, 10.0));

        orders.advanceTo(5_009);
        // An acked order is not finished: it stays 5000 ms after its last event at 10.
        assertThat(orders.size()).isEqualTo(1);
        orders.advanceTo(5_010);
        assertThat(orders.size()).isZero();
    }

    @Test
    void fillsReachingTheQtyFinishTheOrder() {
        OrderTracker orders = new OrderTracker(1_000, 5_000);
        orders.accept(placed("f", 0, Side.BUY, false, 10.0, 3.0));
        orders.accept(fill("f", 100, Side.BUY, 1.0, 10.0));
        orders.accept(fill("f", 200, Side.BUY, 2.0, 10.0));

        // 1 + 2 = qty 3: finished at 200, forgotten 1000 ms later.
        orders.advanceTo(1_199);
        assertThat(orders.size()).isEqualTo(1);
        orders.advanceTo(1_200);
        assertThat(orders.size()).isZero();
    }

    @Test
    void eventsKeepTheOrderAliveByTheirTimeNotByArrival() {
        OrderTracker orders = new OrderTracker(1_000, 5_000);
        orders.accept(placed("o", 0, Side.BUY, false, 10.0, 1.0));
        orders.accept(canceled("o", 500));
        // A late event with an older ts does not extend the quiet time past 500 + 1000.
        orders.accept(acked("o", 20, 20.0));

        orders.advanceTo(1_500);
        assertThat(orders.size()).isZero();
    }

    @Test
    void fillWithoutPriceIsUnusable() {
        OrderTracker orders = OrderTracker.withDefaults();
        OrderEvent noPrice = new OrderEvent(10, OrderEventType.FILL, "x", SYMBOL, Side.BUY, "main", "m", false,
                null, null, null, null, 1.0, null, null);

        OrderUpdate update = orders.accept(noPrice);

        assertThat(update.status()).isEqualTo(OrderUpdate.Status.UNUSABLE);
        assertThat(update.problem()).contains("fill_px");
        assertThat(update.tca()).isNull();
        // Nothing was remembered of it.
        assertThat(orders.size()).isZero();
    }

    @Test
    void rejectsEventsWithoutIdentity() {
        OrderTracker orders = OrderTracker.withDefaults();
        assertThatThrownBy(() -> orders.accept(null)).hasMessageContaining("event is required");
        OrderEvent noId = new OrderEvent(1, OrderEventType.PLACED, null, SYMBOL, Side.BUY, "main", "m", false,
                null, null, null, null, null, null, null);
        assertThatThrownBy(() -> orders.accept(noId)).hasMessageContaining("event.orderId is required");
        assertThatThrownBy(() -> new OrderTracker(0, 1)).hasMessageContaining("terminalRetentionMs must be positive");
        assertThatThrownBy(() -> new OrderTracker(10, 5)).hasMessageContaining("idleRetentionMs must be at least");
    }

    @Test
    void countsEachDistinctEventOnceOverRandomResends() {
        Random random = new Random(424_242L);
        OrderTracker orders = OrderTracker.withDefaults();
        SloWindow all = new SloWindow(KitConfig.defaults().sloWindowMs(), 1);
        SloWindow canary = new SloWindow(KitConfig.defaults().sloWindowMs(), 1);
        List<OrderEvent> sent = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        Set<String> filledOrders = new HashSet<>();
        int newCount = 0;
        int tcaCount = 0;
        int firstFills = 0;

        for (int i = 0; i < 5_000; i++) {
            // Half the time resend an earlier event exactly, as an engine retrying would.
            OrderEvent e = !sent.isEmpty() && random.nextBoolean()
                    ? sent.get(random.nextInt(sent.size()))
                    : randomEvent(random, 1_000 + i / 10);
            sent.add(e);
            OrderUpdate update = orders.accept(e);
            update.applyTo(all, canary);
            boolean isNew = distinct.add(e.dedupKey());
            assertThat(update.isNew()).isEqualTo(isNew);
            if (isNew) {
                newCount++;
                if (e.event() == OrderEventType.FILL) {
                    tcaCount++;
                    filledOrders.add(e.orderId());
                }
            }
            if (update.firstFill()) {
                firstFills++;
            }
            if (update.tca() == null) {
                assertThat(isNew && e.event() == OrderEventType.FILL).isFalse();
            }
        }

        long distinctPlaced = distinct.stream().filter(k -> k.contains("|placed|")).count();
        long distinctFailed = distinct.stream().filter(k -> k.contains("|rejected|") || k.contains("|error|")).count();
        long distinctFills = distinct.stream().filter(k -> k.contains("|fill|")).count();
        assertThat(newCount).isEqualTo(distinct.size());
        assertThat(all.placed()).isEqualTo(distinctPlaced);
        assertThat(all.failures()).isEqualTo(distinctFailed);
        assertThat(all.fills()).isEqualTo(distinctFills).isEqualTo(tcaCount);
        assertThat(firstFills).isEqualTo(filledOrders.size());
        // The resends really happened.
        assertThat(sent.size() - distinct.size()).isGreaterThan(2_000);
    }

    private static OrderEvent randomEvent(Random random, long ts) {
        String id = "o" + random.nextInt(60);
        OrderEventType type = OrderEventType.values()[random.nextInt(OrderEventType.values().length)];
        Side side = id.hashCode() % 2 == 0 ? Side.BUY : Side.SELL;
        boolean isFill = type == OrderEventType.FILL;
        return new OrderEvent(ts, type, id, SYMBOL, side, "main", "m", id.hashCode() % 3 == 0,
                5.0, null, type == OrderEventType.PLACED ? 100.0 : null,
                type == OrderEventType.ACKED ? (double) random.nextInt(300) : null,
                isFill ? 1.0 + random.nextInt(2) : null, isFill ? 99.0 + random.nextInt(3) : null, null);
    }

    private static OrderEvent placed(String id, long ts, Side side, boolean canary, Double arrivalMid, Double qty) {
        return new OrderEvent(ts, OrderEventType.PLACED, id, SYMBOL, side, "main", "m-placed", canary,
                qty, null, arrivalMid, null, null, null, null);
    }

    private static OrderEvent acked(String id, long ts, Double placeMs) {
        return new OrderEvent(ts, OrderEventType.ACKED, id, SYMBOL, Side.BUY, "main", "m-ack", false,
                null, null, null, placeMs, null, null, null);
    }

    private static OrderEvent rejected(String id, long ts) {
        return new OrderEvent(ts, OrderEventType.REJECTED, id, SYMBOL, Side.BUY, "main", "m-reject", false,
                null, null, null, null, null, null, null);
    }

    private static OrderEvent canceled(String id, long ts) {
        return new OrderEvent(ts, OrderEventType.CANCELED, id, SYMBOL, Side.BUY, "main", "m-cancel", false,
                null, null, null, null, null, null, null);
    }

    private static OrderEvent fill(String id, long ts, Side side, double qty, double px) {
        return new OrderEvent(ts, OrderEventType.FILL, id, SYMBOL, side, "main", "m-fill", false,
                null, null, null, null, qty, px, null);
    }
}

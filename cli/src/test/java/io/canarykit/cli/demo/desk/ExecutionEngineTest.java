package io.canarykit.cli.demo.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Mode;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionEngineTest {

    private static final String CHAMP = "champion_1";
    private static final String CHALL = "challenger_1";

    private static GateDecision decision(long seq, long validUntil, boolean allow, Mode mode, double size, double share) {
        return new GateDecision("BTCUSDT", 1_000, seq, validUntil, allow, mode, size, List.of(), null,
                CHAMP, CHAMP, CHALL, false, share, 0.0, false, null);
    }

    private static ExecutionEngine engine(DeskBehaviour behaviour) {
        return new ExecutionEngine(100_000, 0.0015, behaviour, 7);
    }

    @Test
    void placesNothingBeforeAnyDecision() {
        assertThat(engine(DeskBehaviour.healthy()).order("BTCUSDT", 1_000, 100.0)).isEmpty();
    }

    @Test
    void placesNothingWhenTheDecisionHalts() {
        ExecutionEngine e = engine(DeskBehaviour.healthy());
        e.onDecision(decision(1, 10_000, false, Mode.HALTED, 0, 0));
        assertThat(e.order("BTCUSDT", 2_000, 100.0)).isEmpty();
    }

    @Test
    void stopsAtValidUntilSoADeadJobStopsTrading() {
        ExecutionEngine e = engine(DeskBehaviour.healthy());
        e.onDecision(decision(1, 5_000, true, Mode.NORMAL, 1, 0));
        assertThat(e.order("BTCUSDT", 4_999, 100.0)).isNotEmpty();
        assertThat(e.order("BTCUSDT", 5_000, 100.0)).isEmpty();
    }

    @Test
    void keepsTheHighestSeqWhateverTheArrivalOrder() {
        ExecutionEngine e = engine(DeskBehaviour.healthy());
        e.onDecision(decision(5, 10_000, false, Mode.HALTED, 0, 0));
        e.onDecision(decision(4, 10_000, true, Mode.NORMAL, 1, 0));
        assertThat(e.decision("BTCUSDT").seq()).isEqualTo(5);
        assertThat(e.mayTrade("BTCUSDT", 2_000)).isFalse();
    }

    @Test
    void sizesByRiskPerTradeAndTheSizeMultiplier() {
        ExecutionEngine e = engine(DeskBehaviour.healthy());
        // 100000 equity x 0.0015 risk = 150 at risk; a 1 % stop makes that 15000 notional;
        // halved by psi_warn: 7500 notional, at a price of 100: 75 units.
        assertThat(e.size(100.0, 0.5)).isCloseTo(75.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.size(100.0, 1.0)).isCloseTo(150.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void tellsPlacedAckedAndFillWithLatencyAndArrivalMid() {
        ExecutionEngine e = engine(new DeskBehaviour(20, 120, 0.5, 1.0, 0.5, 0, 0));
        e.onDecision(decision(1, 100_000, true, Mode.NORMAL, 1, 0));
        List<OrderEvent> events = e.order("BTCUSDT", 2_000, 100.0);
        assertThat(events).extracting(OrderEvent::event)
                .containsExactly(OrderEventType.PLACED, OrderEventType.ACKED, OrderEventType.FILL);
        OrderEvent acked = events.get(1);
        assertThat(acked.ts()).isBetween(2_020L, 2_139L);
        assertThat(acked.placeMs()).isEqualTo((double) (acked.ts() - 2_000));
        assertThat(events.get(0).arrivalMid()).isEqualTo(100.0);
        assertThat(events.get(2).ts()).isGreaterThan(acked.ts());
        assertThat(e.position("BTCUSDT")).isEqualTo(events.get(0).side().sign() * events.get(0).qty());
    }

    @Test
    void rejectsAsOftenAsTheVenueSays() {
        ExecutionEngine e = engine(new DeskBehaviour(20, 120, 0.5, 1.0, 0.5, 1.0, 0));
        e.onDecision(decision(1, 100_000, true, Mode.NORMAL, 1, 0));
        assertThat(e.order("BTCUSDT", 2_000, 100.0)).extracting(OrderEvent::event)
                .containsExactly(OrderEventType.PLACED, OrderEventType.REJECTED);
        assertThat(e.position("BTCUSDT")).isZero();
    }

    @Test
    void reduceOnlyOnlyClosesTheOpenPosition() {
        ExecutionEngine e = engine(new DeskBehaviour(20, 120, 0.5, 1.0, 0.5, 0, 0));
        e.onDecision(decision(1, 100_000, true, Mode.REDUCE_ONLY, 1, 0));
        assertThat(e.order("BTCUSDT", 2_000, 100.0)).as("no position, nothing to reduce").isEmpty();

        e.onDecision(decision(2, 100_000, true, Mode.NORMAL, 1, 0));
        e.order("BTCUSDT", 2_000, 100.0);
        double open = e.position("BTCUSDT");
        e.onDecision(decision(3, 100_000, true, Mode.REDUCE_ONLY, 1, 0));
        List<OrderEvent> closing = e.order("BTCUSDT", 3_000, 100.0);
        assertThat(closing.get(0).side().sign()).isEqualTo(open > 0 ? -1 : 1);
        assertThat(closing.get(0).qty()).isEqualTo(Math.abs(open));
        assertThat(e.position("BTCUSDT")).isZero();
    }

    @Test
    void routesToTheChallengerByTheHashRuleAndTheShare() {
        ExecutionEngine e = engine(new DeskBehaviour(20, 120, 0.5, 1.0, 0.5, 0, 0));
        e.onDecision(decision(1, 10_000_000, true, Mode.NORMAL, 1, 0.2));
        int canary = 0;
        int orders = 0;
        for (long t = 0; t < 4_000; t++) {
            List<OrderEvent> events = e.order("BTCUSDT", 2_000 + t, 100.0);
            if (events.isEmpty()) {
                continue;
            }
            OrderEvent placed = events.get(0);
            orders++;
            assertThat(placed.canary()).isEqualTo(CanaryRouting.toChallenger(placed.orderId(), 0.2));
            assertThat(placed.modelId()).isEqualTo(placed.canary() ? CHALL : CHAMP);
            canary += placed.canary() ? 1 : 0;
        }
        // About a fifth of the orders; 4000 draws keep the share within a few points.
        assertThat((double) canary / orders).isBetween(0.17, 0.23);
    }

    @Test
    void routesNothingToTheChallengerAtShareZero() {
        ExecutionEngine e = engine(DeskBehaviour.healthy());
        e.onDecision(decision(1, 10_000_000, true, Mode.NORMAL, 1, 0));
        for (long t = 0; t < 500; t++) {
            for (OrderEvent ev : e.order("BTCUSDT", 2_000 + t, 100.0)) {
                assertThat(ev.canary()).isFalse();
            }
        }
    }

    @Test
    void opensWithTheTrendAsOftenAsTheModelsAreRight() {
        ExecutionEngine e = engine(new DeskBehaviour(20, 120, 0.5, 1.0, 0.5, 0, 0));
        e.onDecision(decision(1, 10_000_000, true, Mode.NORMAL, 1, 0));
        int opened = 0;
        int withTrend = 0;
        for (long t = 0; t < 20_000; t++) {
            if (e.position("BTCUSDT") != 0) {
                e.onDecision(decision(2 + t, 10_000_000, true, Mode.REDUCE_ONLY, 1, 0));
                e.order("BTCUSDT", 2_000 + t, 100.0, 1e-5);
                e.onDecision(decision(3 + t, 10_000_000, true, Mode.NORMAL, 1, 0));
                continue;
            }
            List<OrderEvent> events = e.order("BTCUSDT", 2_000 + t, 100.0, 1e-5);
            opened++;
            withTrend += events.get(0).side().sign() > 0 ? 1 : 0;
        }
        // An up trend: buys SKILL = 70 % of the time; 10000 openings keep it within a point or two.
        assertThat((double) withTrend / opened).isBetween(0.68, 0.72);
    }

    @Test
    void scalesNewPositionsByTheConditionsSizeFactor() {
        ExecutionEngine e = engine(DeskBehaviour.healthy());
        e.onDecision(decision(1, 100_000, true, Mode.NORMAL, 0.5, 0));
        List<OrderEvent> events = e.order("BTCUSDT", 2_000, 100.0, 0, DeskConditions.healthy().withModels(0.7, 4));
        // 75 units at psi_warn's half size, four times over.
        assertThat(events.get(0).qty()).isCloseTo(300.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void modelsWithNoSkillAlwaysOpenAgainstTheTrend() {
        ExecutionEngine e = engine(new DeskBehaviour(20, 120, 0.5, 1.0, 0.5, 0, 0));
        DeskConditions wrong = DeskConditions.healthy().withVenue(new DeskBehaviour(20, 120, 0.5, 1.0, 0.5, 0, 0))
                .withModels(0, 1);
        for (long t = 0; t < 200; t++) {
            e.onDecision(decision(2 * t + 1, 10_000_000, true, Mode.NORMAL, 1, 0));
            if (e.position("BTCUSDT") != 0) {
                e.onDecision(decision(2 * t + 2, 10_000_000, true, Mode.REDUCE_ONLY, 1, 0));
                e.order("BTCUSDT", 2_000 + t, 100.0, -1e-4, wrong);
                continue;
            }
            List<OrderEvent> events = e.order("BTCUSDT", 2_000 + t, 100.0, -1e-4, wrong);
            assertThat(events.get(0).side()).as("a falling market, bought").isEqualTo(io.canarykit.schema.Side.BUY);
        }
    }

    @Test
    void theConditionsVenueDecidesLatencyAndErrors() {
        ExecutionEngine e = engine(DeskBehaviour.healthy());
        e.onDecision(decision(1, 100_000, true, Mode.NORMAL, 1, 0));
        DeskConditions slow = DeskConditions.healthy().withVenue(new DeskBehaviour(450, 300, 0.5, 1.0, 0.6, 0, 0));
        List<OrderEvent> acked = e.order("BTCUSDT", 2_000, 100.0, 0, slow);
        assertThat(acked.get(1).placeMs()).isBetween(450.0, 749.0);

        DeskConditions failing = DeskConditions.healthy().withVenue(new DeskBehaviour(20, 120, 0.5, 1.0, 0.6, 0, 1.0));
        assertThat(e.order("BTCUSDT", 3_000, 100.0, 0, failing)).extracting(OrderEvent::event)
                .containsExactly(OrderEventType.PLACED, OrderEventType.ERROR);
    }

    @Test
    void fillsTheChallengerAtItsOwnSlippage() {
        ExecutionEngine e = engine(DeskBehaviour.healthy());
        e.onDecision(decision(1, 10_000_000, true, Mode.NORMAL, 1, 0.25));
        DeskConditions bad = DeskConditions.healthy().withVenue(new DeskBehaviour(20, 120, 0.5, 0.0, 10.0, 0, 0));
        int canaryFills = 0;
        for (long t = 0; t < 400; t++) {
            for (OrderEvent ev : e.order("BTCUSDT", 2_000 + t, 100.0, 0, bad)) {
                if (ev.event() == OrderEventType.FILL) {
                    double slipBps = ev.side().sign() * (ev.fillPx() - 100.0) / 100.0 * 1e4;
                    assertThat(slipBps).isCloseTo(ev.canary() ? 10.0 : 0.5, org.assertj.core.data.Offset.offset(1e-6));
                    canaryFills += ev.canary() ? 1 : 0;
                }
            }
        }
        assertThat(canaryFills).isPositive();
    }

    private static GateDecision inRollout(long seq, double share, RolloutState state, boolean shadow) {
        RolloutStatus rollout = new RolloutStatus(state, 0, 4, share, shadow, 1_000, null, "started", List.of(), null);
        return new GateDecision("BTCUSDT", 1_000, seq, 10_000_000, true, Mode.NORMAL, 1, List.of(), null,
                CHAMP, CHAMP, CHALL, false, share, 0.0, false, null, rollout);
    }

    @Test
    void tradesTheChallengerOnPaperBesideEveryLiveOrderDuringAShadowStep() {
        ExecutionEngine e = engine(new DeskBehaviour(20, 120, 0.5, 0.0, 10.0, 0, 0));
        e.onDecision(inRollout(1, 0, RolloutState.RUNNING, true));
        int orders = 0;
        for (long t = 0; t < 200; t++) {
            List<OrderEvent> events = e.order("BTCUSDT", 2_000 + t, 100.0);
            if (events.isEmpty()) {
                continue;
            }
            orders++;
            List<OrderEvent> live = events.stream().filter(ev -> !ev.shadow()).toList();
            List<OrderEvent> paper = events.stream().filter(OrderEvent::shadow).toList();
            // Placed, acked, filled: each order tells three events, the live one and its paper twin.
            assertThat(live).hasSize(3).allSatisfy(ev -> {
                assertThat(ev.canary()).isFalse();
                assertThat(ev.modelId()).isEqualTo(CHAMP);
            });
            assertThat(paper).hasSize(3).allSatisfy(ev -> {
                assertThat(ev.canary()).isTrue();
                assertThat(ev.modelId()).isEqualTo(CHALL);
                assertThat(ev.orderId()).isEqualTo(live.get(0).orderId() + "-paper");
                assertThat(ev.side()).isEqualTo(live.get(0).side());
                assertThat(ev.qty()).isEqualTo(live.get(0).qty());
            });
            // The twin fills at the challenger's slippage (10 bps), the live order at the champion's (0.5).
            OrderEvent paperFill = paper.get(2);
            OrderEvent liveFill = live.get(2);
            assertThat(paperFill.side().sign() * (paperFill.fillPx() - 100.0) / 100.0 * 1e4).isCloseTo(10.0, within(1e-6));
            assertThat(liveFill.side().sign() * (liveFill.fillPx() - 100.0) / 100.0 * 1e4).isCloseTo(0.5, within(1e-6));
            assertThat(events).isSortedAccordingTo(java.util.Comparator.comparingLong(OrderEvent::ts));
            // As the job reads them off kit.orders: a canary paper order is valid input, not a DLQ record.
            for (OrderEvent ev : paper) {
                var read = io.canarykit.schema.codec.InputDecoder.order(io.canarykit.schema.codec.JsonCodec.encode(ev));
                assertThat(read.isAccepted()).as("%s", read).isTrue();
                assertThat(read.value().shadow()).isTrue();
                assertThat(read.value().canary()).isTrue();
            }
        }
        assertThat(orders).isPositive();
    }

    @Test
    void paperFillsMoveNoPosition() {
        ExecutionEngine e = engine(new DeskBehaviour(20, 120, 0.5, 0.0, 0.6, 0, 0));
        e.onDecision(inRollout(1, 0, RolloutState.RUNNING, true));
        List<OrderEvent> events = List.of();
        for (long t = 0; events.isEmpty(); t++) {
            events = e.order("BTCUSDT", 2_000 + t, 100.0);
        }
        OrderEvent liveFill = events.stream().filter(ev -> !ev.shadow() && ev.event() == OrderEventType.FILL)
                .findFirst().orElseThrow();
        // One live fill of q: the position is q (signed), not 2q.
        assertThat(e.position("BTCUSDT")).isEqualTo(liveFill.side().sign() * liveFill.fillQty());
    }

    @Test
    void sendsNoPaperOrdersOutsideAShadowStep() {
        for (GateDecision d : List.of(
                inRollout(1, 0.05, RolloutState.RUNNING, false),
                inRollout(1, 0, RolloutState.ABORTED, true),
                inRollout(1, 0, RolloutState.COMPLETED, true),
                decision(1, 10_000_000, true, Mode.NORMAL, 1, 0))) {
            ExecutionEngine e = engine(DeskBehaviour.healthy());
            e.onDecision(d);
            for (long t = 0; t < 200; t++) {
                assertThat(e.order("BTCUSDT", 2_000 + t, 100.0)).as("%s", d.rollout()).noneMatch(OrderEvent::shadow);
            }
        }
        // A paused shadow step still trades on paper: it is held, not over.
        ExecutionEngine paused = engine(DeskBehaviour.healthy());
        paused.onDecision(inRollout(1, 0, RolloutState.PAUSED, true));
        boolean anyPaper = false;
        for (long t = 0; t < 200; t++) {
            anyPaper |= paused.order("BTCUSDT", 2_000 + t, 100.0).stream().anyMatch(OrderEvent::shadow);
        }
        assertThat(anyPaper).isTrue();
    }

    @Test
    void isArmedWhileAValidDecisionNoLongerSaysDisarmed() {
        ExecutionEngine e = engine(DeskBehaviour.healthy());
        assertThat(e.armed(1_000)).isFalse();
        e.onDecision(new GateDecision("BTCUSDT", 1_000, 1, 16_000, false, Mode.HALTED, 0,
                List.of(io.canarykit.schema.GateReason.DISARMED, io.canarykit.schema.GateReason.PREFLIGHT), null,
                CHAMP, CHAMP, CHALL, false, 0, 0.0, false, null));
        assertThat(e.armed(2_000)).isFalse();
        e.onDecision(new GateDecision("BTCUSDT", 2_000, 2, 17_000, false, Mode.HALTED, 0,
                List.of(io.canarykit.schema.GateReason.PREFLIGHT), null, CHAMP, CHAMP, CHALL, false, 0, 0.0, false, null));
        assertThat(e.armed(2_000)).isTrue();
        // An expired decision, such as the last run's on the compacted topic, does not start a story.
        assertThat(e.armed(17_000)).isFalse();
    }

    @Test
    void bucketIsStableAndInRange() {
        // CRC-32("sim-1") is fixed; the bucket is its value mod 10000.
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("sim-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(CanaryRouting.bucket("sim-1")).isEqualTo((int) (crc.getValue() % 10_000));
        assertThatThrownBy(() -> CanaryRouting.toChallenger("x", 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("canaryShare");
    }
}

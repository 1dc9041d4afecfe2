package io.canarykit.operators.risk;

import static io.canarykit.schema.Side.BUY;
import static io.canarykit.schema.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RiskBudgetTest {

    private static final double EPS = 1e-9;
    private static final long MIDNIGHT = Instant.parse("2024-03-10T00:00:00Z").toEpochMilli();
    private static final long START = MIDNIGHT - 10 * 3_600_000L;
    private static final RiskLimits LIMITS = new RiskLimits(100_000, 0.01, 8, 0.25);

    private final RiskBudget budget = new RiskBudget(LIMITS, START);

    @Test
    void startsTheDayWithAFullBudget() {
        RiskSnapshot s = budget.snapshot();

        assertThat(s.budgetLeft()).isEqualTo(1.0);
        assertThat(s.ddToday()).isEqualTo(0.0);
        assertThat(s.tradesToday()).isZero();
        assertThat(s.totalTrades()).isZero();
        assertThat(s.canaryTradesTotal()).isZero();
        assertThat(s.openPositions()).isZero();
        assertThat(s.canaryNotionalShare()).isNull();
        assertThat(s.equity()).isEqualTo(100_000.0);
        assertThat(s.startOfDayEquity()).isEqualTo(100_000.0);
        assertThat(s.peakEquity()).isEqualTo(100_000.0);
        assertThat(s.gate()).isFalse();
        assertThat(s.canaryCapReached()).isFalse();
        assertThat(s.day()).isEqualTo("2024-03-09");
        assertThat(s.ts()).isEqualTo(START);
        assertThat(s.lastResetTs()).isNull();
        assertThat(s.limits()).isEqualTo(LIMITS);
    }

    @Test
    void aShadowOrdersPaperFillDoesNotCount() {
        OrderEvent live = fill(START + 1, "o1", "AAA", BUY, 10, 100, 1.5, true);
        OrderEvent paper = new OrderEvent(START + 2, OrderEventType.FILL, "s1", "AAA", SELL, "main", "challenger", true,
                50.0, 90.0, null, null, 50.0, 90.0, 4.5, true);

        assertThat(budget.onFill(live)).isTrue();
        assertThat(budget.onFill(paper)).isFalse();

        // Only the live buy: 10 @ 100 held, fee 1.5, one canary trade, all the notional canary.
        RiskSnapshot s = budget.snapshot();
        assertThat(s.fees()).isCloseTo(1.5, within(EPS));
        assertThat(s.realisedPnl()).isCloseTo(0.0, within(EPS));
        assertThat(s.tradesToday()).isEqualTo(1);
        assertThat(s.canaryTradesTotal()).isEqualTo(1);
        assertThat(s.canaryNotionalShare()).isEqualTo(1.0);
        assertThat(s.openPositions()).isEqualTo(1);
        assertThat(budget.holding("AAA").qty()).isCloseTo(10.0, within(EPS));
    }

    @Test
    void equityAddsRealisedAndUnrealisedAndSubtractsFees() {
        budget.onFill(fill(START + 1, "o1", "AAA", BUY, 10, 100, 1.5, false));
        budget.onMark("AAA", START + 2, 101);
        budget.onFill(fill(START + 3, "o2", "AAA", SELL, 4, 103, 0.5, false));
        budget.onMark("AAA", START + 4, 102);

        RiskSnapshot s = budget.snapshot();

        // Realised (103 - 100) * 4 = 12; 6 left @ 100 marked at 102: unrealised 12; fees 1.5 + 0.5 = 2.
        // Equity 100000 + 12 - 2 + 12 = 100022.
        assertThat(s.realisedPnl()).isCloseTo(12.0, within(EPS));
        assertThat(s.unrealisedPnl()).isCloseTo(12.0, within(EPS));
        assertThat(s.fees()).isCloseTo(2.0, within(EPS));
        assertThat(s.equity()).isCloseTo(100_022.0, within(EPS));
        assertThat(s.openPositions()).isEqualTo(1);
    }

    @Test
    void feeRebateRaisesEquityAndMissingFeeCostsNothing() {
        budget.onFill(fill(START + 1, "o1", "AAA", BUY, 1, 100, -0.25, false));
        budget.onFill(fill(START + 2, "o2", "AAA", BUY, 1, 100, null, false));

        // Fees -0.25 + 0; unmarked positions at average cost: equity 100000 + 0.25.
        assertThat(budget.snapshot().fees()).isCloseTo(-0.25, within(EPS));
        assertThat(budget.snapshot().equity()).isCloseTo(100_000.25, within(EPS));
    }

    @Test
    void shortPositionGainsWhenTheMarkFalls() {
        budget.onFill(fill(START + 1, "o1", "BBB", SELL, 20, 50, 0.0, false));
        budget.onMark("BBB", START + 2, 48);

        // (48 - 50) * -20 = +40.
        assertThat(budget.snapshot().unrealisedPnl()).isCloseTo(40.0, within(EPS));
        assertThat(budget.snapshot().equity()).isCloseTo(100_040.0, within(EPS));
    }

    @Test
    void drawdownIsMeasuredFromTheDaysPeakAfterARiseThenAFall() {
        riseThenFall();

        RiskSnapshot s = budget.snapshot();

        // Long 100 @ 100. Mark 105: equity 100500 (the peak). Mark 98: 100000 - 200 = 99800.
        // dd = (100500 - 99800) / 100000 = 0.007; drawdown term 0.007 / 0.01 = 0.7 beats trades 1/8.
        assertThat(s.peakEquity()).isCloseTo(100_500.0, within(EPS));
        assertThat(s.equity()).isCloseTo(99_800.0, within(EPS));
        assertThat(s.ddToday()).isCloseTo(0.007, within(EPS));
        assertThat(s.budgetLeft()).isCloseTo(0.3, within(EPS));
        assertThat(s.gate()).isFalse();

        budget.onMark("AAA", START + 4, 103);

        // Equity 100300; the peak stays 100500: dd = 200 / 100000 = 0.002, budget 1 - 0.2 = 0.8.
        assertThat(budget.snapshot().peakEquity()).isCloseTo(100_500.0, within(EPS));
        assertThat(budget.snapshot().ddToday()).isCloseTo(0.002, within(EPS));
        assertThat(budget.snapshot().budgetLeft()).isCloseTo(0.8, within(EPS));
    }

    @Test
    void tradeTermWinsWhenItIsLargerThanTheDrawdownTerm() {
        for (int i = 1; i <= 4; i++) {
            budget.onFill(fill(START + i, "o" + i, "AAA", BUY, 1, 100, 0.0, false));
        }
        assertThat(budget.snapshot().budgetLeft()).isCloseTo(0.5, within(EPS));

        budget.onMark("AAA", START + 10, 99.5);

        // Long 4 @ 100 at 99.5: equity 99998, dd = 2 / 100000 = 0.00002, term 0.002; trades 4/8 = 0.5 wins.
        assertThat(budget.snapshot().ddToday()).isCloseTo(0.00002, within(EPS));
        assertThat(budget.snapshot().budgetLeft()).isCloseTo(0.5, within(EPS));
    }

    @Test
    void budgetReachesExactlyZeroAndTripsTheGateAtMaxTrades() {
        for (int i = 1; i <= 7; i++) {
            budget.onFill(fill(START + i, "o" + i, "AAA", BUY, 1, 100, 0.0, false));
        }
        // 1 - 7/8 = 0.125
        assertThat(budget.snapshot().budgetLeft()).isCloseTo(0.125, within(EPS));
        assertThat(budget.snapshot().gate()).isFalse();

        budget.onFill(fill(START + 8, "o8", "AAA", BUY, 1, 100, 0.0, false));

        // 1 - 8/8 = 0
        assertThat(budget.snapshot().budgetLeft()).isEqualTo(0.0);
        assertThat(budget.snapshot().gate()).isTrue();
    }

    @Test
    void gateTripsWhenDrawdownReachesTheCapExactly() {
        budget.onFill(fill(START + 1, "o1", "AAA", BUY, 100, 100, 0.0, false));
        budget.onMark("AAA", START + 2, 90.01);
        // (90.01 - 100) * 100 = -999: dd 0.00999, budget 1 - 0.999 = 0.001, still open.
        assertThat(budget.snapshot().budgetLeft()).isCloseTo(0.001, within(EPS));
        assertThat(budget.snapshot().gate()).isFalse();

        budget.onMark("AAA", START + 3, 90);

        // (90 - 100) * 100 = -1000: dd = 1000 / 100000 = 0.01 = MAX_DAILY_DRAWDOWN_PCT.
        assertThat(budget.snapshot().ddToday()).isEqualTo(0.01);
        assertThat(budget.snapshot().budgetLeft()).isEqualTo(0.0);
        assertThat(budget.snapshot().gate()).isTrue();
    }

    @Test
    void manyFillsOfOneOrderCountOneTrade() {
        budget.onFill(fill(START + 1, "o1", "AAA", BUY, 1, 100, 0.0, true));
        budget.onFill(fill(START + 2, "o1", "AAA", BUY, 2, 101, 0.0, true));
        budget.onFill(fill(START + 3, "o1", "AAA", BUY, 1, 102, 0.0, true));

        RiskSnapshot s = budget.snapshot();

        assertThat(s.tradesToday()).isEqualTo(1);
        assertThat(s.totalTrades()).isEqualTo(1);
        assertThat(s.canaryTradesTotal()).isEqualTo(1);
        // (100 + 202 + 102) / 4 = 101
        assertThat(budget.holding("AAA").qty()).isEqualTo(4.0);
        assertThat(budget.holding("AAA").avgCost()).isCloseTo(101.0, within(EPS));
    }

    @Test
    void duplicateFillCountsOnce() {
        OrderEvent f = fill(START + 1, "o1", "AAA", BUY, 2, 100, 1.0, true);

        assertThat(budget.onFill(f)).isTrue();
        assertThat(budget.onFill(f)).isFalse();

        RiskSnapshot s = budget.snapshot();
        assertThat(budget.holding("AAA").qty()).isEqualTo(2.0);
        assertThat(s.fees()).isEqualTo(1.0);
        assertThat(s.tradesToday()).isEqualTo(1);
        assertThat(s.canaryTradesTotal()).isEqualTo(1);
        assertThat(s.canaryNotionalShare()).isEqualTo(1.0);
    }

    @Test
    void fillThatDiffersOnlyInTimestampIsNotADuplicate() {
        assertThat(budget.onFill(fill(START + 1, "o1", "AAA", BUY, 2, 100, 0.0, false))).isTrue();
        assertThat(budget.onFill(fill(START + 2, "o1", "AAA", BUY, 2, 100, 0.0, false))).isTrue();

        assertThat(budget.holding("AAA").qty()).isEqualTo(4.0);
        assertThat(budget.snapshot().tradesToday()).isEqualTo(1);
    }

    @Test
    void canaryNotionalShareReachesTheCap() {
        budget.onFill(fill(START + 1, "champ", "AAA", BUY, 3, 100, 0.0, false));
        // Champion 300 of 300: share 0.
        assertThat(budget.snapshot().canaryNotionalShare()).isEqualTo(0.0);
        assertThat(budget.snapshot().canaryCapReached()).isFalse();

        budget.onFill(fill(START + 2, "canary", "AAA", SELL, 1, 100, 0.0, true));

        // Canary 100 of 400 = 0.25 >= cap 0.25.
        RiskSnapshot s = budget.snapshot();
        assertThat(s.canaryNotionalShare()).isEqualTo(0.25);
        assertThat(s.canaryCapReached()).isTrue();
        assertThat(s.canaryTradesTotal()).isEqualTo(1);
        assertThat(s.totalTrades()).isEqualTo(2);

        budget.onFill(fill(START + 3, "canary", "AAA", SELL, 1, 100, 0.0, true));

        // A second fill of the same canary order: 200 of 500 = 0.4; still one canary trade.
        assertThat(budget.snapshot().canaryNotionalShare()).isCloseTo(0.4, within(EPS));
        assertThat(budget.snapshot().canaryTradesTotal()).isEqualTo(1);
    }

    @Test
    void zeroCanaryCapIsReachedEvenBeforeAnyFill() {
        RiskBudget noCanary = new RiskBudget(new RiskLimits(100_000, 0.01, 8, 0.0), START);

        assertThat(noCanary.snapshot().canaryNotionalShare()).isNull();
        assertThat(noCanary.snapshot().canaryCapReached()).isTrue();
    }

    @Test
    void rollsOverExactlyAtUtcMidnightCarryingPositions() {
        budget.onFill(fill(MIDNIGHT - 3_600_000, "o1", "AAA", BUY, 10, 100, 0.0, true));
        budget.onFill(fill(MIDNIGHT - 1_800_000, "o2", "AAA", SELL, 4, 105, 0.0, false));
        budget.onMark("AAA", MIDNIGHT - 1, 102);

        // 23:59:59.999 is still the old day. Realised (105 - 100) * 4 = 20; 6 @ 100 at 102: +12.
        RiskSnapshot before = budget.snapshot();
        assertThat(before.day()).isEqualTo("2024-03-09");
        assertThat(before.tradesToday()).isEqualTo(2);
        assertThat(before.equity()).isCloseTo(100_032.0, within(EPS));

        budget.onMark("AAA", MIDNIGHT, 101);

        // 00:00:00.000 opens the new day at the equity before the mark, 100032 (also the peak).
        // After it: 100000 + 20 + (101 - 100) * 6 = 100026; dd = 6 / 100032.
        RiskSnapshot after = budget.snapshot();
        assertThat(after.day()).isEqualTo("2024-03-10");
        assertThat(after.startOfDayEquity()).isCloseTo(100_032.0, within(EPS));
        assertThat(after.peakEquity()).isCloseTo(100_032.0, within(EPS));
        assertThat(after.equity()).isCloseTo(100_026.0, within(EPS));
        assertThat(after.ddToday()).isCloseTo(6.0 / 100_032.0, within(EPS));
        assertThat(after.budgetLeft()).isCloseTo(1 - (6.0 / 100_032.0) / 0.01, within(EPS));
        assertThat(after.tradesToday()).isZero();
        assertThat(after.totalTrades()).isZero();
        assertThat(after.canaryTradesTotal()).isZero();
        assertThat(after.canaryNotionalShare()).isNull();
        // The day's own P&L: the 20 realised yesterday is in the start-of-day equity, not today's
        // realised; the carried 6 @ 100 was worth +12 at the open and is +6 now, so -6 today.
        assertThat(after.realisedPnl()).isCloseTo(0.0, within(EPS));
        assertThat(after.fees()).isCloseTo(0.0, within(EPS));
        assertThat(after.unrealisedPnl()).isCloseTo(-6.0, within(EPS));
        assertThat(after.openPositions()).isEqualTo(1);
        assertThat(budget.holding("AAA").qty()).isEqualTo(6.0);
        assertThat(budget.holding("AAA").avgCost()).isEqualTo(100.0);
    }

    @Test
    void advancingTheClockAloneClosesTheDay() {
        for (int i = 1; i <= 8; i++) {
            budget.onFill(fill(START + i, "o" + i, "AAA", BUY, 1, 100, 0.0, false));
        }
        budget.advanceTo(MIDNIGHT - 1);
        assertThat(budget.snapshot().gate()).isTrue();

        budget.advanceTo(MIDNIGHT);

        assertThat(budget.snapshot().day()).isEqualTo("2024-03-10");
        assertThat(budget.snapshot().budgetLeft()).isEqualTo(1.0);
        assertThat(budget.snapshot().gate()).isFalse();
        assertThat(budget.snapshot().ts()).isEqualTo(MIDNIGHT);
    }

    @Test
    void clockNeverMovesBackwards() {
        budget.advanceTo(MIDNIGHT + 5_000);

        budget.advanceTo(MIDNIGHT - 5_000);
        budget.onMark("AAA", MIDNIGHT - 4_000, 100);

        assertThat(budget.snapshot().ts()).isEqualTo(MIDNIGHT + 5_000);
        assertThat(budget.snapshot().day()).isEqualTo("2024-03-10");
    }

    @Test
    void lateFillFromTheClosedDayCountsToday() {
        budget.advanceTo(MIDNIGHT + 1);

        budget.onFill(fill(MIDNIGHT - 5_000, "late", "AAA", BUY, 1, 100, 0.0, false));

        assertThat(budget.snapshot().day()).isEqualTo("2024-03-10");
        assertThat(budget.snapshot().tradesToday()).isEqualTo(1);
        assertThat(budget.holding("AAA").qty()).isEqualTo(1.0);
    }

    @Test
    void duplicateResentAfterMidnightStillCountsOnce() {
        OrderEvent f = fill(MIDNIGHT - 1_000, "o1", "AAA", BUY, 1, 100, 0.0, false);
        budget.onFill(f);
        budget.advanceTo(MIDNIGHT + 5_000);

        assertThat(budget.onFill(f)).isFalse();

        assertThat(budget.holding("AAA").qty()).isEqualTo(1.0);
        assertThat(budget.snapshot().tradesToday()).isZero();
    }

    @Test
    void dedupForgetsFillsOlderThanThePreviousDay() {
        OrderEvent f = fill(MIDNIGHT - 1_000, "o1", "AAA", BUY, 1, 100, 0.0, false);
        budget.onFill(f);
        budget.advanceTo(MIDNIGHT + 86_400_000L);

        // Two days on, the key has been dropped to keep the set bounded: the fill counts again.
        assertThat(budget.onFill(f)).isTrue();
        assertThat(budget.holding("AAA").qty()).isEqualTo(2.0);
    }

    @Test
    void resetRestoresTheBudgetButKeepsTheDaysDrawdownAndTradeCounts() {
        riseThenFall();
        budget.onFill(fill(START + 5, "o2", "BBB", BUY, 1, 10, 0.0, false));
        budget.onFill(fill(START + 6, "o3", "BBB", SELL, 1, 10, 0.0, true));
        // dd 0.007 -> term 0.7; trades 3/8 = 0.375; budget 0.3.
        assertThat(budget.snapshot().budgetLeft()).isCloseTo(0.3, within(EPS));

        budget.reset(START + 10);

        RiskSnapshot s = budget.snapshot();
        assertThat(s.budgetLeft()).isEqualTo(1.0);
        // The budget's baseline restarts; the day's true drawdown (100500 - 99800) / 100000 stays.
        assertThat(s.ddSinceReset()).isEqualTo(0.0);
        assertThat(s.ddToday()).isCloseTo(0.007, within(EPS));
        assertThat(s.tradesSinceReset()).isZero();
        assertThat(s.tradesToday()).isEqualTo(3);
        assertThat(s.totalTrades()).isEqualTo(3);
        assertThat(s.canaryTradesTotal()).isEqualTo(1);
        // Canary 10 of 10000 + 10 + 10 notional: the share is a day figure and stays.
        assertThat(s.canaryNotionalShare()).isCloseTo(10.0 / 10_020.0, within(EPS));
        assertThat(s.startOfDayEquity()).isEqualTo(100_000.0);
        assertThat(s.peakEquity()).isCloseTo(100_500.0, within(EPS));
        assertThat(s.gate()).isFalse();
        assertThat(s.lastResetTs()).isEqualTo(START + 10);
        assertThat(s.ts()).isEqualTo(START + 10);

        budget.onMark("AAA", START + 11, 97);
        // Long 100 @ 100 at 97: equity 99700; dd from the reset peak = 100 / 100000 = 0.001 -> 0.9;
        // from the day's peak (100500 - 99700) / 100000 = 0.008.
        assertThat(budget.snapshot().budgetLeft()).isCloseTo(0.9, within(EPS));
        assertThat(budget.snapshot().ddSinceReset()).isCloseTo(0.001, within(EPS));
        assertThat(budget.snapshot().ddToday()).isCloseTo(0.008, within(EPS));

        budget.onFill(fill(START + 12, "o1", "AAA", BUY, 1, 97, 0.0, false));
        // o1 filled before the reset; its new fill is a trade for the budget (1/8 = 0.125 beats 0.1)
        // but not a new trade of the day.
        assertThat(budget.snapshot().tradesSinceReset()).isEqualTo(1);
        assertThat(budget.snapshot().tradesToday()).isEqualTo(3);
        assertThat(budget.snapshot().totalTrades()).isEqualTo(3);
        assertThat(budget.snapshot().budgetLeft()).isCloseTo(0.875, within(EPS));
    }

    @Test
    void aDrawdownPastTheCapAfterAResetIsTheDaysButDoesNotTripTheBudget() {
        riseThenFall();
        budget.reset(START + 10);
        // Long 100 @ 100 at 97.5: equity 99750. Since the reset (peak 99800): 50 / 100000 = 0.0005.
        // The day's (peak 100500): 750 / 100000 = 0.0075. Then 95.5: 99550; 0.0025 and 0.0095.
        budget.onMark("AAA", START + 11, 97.5);
        budget.onMark("AAA", START + 12, 95.5);

        RiskSnapshot s = budget.snapshot();
        assertThat(s.ddSinceReset()).isCloseTo(0.0025, within(EPS));
        assertThat(s.ddToday()).isCloseTo(0.0095, within(EPS));
        // The budget reads the drawdown since the reset: 1 - 0.25 = 0.75.
        assertThat(s.budgetLeft()).isCloseTo(0.75, within(EPS));

        // 94.5: equity 99450; the day's dd is 0.0105, past the 1% cap, but the budget's is 0.0035.
        budget.onMark("AAA", START + 13, 94.5);
        assertThat(budget.snapshot().ddToday()).isCloseTo(0.0105, within(EPS));
        assertThat(budget.snapshot().gate()).isFalse();
        assertThat(budget.snapshot().budgetLeft()).isCloseTo(0.65, within(EPS));
    }

    @Test
    void resetOnALaterDayClosesTheOldDayFirst() {
        riseThenFall();

        budget.reset(MIDNIGHT + 1);

        assertThat(budget.snapshot().day()).isEqualTo("2024-03-10");
        assertThat(budget.snapshot().startOfDayEquity()).isCloseTo(99_800.0, within(EPS));
        assertThat(budget.snapshot().budgetLeft()).isEqualTo(1.0);

        budget.advanceTo(MIDNIGHT + 86_400_000L);
        assertThat(budget.snapshot().lastResetTs()).isNull();
    }

    @Test
    void setLimitsChangesWhichTermWins() {
        riseThenFall();
        assertThat(budget.snapshot().budgetLeft()).isCloseTo(0.3, within(EPS));

        budget.setLimits(new RiskLimits(100_000, 0.02, 8, 0.25));
        // dd 0.007 / 0.02 = 0.35 beats 1/8: budget 0.65.
        assertThat(budget.snapshot().budgetLeft()).isCloseTo(0.65, within(EPS));

        budget.setLimits(new RiskLimits(100_000, 0.02, 2, 0.25));
        // Trades 1/2 = 0.5 now beats 0.35: budget 0.5.
        assertThat(budget.snapshot().budgetLeft()).isCloseTo(0.5, within(EPS));
        assertThat(budget.snapshot().limits().maxTradesPerDay()).isEqualTo(2);
    }

    @Test
    void accountEquityChangeMovesTheBaseWithoutCreatingDrawdown() {
        riseThenFall();

        budget.setLimits(new RiskLimits(200_000, 0.01, 8, 0.25));

        // Capital +100000: equity 199800, start 200000, peak 200500; dd = 700 / 200000 = 0.0035.
        RiskSnapshot s = budget.snapshot();
        assertThat(s.equity()).isCloseTo(199_800.0, within(EPS));
        assertThat(s.startOfDayEquity()).isCloseTo(200_000.0, within(EPS));
        assertThat(s.peakEquity()).isCloseTo(200_500.0, within(EPS));
        assertThat(s.ddToday()).isCloseTo(0.0035, within(EPS));
        assertThat(s.budgetLeft()).isCloseTo(0.65, within(EPS));
    }

    @Test
    void losingMoreThanTheStartOfDayEquityFailsClosed() {
        budget.onFill(fill(START + 1, "o1", "AAA", BUY, 1_000, 100, 0.0, false));
        budget.onMark("AAA", START + 2, 1);
        // (1 - 100) * 1000 = -99000 -> equity 1000; a further fall to a tiny mark takes it below 0.
        budget.onFill(fill(START + 3, "o2", "AAA", BUY, 1_000, 1, 0.0, false));
        budget.onMark("AAA", START + 4, 0.001);
        budget.advanceTo(MIDNIGHT);

        RiskSnapshot s = budget.snapshot();
        assertThat(s.startOfDayEquity()).isNegative();
        assertThat(s.ddToday()).isNull();
        assertThat(s.budgetLeft()).isEqualTo(0.0);
        assertThat(s.gate()).isTrue();
    }

    @Test
    void rejectedFillChangesNothing() {
        OrderEvent placed = new OrderEvent(MIDNIGHT + 1, OrderEventType.PLACED, "o1", "AAA", BUY, "main", "m",
                false, 1.0, 100.0, 100.0, null, null, null, null);

        assertThatThrownBy(() -> budget.onFill(placed)).hasMessageContaining("fill event");
        assertThatThrownBy(() -> budget.onFill(fill(MIDNIGHT + 1, "o1", "AAA", BUY, -1, 100, 0.0, false)))
                .hasMessageContaining("fill_qty");
        assertThatThrownBy(() -> budget.onFill(fill(MIDNIGHT + 1, "o1", "AAA", BUY, 1, 0, 0.0, false)))
                .hasMessageContaining("fill_px");
        assertThatThrownBy(() -> budget.onFill(fill(MIDNIGHT + 1, "o1", "AAA", BUY, 1, 1, Double.NaN, false)))
                .hasMessageContaining("fee");
        assertThatThrownBy(() -> budget.onFill(fill(MIDNIGHT + 1, null, "AAA", BUY, 1, 1, 0.0, false)))
                .hasMessageContaining("order_id");
        assertThatThrownBy(() -> budget.onFill(fill(MIDNIGHT + 1, "o1", "", BUY, 1, 1, 0.0, false)))
                .hasMessageContaining("symbol");
        assertThatThrownBy(() -> budget.onFill(fill(MIDNIGHT + 1, "o1", "AAA", null, 1, 1, 0.0, false)))
                .hasMessageContaining("side");
        assertThatThrownBy(() -> budget.onFill(null)).hasMessageContaining("fill");
        assertThatThrownBy(() -> budget.onMark("AAA", MIDNIGHT + 1, Double.POSITIVE_INFINITY))
                .hasMessageContaining("mid");

        // None of them moved the clock into the next day or touched a position.
        assertThat(budget.snapshot().day()).isEqualTo("2024-03-09");
        assertThat(budget.snapshot().ts()).isEqualTo(START);
        assertThat(budget.holding("AAA").qty()).isZero();
    }

    @Test
    void fillWithoutQuantityIsRejectedNamingTheField() {
        OrderEvent noQty = new OrderEvent(START + 1, OrderEventType.FILL, "o1", "AAA", BUY, "main", "m",
                false, null, null, null, null, null, 100.0, null);

        assertThatThrownBy(() -> budget.onFill(noQty)).hasMessageContaining("fill_qty is required");
    }

    @Test
    void rejectsLimitsOutOfRange() {
        assertThatThrownBy(() -> new RiskLimits(0, 0.01, 8, 0.25)).hasMessageContaining("ACCOUNT_EQUITY");
        assertThatThrownBy(() -> new RiskLimits(1e5, 0, 8, 0.25)).hasMessageContaining("MAX_DAILY_DRAWDOWN_PCT");
        assertThatThrownBy(() -> new RiskLimits(1e5, 1.5, 8, 0.25)).hasMessageContaining("MAX_DAILY_DRAWDOWN_PCT");
        assertThatThrownBy(() -> new RiskLimits(1e5, 0.01, 0, 0.25)).hasMessageContaining("MAX_TRADES_PER_DAY");
        assertThatThrownBy(() -> new RiskLimits(1e5, 0.01, 8, 1.1)).hasMessageContaining("CANARY_NOTIONAL_CAP");
        assertThatThrownBy(() -> new RiskBudget(null, START)).hasMessageContaining("limits");
        assertThatThrownBy(() -> budget.setLimits(null)).hasMessageContaining("limits");
    }

    /** Long 100 AAA @ 100 (order o1), marked up to 105 and down to 98. */
    private void riseThenFall() {
        budget.onFill(fill(START + 1, "o1", "AAA", BUY, 100, 100, 0.0, false));
        budget.onMark("AAA", START + 2, 105);
        budget.onMark("AAA", START + 3, 98);
    }

    private static OrderEvent fill(long ts, String orderId, String symbol, Side side, double qty, double px,
            Double fee, boolean canary) {
        return new OrderEvent(ts, OrderEventType.FILL, orderId, symbol, side, "main",
                canary ? "challenger" : "champion", canary, qty, px, null, null, qty, px, fee);
    }
}

package io.canarykit.jobs.replay;

import static io.canarykit.jobs.testing.AccountSession.NEXT_MIDNIGHT;
import static io.canarykit.jobs.testing.AccountSession.SYMBOL;
import static io.canarykit.jobs.testing.AccountSession.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.jobs.testing.AccountSession;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account's figures out of a real replay of {@link AccountSession}, against numbers worked by
 * hand (ACCOUNT_EQUITY 100,000, MAX_DAILY_DRAWDOWN_PCT 0.01, MAX_TRADES_PER_DAY 8, RISK_PER_TRADE_PCT
 * 0.0015; P&L by average cost; a mark and the orders of one timestamp apply mark first).
 */
class AccountReplayITCase {

    private static final double EPS = 1e-9;

    @TempDir
    static Path dir;

    private static ReplayResult result;

    @BeforeAll
    static void replayTheSession() throws Exception {
        result = AccountSession.replay(dir.resolve("in"));
        Replay.write(result, dir.resolve("out"));
    }

    @Test
    void theGlobalRecordCarriesTheDaysEquityAndPnl() {
        // +1 s: bought 10 @ 100, fee 1, marked at 100: equity 99,999.
        KpiRecord filled = global(T0 + 1_000);
        assertThat(filled.equity()).isCloseTo(99_999.0, within(EPS));
        assertThat(filled.startOfDayEquity()).isCloseTo(100_000.0, within(EPS));
        assertThat(filled.peakEquity()).isCloseTo(100_000.0, within(EPS));
        assertThat(filled.fees()).isCloseTo(1.0, within(EPS));
        assertThat(filled.unrealisedPnl()).isCloseTo(0.0, within(EPS));

        // +2 s: mid 105, 10 x 5 = +50: equity 100,049, the day's peak.
        assertThat(global(T0 + 2_000).equity()).isCloseTo(100_049.0, within(EPS));
        assertThat(global(T0 + 2_000).peakEquity()).isCloseTo(100_049.0, within(EPS));

        // +8 s, the day's last record: sold 4 @ 99 against the average cost 100, realised -4; fees 1.5;
        // 6 left at 100 marked at 96, unrealised -24: equity 100,000 - 4 - 1.5 - 24 = 99,970.5.
        KpiRecord last = global(T0 + 8_000);
        assertThat(last.realisedPnl()).isCloseTo(-4.0, within(EPS));
        assertThat(last.fees()).isCloseTo(1.5, within(EPS));
        assertThat(last.unrealisedPnl()).isCloseTo(-24.0, within(EPS));
        assertThat(last.equity()).isCloseTo(99_970.5, within(EPS));
        assertThat(last.peakEquity()).isCloseTo(100_049.0, within(EPS));
        assertThat(last.openPositions()).isEqualTo(1);
    }

    @Test
    void ddTodayIsTheDaysTrueDrawdownAcrossTheRiskReset() {
        // +3 s: mid 98, equity 99,979; (100,049 - 99,979) / 100,000 = 0.0007 on both baselines.
        KpiRecord before = global(T0 + 3_000);
        assertThat(before.ddToday()).isCloseTo(0.0007, within(EPS));
        assertThat(before.ddSinceReset()).isCloseTo(0.0007, within(EPS));
        // The budget: 1 - max(0.0007 / 0.01, 1 trade / 8) = 0.875.
        assertThat(before.budgetLeft()).isCloseTo(0.875, within(EPS));

        // +4 s, the reset: the budget's baseline restarts, the day's drawdown and trades stay.
        KpiRecord reset = global(T0 + 4_000);
        assertThat(reset.ddToday()).isCloseTo(0.0007, within(EPS));
        assertThat(reset.ddSinceReset()).isCloseTo(0.0, within(EPS));
        assertThat(reset.tradesToday()).isEqualTo(1L);
        assertThat(reset.tradesSinceReset()).isEqualTo(0L);
        assertThat(reset.budgetLeft()).isCloseTo(1.0, within(EPS));

        // +5 s: equity 99,982.5, above the reset's 99,979, so the budget's peak; the day's is 100,049.
        KpiRecord sold = global(T0 + 5_000);
        assertThat(sold.ddToday()).isCloseTo(66.5 / 100_000, within(EPS));
        assertThat(sold.ddSinceReset()).isCloseTo(0.0, within(EPS));
        assertThat(sold.tradesToday()).isEqualTo(2L);
        assertThat(sold.tradesSinceReset()).isEqualTo(1L);

        // +6 s: mid 96, equity 99,970.5: the day's 78.5 / 100,000, the budget's 12 / 100,000;
        // the budget 1 - max(0.00012 / 0.01, 1 / 8) = 0.875.
        KpiRecord fall = global(T0 + 6_000);
        assertThat(fall.ddToday()).isCloseTo(0.000785, within(EPS));
        assertThat(fall.ddSinceReset()).isCloseTo(0.00012, within(EPS));
        assertThat(fall.budgetLeft()).isCloseTo(0.875, within(EPS));
    }

    @Test
    void theNextDayStartsFromTheEquityAtMidnight() {
        // Day 2 opens at 99,970.5; mid 97 lifts the 6 held by 6: the day's own unrealised +6, nothing realised.
        KpiRecord day2 = global(NEXT_MIDNIGHT + 1_000);
        assertThat(day2.startOfDayEquity()).isCloseTo(99_970.5, within(EPS));
        assertThat(day2.equity()).isCloseTo(99_976.5, within(EPS));
        assertThat(day2.realisedPnl()).isCloseTo(0.0, within(EPS));
        assertThat(day2.fees()).isCloseTo(0.0, within(EPS));
        assertThat(day2.unrealisedPnl()).isCloseTo(6.0, within(EPS));
        assertThat(day2.ddToday()).isCloseTo(0.0, within(EPS));
        assertThat(day2.tradesToday()).isEqualTo(0L);
    }

    @Test
    void decisionsCarryTheRiskPerTradeOfTheirDay() {
        List<GateDecision> decisions = result.decisions().stream().filter(d -> d.symbol().equals(SYMBOL)).toList();
        assertThat(decisions).anyMatch(d -> d.ts() < NEXT_MIDNIGHT && d.allow())
                .anyMatch(d -> d.ts() >= NEXT_MIDNIGHT && d.allow());
        for (GateDecision d : decisions) {
            // 100,000 x 0.0015 = 150 on day 1; 99,970.5 x 0.0015 = 149.95575 on day 2; times the size.
            double perTrade = d.ts() < NEXT_MIDNIGHT ? 150.0 : 149.95575;
            assertThat(d.maxRiskPerTrade()).as("decision at %d", d.ts())
                    .isCloseTo(perTrade * d.sizeMultiplier(), within(1e-9));
        }
    }

    @Test
    void dailyPnlCsvHoldsEachDay() throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("out").resolve(DailyPnl.FILE), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(DailyPnl.HEADER);
        // day, pnl, return, equity, start_of_day_equity, realised_pnl, fees, unrealised_pnl, max_dd_today,
        // trades_today, last_ts, complete.
        // Day 1: 99,970.5 - 100,000 = -29.5, a return of -0.000295; its worst dd_today 0.000785 (at +6 s).
        assertRow(lines.get(1), "2026-01-05", -29.5, -0.000295, 99_970.5, 100_000.0, -4.0, 1.5, -24.0, 0.000785, 2,
                T0 + 8_000, true);
        // Day 2: +6 on 99,970.5; the run ends during it, so it is not complete.
        assertRow(lines.get(2), "2026-01-06", 6.0, 6.0 / 99_970.5, 99_976.5, 99_970.5, 0.0, 0.0, 6.0, 0.0, 0,
                NEXT_MIDNIGHT + 3_000, false);
    }

    private static void assertRow(String line, String day, double pnl, double ret, double equity, double sod,
            double realised, double fees, double unrealised, double maxDd, long trades, long lastTs, boolean complete) {
        String[] f = line.split(",", -1);
        assertThat(f).as(line).hasSize(12);
        assertThat(f[0]).isEqualTo(day);
        double[] want = {pnl, ret, equity, sod, realised, fees, unrealised, maxDd};
        for (int i = 0; i < want.length; i++) {
            // Plain decimals, never an exponent: spreadsheets read the file too.
            assertThat(f[i + 1]).as("column %d of %s", i + 1, line).doesNotContainIgnoringCase("e");
            assertThat(Double.parseDouble(f[i + 1])).as("column %d of %s", i + 1, line).isCloseTo(want[i], within(EPS));
        }
        assertThat(Long.parseLong(f[9])).isEqualTo(trades);
        assertThat(Long.parseLong(f[10])).isEqualTo(lastTs);
        assertThat(Boolean.parseBoolean(f[11])).isEqualTo(complete);
    }

    private static KpiRecord global(long ts) {
        return result.kpis().stream().filter(k -> k.symbol().equals(KpiRecord.GLOBAL) && k.ts() == ts).findFirst()
                .orElseThrow(() -> new AssertionError("no _global record at " + ts));
    }
}

package io.canarykit.operators.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares the incremental budget, after every step, with a recomputation from the full event list:
 * equity from cash flows (independent of average cost wherever a symbol is marked), realised PnL from
 * a plain replay, and peak, drawdown and trade counts from the per-step equity history.
 */
class RiskBudgetPropertyTest {

    private static final long DAY_MS = 86_400_000L;
    private static final long START = Instant.parse("2024-03-09T15:00:00Z").toEpochMilli();
    private static final String[] SYMBOLS = {"AAA", "BBB", "CCC", "DDD"};
    private static final double[] BASE_PX = {100.0, 2_500.0, 12.5, 0.75};
    private static final RiskLimits LIMITS = new RiskLimits(100_000, 0.05, 1_500, 0.25);
    private static final int STEPS = 4_000;

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 42L})
    void matchesRecomputationFromTheFullEventList(long seed) {
        List<Step> steps = new Generator(new Random(seed)).steps(STEPS);
        RiskBudget budget = new RiskBudget(LIMITS, START);
        List<Double> equityAfter = new ArrayList<>();
        Set<Long> daysSeen = new HashSet<>();
        int positiveBudgets = 0;

        for (int i = 0; i < steps.size(); i++) {
            steps.get(i).applyTo(budget);
            Replay replay = Replay.of(steps.subList(0, i + 1));
            equityAfter.add(replay.equity);
            Expected want = Expected.at(steps, i, equityAfter);
            RiskSnapshot got = budget.snapshot();

            String at = "step " + i + " (seed " + seed + ")";
            assertClose(at + " equity", got.equity(), replay.equity);
            // The day's own P&L: the figures since the state started, less those at the day's start.
            Replay dayStart = Replay.of(steps.subList(0, want.firstStepOfDay));
            assertClose(at + " realised", got.realisedPnl(), replay.realised - dayStart.realised);
            assertClose(at + " fees", got.fees(), replay.fees - dayStart.fees);
            assertClose(at + " equity = start of day + realised - fees + unrealised", got.equity(),
                    got.startOfDayEquity() + got.realisedPnl() - got.fees() + got.unrealisedPnl());
            assertClose(at + " start-of-day equity", got.startOfDayEquity(), want.startOfDayEquity);
            assertClose(at + " peak", got.peakEquity(), want.peakToday);
            assertClose(at + " dd_today", got.ddToday(), want.ddToday);
            assertClose(at + " dd_since_reset", got.ddSinceReset(), want.dd);
            assertClose(at + " budget_left", got.budgetLeft(), want.budgetLeft);
            assertThat(got.openPositions()).as(at + " open positions").isEqualTo(replay.openPositions);
            assertThat(got.tradesSinceReset()).as(at + " trades_since_reset").isEqualTo(want.tradesSinceReset);
            assertThat(got.tradesToday()).as(at + " trades_today").isEqualTo(want.totalTrades);
            assertThat(got.totalTrades()).as(at + " total_trades").isEqualTo(want.totalTrades);
            assertThat(got.canaryTradesTotal()).as(at + " canary_trades_total").isEqualTo(want.canaryTrades);
            if (want.canaryShare == null) {
                assertThat(got.canaryNotionalShare()).as(at + " share").isNull();
            } else {
                assertClose(at + " share", got.canaryNotionalShare(), want.canaryShare);
            }
            daysSeen.add(want.day);
            positiveBudgets += got.budgetLeft() > 0 && got.budgetLeft() < 1 ? 1 : 0;
        }

        // The run must cross midnight and spend most steps with a budget strictly between 0 and 1.
        assertThat(daysSeen).hasSizeGreaterThanOrEqualTo(2);
        assertThat(positiveBudgets).isGreaterThan(STEPS / 2);
    }

    private static void assertClose(String what, double actual, double expected) {
        assertThat(Math.abs(actual - expected))
                .as(what + ": got " + actual + ", want " + expected)
                .isLessThanOrEqualTo(1e-6 * Math.abs(expected) + 1e-12);
    }

    /** One input to the budget. */
    private sealed interface Step permits FillStep, MarkStep, AdvanceStep, ResetStep {
        long ts();

        void applyTo(RiskBudget budget);
    }

    private record FillStep(OrderEvent fill, String key) implements Step {
        FillStep(OrderEvent fill) {
            this(fill, fill.dedupKey());
        }

        public long ts() {
            return fill.ts();
        }

        public void applyTo(RiskBudget budget) {
            budget.onFill(fill);
        }
    }

    private record MarkStep(long ts, String symbol, double mid) implements Step {
        public void applyTo(RiskBudget budget) {
            budget.onMark(symbol, ts, mid);
        }
    }

    private record AdvanceStep(long ts) implements Step {
        public void applyTo(RiskBudget budget) {
            budget.advanceTo(ts);
        }
    }

    private record ResetStep(long ts) implements Step {
        public void applyTo(RiskBudget budget) {
            budget.reset(ts);
        }
    }

    /** Equity, realised PnL, fees and open positions after replaying a prefix of the steps from scratch. */
    private static final class Replay {
        double equity;
        double realised;
        double fees;
        int openPositions;

        static Replay of(List<Step> prefix) {
            Set<String> seen = new HashSet<>();
            Map<String, double[]> position = new HashMap<>(); // {signed qty, average cost}
            Map<String, Double> cash = new HashMap<>();
            Map<String, long[]> markTs = new HashMap<>();
            Map<String, Double> mark = new HashMap<>();
            Replay r = new Replay();
            for (Step step : prefix) {
                if (step instanceof FillStep f && seen.add(f.key())) {
                    OrderEvent e = f.fill();
                    double signed = e.side().sign() * e.fillQty();
                    cash.merge(e.symbol(), -signed * e.fillPx(), Double::sum);
                    r.fees += e.fee() == null ? 0.0 : e.fee();
                    r.realised += trade(position.computeIfAbsent(e.symbol(), s -> new double[2]), signed, e.fillPx());
                } else if (step instanceof MarkStep m) {
                    long[] held = markTs.get(m.symbol());
                    if (held == null || m.ts() >= held[0]) {
                        markTs.put(m.symbol(), new long[] {m.ts()});
                        mark.put(m.symbol(), m.mid());
                    }
                }
            }
            // Cash plus holdings at the mark equals realised plus unrealised for average cost;
            // an unmarked symbol is held at its average cost.
            double value = 0.0;
            for (Map.Entry<String, double[]> p : position.entrySet()) {
                double qty = p.getValue()[0];
                double px = mark.getOrDefault(p.getKey(), p.getValue()[1]);
                value += cash.get(p.getKey()) + qty * px;
                r.openPositions += Math.abs(qty) > PositionBook.QTY_EPSILON ? 1 : 0;
            }
            r.equity = LIMITS.accountEquity() + value - r.fees;
            return r;
        }

        /** Applies a signed fill to {qty, avg} and returns the PnL it realises. */
        private static double trade(double[] pos, double signed, double px) {
            double qty = pos[0];
            boolean flat = Math.abs(qty) <= PositionBook.QTY_EPSILON;
            if (flat || qty * signed > 0) {
                double total = Math.abs(qty) + Math.abs(signed);
                pos[1] = flat ? px : (Math.abs(qty) * pos[1] + Math.abs(signed) * px) / total;
                pos[0] = flat ? signed : qty + signed;
                return 0.0;
            }
            double closed = Math.min(Math.abs(qty), Math.abs(signed));
            double pnl = (px - pos[1]) * closed * Math.signum(qty);
            double rest = qty + signed;
            if (Math.abs(rest) <= PositionBook.QTY_EPSILON) {
                pos[0] = 0.0;
            } else if (Math.signum(rest) == Math.signum(signed)) {
                pos[0] = rest;
                pos[1] = px;
            } else {
                pos[0] = rest;
            }
            return pnl;
        }
    }

    /** The day figures at step i, from the per-step equity history and the steps themselves. */
    private static final class Expected {
        long day;
        double startOfDayEquity;
        int firstStepOfDay;
        double peak;
        double dd;
        double peakToday;
        double ddToday;
        double budgetLeft;
        long tradesSinceReset;
        long totalTrades;
        long canaryTrades;
        Double canaryShare;

        static Expected at(List<Step> steps, int i, List<Double> equityAfter) {
            long[] dayAt = new long[i + 1];
            long clock = START;
            for (int j = 0; j <= i; j++) {
                clock = Math.max(clock, steps.get(j).ts());
                dayAt[j] = Math.floorDiv(clock, DAY_MS);
            }
            Expected x = new Expected();
            x.day = dayAt[i];
            int first = 0;
            while (dayAt[first] != x.day) {
                first++;
            }
            x.firstStepOfDay = first;
            x.startOfDayEquity = first == 0 ? LIMITS.accountEquity() : equityAfter.get(first - 1);
            // The day's true peak ignores resets.
            x.peakToday = x.startOfDayEquity;
            for (int j = first; j <= i; j++) {
                x.peakToday = Math.max(x.peakToday, equityAfter.get(j));
            }
            x.ddToday = (x.peakToday - equityAfter.get(i)) / x.startOfDayEquity;
            int lastReset = -1;
            for (int j = first; j <= i; j++) {
                if (steps.get(j) instanceof ResetStep) {
                    lastReset = j;
                }
            }
            x.peak = lastReset < 0 ? x.startOfDayEquity : equityAfter.get(lastReset);
            for (int j = lastReset < 0 ? first : lastReset + 1; j <= i; j++) {
                x.peak = Math.max(x.peak, equityAfter.get(j));
            }
            x.dd = (x.peak - equityAfter.get(i)) / x.startOfDayEquity;
            countTrades(x, steps, first, lastReset, i);
            x.budgetLeft = Math.max(0.0, 1.0 - Math.max(x.dd / LIMITS.maxDailyDrawdownPct(),
                    (double) x.tradesSinceReset / LIMITS.maxTradesPerDay()));
            return x;
        }

        private static void countTrades(Expected x, List<Step> steps, int first, int lastReset, int i) {
            Set<String> earlierKeys = new HashSet<>();
            for (int j = 0; j < first; j++) {
                if (steps.get(j) instanceof FillStep f) {
                    earlierKeys.add(f.key());
                }
            }
            Set<String> orders = new HashSet<>();
            Set<String> canaryOrders = new HashSet<>();
            Set<String> sinceReset = new HashSet<>();
            double notional = 0.0;
            double canaryNotional = 0.0;
            for (int j = first; j <= i; j++) {
                if (!(steps.get(j) instanceof FillStep f) || !earlierKeys.add(f.key())) {
                    continue;
                }
                OrderEvent e = f.fill();
                if (orders.add(e.orderId()) && e.canary()) {
                    canaryOrders.add(e.orderId());
                }
                if (j > lastReset) {
                    sinceReset.add(e.orderId());
                }
                notional += e.fillQty() * e.fillPx();
                canaryNotional += e.canary() ? e.fillQty() * e.fillPx() : 0.0;
            }
            x.totalTrades = orders.size();
            x.canaryTrades = canaryOrders.size();
            x.tradesSinceReset = sinceReset.size();
            x.canaryShare = notional > 0 ? canaryNotional / notional : null;
        }
    }

    /**
     * Random steps over several symbols, crossing one UTC midnight: fills that add, reduce, close
     * exactly and flip; marks as random walks; late events, resent duplicates, clock advances and
     * the odd risk reset.
     */
    private static final class Generator {
        private final Random rnd;
        private final double[] px = BASE_PX.clone();
        private final Map<String, Double> openQty = new HashMap<>();
        private final List<OrderEvent> recentFills = new ArrayList<>();
        private final List<String> liveOrders = new ArrayList<>();
        private final Map<String, Boolean> orderIsCanary = new HashMap<>();
        private final Map<String, Integer> orderSymbol = new HashMap<>();
        private long clock = START;
        private int nextOrder;

        Generator(Random rnd) {
            this.rnd = rnd;
        }

        List<Step> steps(int n) {
            List<Step> out = new ArrayList<>(n);
            while (out.size() < n) {
                clock += rnd.nextInt(30_000);
                long ts = rnd.nextInt(10) == 0 ? clock - rnd.nextInt(5_000) : clock;
                double u = rnd.nextDouble();
                if (u < 0.45) {
                    int s = rnd.nextInt(SYMBOLS.length);
                    px[s] = Math.max(0.01, px[s] * (1 + 0.002 * rnd.nextGaussian()));
                    out.add(new MarkStep(ts, SYMBOLS[s], px[s]));
                } else if (u < 0.90) {
                    out.add(new FillStep(newFill(ts)));
                } else if (u < 0.95 && !recentFills.isEmpty()) {
                    out.add(new FillStep(recentFills.get(rnd.nextInt(recentFills.size()))));
                } else if (u < 0.99) {
                    out.add(new AdvanceStep(clock + rnd.nextInt(60_000)));
                } else {
                    out.add(new ResetStep(ts));
                }
            }
            return out;
        }

        private OrderEvent newFill(long ts) {
            String orderId = pickOrder();
            int s = orderSymbol.get(orderId);
            String symbol = SYMBOLS[s];
            double held = openQty.getOrDefault(symbol, 0.0);
            Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
            double qty = quantity(held, side);
            double fillPx = px[s] * (1 + 0.001 * rnd.nextGaussian());
            Double fee = rnd.nextInt(10) == 0 ? null : rnd.nextInt(20) == 0 ? -0.1 : qty * fillPx * 0.0002;
            OrderEvent fill = new OrderEvent(ts, OrderEventType.FILL, orderId, symbol, side, "main", "m",
                    orderIsCanary.get(orderId), qty, fillPx, null, null, qty, fillPx, fee);
            openQty.put(symbol, held + side.sign() * qty);
            recentFills.add(fill);
            if (recentFills.size() > 20) {
                recentFills.remove(0);
            }
            return fill;
        }

        // Exact closes and flips of the held size, plus sums like 0.1 + 0.2 that leave float dust.
        private double quantity(double held, Side side) {
            boolean reduces = held * side.sign() < 0;
            int kind = rnd.nextInt(10);
            if (reduces && kind == 0) {
                return Math.abs(held);
            }
            if (reduces && kind == 1) {
                return 2 * Math.abs(held);
            }
            return kind < 5 ? (1 + rnd.nextInt(30)) / 10.0 : 0.01 + rnd.nextDouble() * 5;
        }

        private String pickOrder() {
            if (liveOrders.isEmpty() || rnd.nextInt(3) == 0) {
                String id = "o" + nextOrder++;
                liveOrders.add(id);
                orderIsCanary.put(id, rnd.nextInt(5) == 0);
                orderSymbol.put(id, rnd.nextInt(SYMBOLS.length));
                if (liveOrders.size() > 5) {
                    liveOrders.remove(0);
                }
                return id;
            }
            return liveOrders.get(rnd.nextInt(liveOrders.size()));
        }
    }
}

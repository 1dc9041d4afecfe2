package io.canarykit.operators.risk;

import io.canarykit.operators.store.CountingStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.flink.state.StateRoundTrip;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drives the budget's position book, whose holdings live in a store and whose totals and symbols with
 * a position are kept incrementally, beside a plain ledger that keeps holdings in a map and
 * recomputes every total from scratch after each step.
 *
 * <p>Holdings, realised PnL, open positions and the symbols with a position must match exactly: the
 * ledger applies each fill with the same arithmetic, and sums the realised PnL of the fills in the
 * order they came. Only unrealised PnL has a tolerance, because the book adds one difference per fill
 * or mark (and re-sums its store once a day) while the ledger sums the positions afresh, so the two
 * round differently.
 */
class PositionBookPropertyTest {

    private static final long DAY_MS = 86_400_000L;
    private static final long START = Instant.parse("2024-05-01T21:00:00Z").toEpochMilli();
    private static final RiskLimits LIMITS = new RiskLimits(100_000, 0.05, 100_000, 0.25);
    // The first eight trade; the others are only quoted, and the last never even that.
    private static final String[] SYMBOLS = {"AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH",
            "QQQ", "RRR", "SSS", "ZZZ"};
    private static final int TRADED = 8;
    private static final int QUOTED = SYMBOLS.length - 1;
    private static final int STEPS = 1_500;
    private static final double UNREALISED_TOLERANCE = 1e-7;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void matchesALedgerThatRecomputesEverythingAfterEachStep(long seed) {
        Random rnd = new Random(seed);
        CountingStore<String, PositionBook.Holding> holdings = new CountingStore<>();
        RiskBudget.Stores stores = new RiskBudget.Stores(holdings, KeyValueStore.onHeap(), KeyValueStore.onHeap(),
                KeyValueStore.onHeap());
        RiskBudget budget = RiskBudget.create(LIMITS, START, stores);
        Ledger ledger = new Ledger(START);
        Generator gen = new Generator(rnd, ledger);
        Coverage seen = new Coverage();

        for (int i = 0; i < STEPS; i++) {
            String at = "step " + i + " (seed " + seed + ")";
            long opsBefore = holdings.gets + holdings.puts;
            double u = rnd.nextDouble();
            if (u < 0.40) {
                Mark m = gen.mark();
                Mark held = ledger.marks.get(m.symbol());
                seen.equalMarks += held != null && held.ts() == m.ts() ? 1 : 0;
                budget.onMark(m.symbol(), m.ts(), m.mid());
                seen.olderMarks += ledger.mark(m) ? 0 : 1;
                seen.flatMarks += ledger.holds(m.symbol()) ? 0 : 1;
            } else if (u < 0.82) {
                OrderEvent fill = gen.fill();
                assertThat(budget.onFill(fill)).as(at + " counted").isEqualTo(ledger.fill(fill));
            } else if (u < 0.90) {
                OrderEvent resent = gen.resend();
                boolean counted = ledger.fill(resent);
                assertThat(budget.onFill(resent)).as(at + " resend counted").isEqualTo(counted);
                seen.duplicates += counted ? 0 : 1;
            } else if (u < 0.96) {
                long t = gen.advance();
                budget.advanceTo(t);
                ledger.advanceTo(t);
            } else {
                budget = RiskBudget.restore(LIMITS, travel(budget.state()), stores);
            }
            // A fill or a mark reads and writes at most its own symbol's holding.
            assertThat(holdings.gets + holdings.puts - opsBefore).as(at + " holding operations").isLessThanOrEqualTo(2);
            assertMatches(at, budget, ledger);
            seen.note(ledger);
        }

        // The store is never walked: the totals move by each change, also across a day's close (an account
        // fed its symbols' changes holds no holdings to walk).
        assertThat(holdings.scans).isZero();
        assertThat(ledger.rollovers).as("days closed").isPositive();
        seen.assertCoverage(ledger);
    }

    // Plain equals first: building AssertJ descriptions for every step would dominate the run.
    private static void assertMatches(String at, RiskBudget budget, Ledger ledger) {
        Figures got = Figures.of(budget);
        Figures want = ledger.figures();
        if (!got.equals(want)) {
            assertThat(got).as(at).isEqualTo(want);
        }
        double unrealised = ledger.unrealised();
        // The book's running total since the state started; the snapshot reports only the day's change of it.
        double gotUnrealised = budget.state().book().unrealised();
        if (!(Math.abs(gotUnrealised - unrealised) <= UNREALISED_TOLERANCE)) {
            assertThat(gotUnrealised).as(at + " unrealised").isEqualTo(unrealised);
        }
    }

    /** What must match exactly: realised PnL, open positions, symbols with a position and every holding. */
    private record Figures(double realised, int openPositions, int stateOpenPositions,
            List<String> symbolsWithPosition, List<Held> holdings) {

        static Figures of(RiskBudget budget) {
            RiskSnapshot s = budget.snapshot();
            List<Held> holdings = new ArrayList<>();
            for (String symbol : SYMBOLS) {
                holdings.add(Held.of(symbol, budget.holding(symbol)));
            }
            // Realised since the state started, as the ledger keeps it; the snapshot's is the day's own.
            List<String> held = new ArrayList<>();
            for (String symbol : SYMBOLS) {
                if (!budget.holding(symbol).isFlat()) {
                    held.add(symbol);
                }
            }
            return new Figures(budget.state().book().realised(), s.openPositions(), budget.state().book().openPositions(),
                    held, holdings);
        }
    }

    /** One symbol's holding as both sides can tell it: the average cost only when not flat, the mark only when held. */
    private record Held(String symbol, double qty, Double avgCost, Double mark, Long markTs) {

        static Held of(String symbol, PositionBook.Holding h) {
            return new Held(symbol, h.qty(), h.isFlat() ? null : h.avgCost(), h.hasMark() ? h.mark() : null,
                    h.hasMark() ? h.markTs() : null);
        }
    }

    /** The state as the job would read it back from its state backend. */
    private static RiskBudget.State travel(RiskBudget.State state) {
        return StateRoundTrip.roundTrip(RiskBudget.State.class, state);
    }

    private record Mark(String symbol, long ts, double mid) {}

    private record Planned(int symbol, Side side, double qty) {}

    /** A signed position and its average cost. */
    private record Position(double qty, double avgCost) {
        static final Position FLAT = new Position(0.0, 0.0);

        boolean isFlat() {
            return Math.abs(qty) <= PositionBook.QTY_EPSILON;
        }
    }

    /**
     * The account in plain maps: positions, latest marks, the day each fill key was applied on, and
     * the PnL each counted fill realised; totals are summed afresh whenever asked.
     */
    private static final class Ledger {
        final Map<String, Position> positions = new HashMap<>();
        final Map<String, Mark> marks = new HashMap<>();
        final Map<String, Long> keyDays = new HashMap<>();
        final List<Double> realisedByFill = new ArrayList<>();
        long clock;
        long day;
        int rollovers;
        int dustCloses;

        Ledger(long start) {
            clock = start;
            day = Math.floorDiv(start, DAY_MS);
        }

        void advanceTo(long t) {
            clock = Math.max(clock, t);
            long now = Math.floorDiv(clock, DAY_MS);
            rollovers += now > day ? 1 : 0;
            day = Math.max(day, now);
        }

        /** Takes the mark unless an older one than held; returns whether it was taken. */
        boolean mark(Mark m) {
            advanceTo(m.ts());
            Mark held = marks.get(m.symbol());
            if (held != null && m.ts() < held.ts()) {
                return false;
            }
            marks.put(m.symbol(), m);
            return true;
        }

        /** Applies the fill unless its key was applied today or yesterday; returns whether it counted. */
        boolean fill(OrderEvent e) {
            advanceTo(e.ts());
            Long appliedOn = keyDays.get(e.dedupKey());
            if (appliedOn != null && appliedOn >= day - 1) {
                return false;
            }
            keyDays.put(e.dedupKey(), day);
            realisedByFill.add(trade(e.symbol(), e.side().sign() * e.fillQty(), e.fillPx()));
            return true;
        }

        private double trade(String symbol, double signed, double px) {
            Position p = positions.getOrDefault(symbol, Position.FLAT);
            if (p.isFlat()) {
                positions.put(symbol, new Position(signed, px));
                return 0.0;
            }
            double held = Math.abs(p.qty());
            double size = Math.abs(signed);
            if (Math.signum(p.qty()) == Math.signum(signed)) {
                positions.put(symbol, new Position(p.qty() + signed, (held * p.avgCost() + size * px) / (held + size)));
                return 0.0;
            }
            double pnl = (px - p.avgCost()) * Math.min(size, held) * Math.signum(p.qty());
            double rest = p.qty() + signed;
            if (Math.abs(rest) <= PositionBook.QTY_EPSILON) {
                dustCloses += rest == 0.0 ? 0 : 1;
                positions.put(symbol, Position.FLAT);
            } else if (Math.signum(rest) == Math.signum(signed)) {
                positions.put(symbol, new Position(rest, px));
            } else {
                positions.put(symbol, new Position(rest, p.avgCost()));
            }
            return pnl;
        }

        boolean holds(String symbol) {
            return !positions.getOrDefault(symbol, Position.FLAT).isFlat();
        }

        double qty(String symbol) {
            return positions.getOrDefault(symbol, Position.FLAT).qty();
        }

        Figures figures() {
            List<Held> holdings = new ArrayList<>();
            for (String symbol : SYMBOLS) {
                Position p = positions.getOrDefault(symbol, Position.FLAT);
                Mark m = marks.get(symbol);
                holdings.add(new Held(symbol, p.qty(), p.isFlat() ? null : p.avgCost(), m == null ? null : m.mid(),
                        m == null ? null : m.ts()));
            }
            List<String> held = symbolsWithPosition();
            return new Figures(realised(), held.size(), held.size(), held, holdings);
        }

        double realised() {
            double sum = 0.0;
            for (double pnl : realisedByFill) {
                sum += pnl;
            }
            return sum;
        }

        double unrealised() {
            double sum = 0.0;
            for (Map.Entry<String, Position> e : new TreeMap<>(positions).entrySet()) {
                Mark m = marks.get(e.getKey());
                if (!e.getValue().isFlat() && m != null) {
                    sum += (m.mid() - e.getValue().avgCost()) * e.getValue().qty();
                }
            }
            return sum;
        }

        List<String> symbolsWithPosition() {
            List<String> held = new ArrayList<>();
            for (Map.Entry<String, Position> e : new TreeMap<>(positions).entrySet()) {
                if (!e.getValue().isFlat()) {
                    held.add(e.getKey());
                }
            }
            return held;
        }
    }

    /**
     * Random marks (late ones, ones at a held mark's time, and of symbols never traded), fills that
     * add, reduce, close exactly, close through float dust and flip, resends of recent fills, and
     * clock jumps across midnight.
     */
    private static final class Generator {
        private final Random rnd;
        private final Ledger ledger;
        private final double[] px = new double[SYMBOLS.length];
        private final List<OrderEvent> recent = new ArrayList<>();
        private final ArrayDeque<Planned> planned = new ArrayDeque<>();
        private long clock = START;
        private int nextOrder;

        Generator(Random rnd, Ledger ledger) {
            this.rnd = rnd;
            this.ledger = ledger;
            for (int s = 0; s < px.length; s++) {
                px[s] = 5 + rnd.nextInt(200);
            }
        }

        Mark mark() {
            int s = rnd.nextInt(QUOTED);
            px[s] = Math.max(0.5, px[s] * (1 + 0.003 * rnd.nextGaussian()));
            Mark held = ledger.marks.get(SYMBOLS[s]);
            int kind = held == null ? 2 : rnd.nextInt(10);
            long ts = kind == 0 ? held.ts() : kind == 1 ? held.ts() - 1 - rnd.nextInt(60_000) : ts();
            return new Mark(SYMBOLS[s], ts, px[s]);
        }

        OrderEvent fill() {
            if (planned.isEmpty()) {
                plan();
            }
            Planned next = planned.poll();
            int s = next.symbol();
            String symbol = SYMBOLS[s];
            Side side = next.side();
            double qty = next.qty();
            double fillPx = px[s] * (1 + 0.001 * rnd.nextGaussian());
            String orderId = rnd.nextInt(4) == 0 && !recent.isEmpty()
                    ? recent.get(rnd.nextInt(recent.size())).orderId() : "o" + nextOrder++;
            Double fee = rnd.nextInt(6) == 0 ? null : qty * fillPx * 0.0002;
            OrderEvent fill = new OrderEvent(ts(), OrderEventType.FILL, orderId, symbol, side, "main", "m",
                    rnd.nextInt(4) == 0, qty, fillPx, null, null, qty, fillPx, fee);
            recent.add(fill);
            if (recent.size() > 40) {
                recent.remove(0);
            }
            return fill;
        }

        OrderEvent resend() {
            return recent.isEmpty() ? fill() : recent.get(rnd.nextInt(recent.size()));
        }

        long advance() {
            clock += rnd.nextInt(4) == 0 ? DAY_MS / 2 + rnd.nextInt((int) DAY_MS) : rnd.nextInt(600_000);
            return clock;
        }

        // Mostly the clock, sometimes behind it (a late event).
        private long ts() {
            clock += rnd.nextInt(rnd.nextInt(200) == 0 ? 7_200_000 : 20_000);
            return rnd.nextInt(10) == 0 ? clock - rnd.nextInt(60_000) : clock;
        }

        // A flat symbol sometimes gets 0.1 and 0.2 one way, then 0.3 back, which leaves float dust.
        private void plan() {
            int s = rnd.nextInt(TRADED);
            Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
            if (!ledger.holds(SYMBOLS[s]) && rnd.nextInt(4) == 0) {
                Side back = side == Side.BUY ? Side.SELL : Side.BUY;
                planned.add(new Planned(s, side, 0.1));
                planned.add(new Planned(s, side, 0.2));
                planned.add(new Planned(s, back, 0.3));
                return;
            }
            planned.add(new Planned(s, side, quantity(SYMBOLS[s], side)));
        }

        // Exact closes and flips of the held size, and sizes that are not exact in binary.
        private double quantity(String symbol, Side side) {
            double held = ledger.qty(symbol);
            boolean reduces = held * side.sign() < 0;
            int kind = rnd.nextInt(12);
            if (reduces && kind == 0) {
                return Math.abs(held);
            }
            if (reduces && kind == 1) {
                return 2 * Math.abs(held);
            }
            if (reduces && kind == 2) {
                return Math.abs(held) + (1 + rnd.nextInt(20)) / 10.0;
            }
            if (kind == 3) {
                return rnd.nextBoolean() ? 0.1 : 0.2;
            }
            if (kind == 4) {
                return 0.3;
            }
            return kind < 8 ? (1 + rnd.nextInt(30)) / 10.0 : 0.01 + rnd.nextDouble() * 5;
        }
    }

    /** Counts what the run exercised, so a change to the generator cannot quietly stop covering a case. */
    private static final class Coverage {
        int olderMarks;
        int equalMarks;
        int flatMarks;
        int duplicates;
        int maxOpen;
        int flatAfterOpen;

        void note(Ledger ledger) {
            int open = ledger.symbolsWithPosition().size();
            flatAfterOpen += open < maxOpen ? 1 : 0;
            maxOpen = Math.max(maxOpen, open);
        }

        void assertCoverage(Ledger ledger) {
            assertThat(olderMarks).as("older marks").isPositive();
            assertThat(equalMarks).as("marks at a held mark's time").isPositive();
            assertThat(flatMarks).as("marks of flat or unknown symbols").isPositive();
            assertThat(duplicates).as("duplicate fills").isPositive();
            assertThat(maxOpen).as("most open positions at once").isGreaterThanOrEqualTo(3);
            assertThat(flatAfterOpen).as("steps after a position closed").isPositive();
            assertThat(ledger.rollovers).as("day rollovers").isGreaterThanOrEqualTo(2);
            assertThat(ledger.dustCloses).as("closes through float dust").isPositive();
        }
    }
}

package io.canarykit.operators.risk;

import io.canarykit.schema.Side;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-symbol average-cost positions of one account, with realised and unrealised PnL kept up to
 * date one fill or mark at a time.
 *
 * <p>A symbol with no mark yet is valued at its average cost, so it adds no unrealised PnL until
 * its first primary mid arrives. A position whose size is within {@link #QTY_EPSILON} of zero is
 * flat: floating-point dust such as {@code 0.1 + 0.2 - 0.3} does not keep a position open.
 */
public final class PositionBook {

    /** Positions no larger than this, in absolute size, count as flat. */
    public static final double QTY_EPSILON = 1e-9;

    private final Map<String, Holding> holdings;
    private double realised;
    private double unrealised;
    private int openPositions;

    /** An empty book: no holdings, no PnL. */
    public PositionBook() {
        this(new State(new HashMap<>(), 0.0, 0.0, 0));
    }

    private PositionBook(State state) {
        if (state == null || state.holdings() == null) {
            throw new IllegalArgumentException("state and its holdings are required but not provided");
        }
        this.holdings = new HashMap<>(state.holdings());
        this.realised = state.realised();
        this.unrealised = state.unrealised();
        this.openPositions = state.openPositions();
    }

    /** The book as it was when {@code state} was taken. */
    public static PositionBook restore(State state) {
        return new PositionBook(state);
    }

    /** A copy of the book's holdings and totals. */
    public State state() {
        return new State(new HashMap<>(holdings), realised, unrealised, openPositions);
    }

    /**
     * Applies a fill of {@code qty} at {@code px} and returns the PnL it realised: the closed part
     * earns {@code (px - avgCost) * closedQty * direction}, and a flip opens the rest at {@code px}.
     */
    public double applyFill(String symbol, Side side, double qty, double px) {
        requireSymbol(symbol);
        if (side == null) {
            throw new IllegalArgumentException("side is required but not provided");
        }
        requirePositive("qty", qty);
        requirePositive("px", px);
        Holding before = holdings.getOrDefault(symbol, Holding.EMPTY);
        double signedQty = side.sign() * qty;
        double pnl = 0.0;
        Holding after;
        if (before.isFlat() || Math.signum(before.qty()) == side.sign()) {
            after = before.added(signedQty, px);
        } else {
            double held = Math.abs(before.qty());
            pnl = (px - before.avgCost()) * Math.min(qty, held) * Math.signum(before.qty());
            after = before.reduced(signedQty, qty - held, px);
        }
        realised += pnl;
        replace(symbol, before, after);
        return pnl;
    }

    /**
     * Marks {@code symbol} at {@code mid} as of {@code ts}; a mark older than the one held is
     * ignored (an equal timestamp replaces it). Returns whether the mark was taken.
     */
    public boolean mark(String symbol, long ts, double mid) {
        requireSymbol(symbol);
        requirePositive("mid", mid);
        Holding before = holdings.getOrDefault(symbol, Holding.EMPTY);
        if (before.hasMark() && ts < before.markTs()) {
            return false;
        }
        replace(symbol, before, new Holding(before.qty(), before.avgCost(), mid, ts));
        return true;
    }

    /** The holding of {@code symbol}; flat and unmarked when the symbol was never seen. */
    public Holding holding(String symbol) {
        return holdings.getOrDefault(symbol, Holding.EMPTY);
    }

    /** Realised PnL of every fill applied so far. */
    public double realised() {
        return realised;
    }

    /** Unrealised PnL of the open positions at their latest marks. */
    public double unrealised() {
        return unrealised;
    }

    /** Number of symbols with a position that is not flat. */
    public int openPositions() {
        return openPositions;
    }

    /**
     * Recomputes the unrealised total from the holdings, dropping the rounding left by many
     * incremental updates; costs O(symbols), so callers do it rarely (once a day).
     */
    public void recomputeUnrealised() {
        double sum = 0.0;
        for (Holding h : holdings.values()) {
            sum += h.unrealised();
        }
        unrealised = sum;
    }

    private void replace(String symbol, Holding before, Holding after) {
        unrealised += after.unrealised() - before.unrealised();
        openPositions += (after.isFlat() ? 0 : 1) - (before.isFlat() ? 0 : 1);
        holdings.put(symbol, after);
    }

    static void requireSymbol(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("symbol is required but not provided");
        }
    }

    static void requirePositive(String name, double value) {
        if (!(value > 0.0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive finite number, got " + value);
        }
    }

    /**
     * The whole book: holdings by symbol (a few symbols, so they stay in the aggregate) and the
     * incrementally kept totals, stored as they are so a restored book rounds exactly as before.
     *
     * @param holdings every symbol seen, with its position and latest mark
     * @param realised realised PnL so far
     * @param unrealised unrealised PnL at the latest marks
     * @param openPositions symbols whose position is not flat
     */
    public record State(Map<String, Holding> holdings, double realised, double unrealised, int openPositions) {}

    /**
     * One symbol's signed position ({@code qty} > 0 long, < 0 short), its average cost, and its
     * latest mark ({@code NaN} with {@code markTs = Long.MIN_VALUE} when it has none).
     */
    public record Holding(double qty, double avgCost, double mark, long markTs) {

        static final Holding EMPTY = new Holding(0.0, 0.0, Double.NaN, Long.MIN_VALUE);

        public boolean isFlat() {
            return Math.abs(qty) <= QTY_EPSILON;
        }

        public boolean hasMark() {
            return !Double.isNaN(mark);
        }

        /** Unrealised PnL at the mark, or zero when unmarked (valued at average cost) or flat. */
        public double unrealised() {
            return isFlat() || !hasMark() ? 0.0 : (mark - avgCost) * qty;
        }

        /** Opens or adds to the position in the direction it already has. */
        Holding added(double signedQty, double px) {
            if (isFlat()) {
                return new Holding(signedQty, px, mark, markTs);
            }
            double held = Math.abs(qty);
            double added = Math.abs(signedQty);
            double avg = (held * avgCost + added * px) / (held + added);
            return new Holding(qty + signedQty, avg, mark, markTs);
        }

        /**
         * Reduces the position against a fill in the other direction; {@code excess} is the fill
         * size beyond the held size (positive: flip at {@code px}; near zero: flat; negative: partial).
         */
        Holding reduced(double signedQty, double excess, double px) {
            if (excess > QTY_EPSILON) {
                return new Holding(Math.signum(signedQty) * excess, px, mark, markTs);
            }
            if (excess >= -QTY_EPSILON) {
                return new Holding(0.0, 0.0, mark, markTs);
            }
            return new Holding(qty + signedQty, avgCost, mark, markTs);
        }
    }
}

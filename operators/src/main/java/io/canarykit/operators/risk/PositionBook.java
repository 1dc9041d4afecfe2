package io.canarykit.operators.risk;

import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.schema.Side;

/**
 * Per-symbol average-cost positions of one account, with realised and unrealised PnL kept up to
 * date one fill or mark at a time.
 *
 * <p>A symbol with no mark yet is valued at its average cost, so it adds no unrealised PnL until
 * its first primary mid arrives. A position whose size is within {@link #QTY_EPSILON} of zero is
 * flat: floating-point dust such as {@code 0.1 + 0.2 - 0.3} does not keep a position open.
 *
 * <p>Each symbol's holding lives in a {@link KeyValueStore}, so a fill or a mark reads and writes
 * one entry whatever the number of symbols quoted; the small {@link State} keeps the totals and the
 * number of open positions, so its size does not grow with the symbols held.
 */
public final class PositionBook {

    /** Positions no larger than this, in absolute size, count as flat. */
    public static final double QTY_EPSILON = 1e-9;

    private static final State EMPTY = new State(0.0, 0.0, 0);

    private final KeyValueStore<String, Holding> holdings;
    private double realised;
    private double unrealised;
    private int openPositions;

    /** An empty book keeping its holdings on the heap. */
    public PositionBook() {
        this(EMPTY, KeyValueStore.onHeap());
    }

    private PositionBook(State state, KeyValueStore<String, Holding> holdings) {
        if (state == null) {
            throw new IllegalArgumentException("state is required but not provided");
        }
        if (holdings == null) {
            throw new IllegalArgumentException("holdings is required but not provided");
        }
        this.holdings = holdings;
        this.realised = state.realised();
        this.unrealised = state.unrealised();
        this.openPositions = state.openPositions();
    }

    /** An empty book keeping its holdings in {@code holdings}, which must be empty. */
    public static PositionBook create(KeyValueStore<String, Holding> holdings) {
        return new PositionBook(EMPTY, holdings);
    }

    /** The book as it was when {@code state} was taken, reading its holdings from the same {@code holdings}. */
    public static PositionBook restore(State state, KeyValueStore<String, Holding> holdings) {
        return new PositionBook(state, holdings);
    }

    /** The book's totals and its count of open positions; immutable, so later events never change it. */
    public State state() {
        return new State(realised, unrealised, openPositions);
    }

    /**
     * Applies a fill of {@code qty} at {@code px} and returns the PnL it realised: the closed part
     * earns {@code (px - avgCost) * closedQty * direction}, and a flip opens the rest at {@code px}.
     */
    public double applyFill(String symbol, Side side, double qty, double px) {
        return fill(symbol, Long.MIN_VALUE, side, qty, px).realised();
    }

    /**
     * Applies a fill at {@code ts} as {@link #applyFill} does and says what it changed, for an account
     * that keeps only the totals.
     */
    public PositionChange fill(String symbol, long ts, Side side, double qty, double px) {
        requireSymbol(symbol);
        if (side == null) {
            throw new IllegalArgumentException("side is required but not provided");
        }
        requirePositive("qty", qty);
        requirePositive("px", px);
        Holding before = holding(symbol);
        PositionChange change = PositionChange.between(ts, symbol, before.realisedBy(side, qty, px), before,
                before.filled(side, qty, px));
        holdings.put(symbol, before.filled(side, qty, px));
        applyChange(change);
        return change;
    }

    /**
     * Marks {@code symbol} at {@code mid} as of {@code ts}; a mark older than the one held is
     * ignored (an equal timestamp replaces it). Returns whether the mark was taken.
     */
    public boolean mark(String symbol, long ts, double mid) {
        return markChange(symbol, ts, mid) != null;
    }

    /**
     * Marks {@code symbol} as {@link #mark} does and says what it changed, or null when the mark was
     * older than the one held and ignored.
     */
    public PositionChange markChange(String symbol, long ts, double mid) {
        requireSymbol(symbol);
        requirePositive("mid", mid);
        Holding before = holding(symbol);
        if (before.hasMark() && ts < before.markTs()) {
            return null;
        }
        Holding after = new Holding(before.qty(), before.avgCost(), mid, ts);
        holdings.put(symbol, after);
        PositionChange change = PositionChange.between(ts, symbol, 0.0, before, after);
        applyChange(change);
        return change;
    }

    /**
     * Adds what a fill or a mark did to a position to the totals, leaving the holdings alone: for a
     * book whose positions their symbols keep. The same sums, in the same order, as if it held them.
     */
    public void applyChange(PositionChange change) {
        realised += change.realised();
        unrealised += change.unrealisedAfter() - change.unrealisedBefore();
        if (change.flatAfter() != change.flatBefore()) {
            openPositions += change.flatAfter() ? -1 : 1;
        }
    }

    /** The holding of {@code symbol}; flat and unmarked when the symbol was never seen. */
    public Holding holding(String symbol) {
        Holding held = holdings.get(symbol);
        return held == null ? Holding.EMPTY : held;
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
     * The book without its holdings: the incrementally kept totals, stored as they are so a restored
     * book rounds exactly as before, and how many symbols hold a position. Which symbols do is each
     * symbol's own business: its gate keeps its {@link Holding} from the same fills, by the same rule.
     *
     * @param realised realised PnL so far
     * @param unrealised unrealised PnL at the latest marks
     * @param openPositions symbols whose position is not flat
     */
    public record State(double realised, double unrealised, int openPositions) {}

    /**
     * One symbol's signed position ({@code qty} > 0 long, < 0 short), its average cost, and its
     * latest mark ({@code NaN} with {@code markTs = Long.MIN_VALUE} when it has none).
     */
    public record Holding(double qty, double avgCost, double mark, long markTs) {

        /** No position and no mark: a symbol before its first fill or quote. */
        public static final Holding EMPTY = new Holding(0.0, 0.0, Double.NaN, Long.MIN_VALUE);

        /**
         * The holding after a fill of {@code qty} at {@code px}: adds in the direction held, reduces
         * against it, flips at {@code px} when the fill is larger than the position. The mark is kept.
         */
        public Holding filled(Side side, double qty, double px) {
            double signedQty = side.sign() * qty;
            if (isFlat() || Math.signum(this.qty) == side.sign()) {
                return added(signedQty, px);
            }
            return reduced(signedQty, qty - Math.abs(this.qty), px);
        }

        /** The PnL a fill of {@code qty} at {@code px} realises: the part it closes, at its average cost. */
        public double realisedBy(Side side, double qty, double px) {
            if (isFlat() || Math.signum(this.qty) == side.sign()) {
                return 0.0;
            }
            return (px - avgCost) * Math.min(qty, Math.abs(this.qty)) * Math.signum(this.qty);
        }

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

package io.canarykit.operators.risk;

import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * The account's daily risk budget: equity, drawdown, trade counts and canary notional share over
 * the current UTC day, fed one fill, mark or clock advance at a time.
 *
 * <p>Time only moves forward: the clock is the latest timestamp seen, and the first event on a
 * later UTC day closes the old day before it is applied. An event older than the current day
 * (a late fill) is applied to the current day, since the old day is closed. Positions, realised
 * PnL and fees carry over; start-of-day equity is the equity at the rollover.
 *
 * <p>Duplicate fills are recognised by {@link OrderEvent#dedupKey()} among the fills applied on
 * the current and the previous UTC day; older keys are dropped at rollover so the set stays
 * bounded by two days of fills.
 */
public final class RiskBudget {

    private static final long DAY_MS = 86_400_000L;

    private final PositionBook book = new PositionBook();
    private RiskLimits limits;
    private double fees;

    private long clockTs;
    private long day;
    private double startOfDayEquity;
    private double peakEquity;
    private long lastResetTs = Long.MIN_VALUE;

    private Set<String> fillKeysToday = new HashSet<>();
    private Set<String> fillKeysYesterday = new HashSet<>();
    private final Set<String> ordersToday = new HashSet<>();
    private final Set<String> ordersSinceReset = new HashSet<>();
    private long canaryTradesToday;
    private double notionalToday;
    private double canaryNotionalToday;

    /** Starts the account on the UTC day of {@code startTs} with no positions. */
    public RiskBudget(RiskLimits limits, long startTs) {
        this.limits = requireLimits(limits);
        this.clockTs = startTs;
        this.day = dayOf(startTs);
        this.startOfDayEquity = equity();
        this.peakEquity = startOfDayEquity;
    }

    /** Applies a fill and returns whether it counted (false for a duplicate). */
    public boolean onFill(OrderEvent fill) {
        requireFill(fill);
        advanceTo(fill.ts());
        String key = fill.dedupKey();
        if (fillKeysToday.contains(key) || fillKeysYesterday.contains(key)) {
            return false;
        }
        fillKeysToday.add(key);
        book.applyFill(fill.symbol(), fill.side(), fill.fillQty(), fill.fillPx());
        fees += fill.fee() == null ? 0.0 : fill.fee();
        countTrade(fill);
        double notional = fill.fillNotional();
        notionalToday += notional;
        if (fill.canary()) {
            canaryNotionalToday += notional;
        }
        raisePeak();
        return true;
    }

    /** Marks {@code symbol} at its primary mid {@code mid} as of {@code ts}. */
    public void onMark(String symbol, long ts, double mid) {
        PositionBook.requireSymbol(symbol);
        PositionBook.requirePositive("mid", mid);
        advanceTo(ts);
        book.mark(symbol, ts, mid);
        raisePeak();
    }

    /** Moves the clock to {@code t}, closing the day if {@code t} falls on a later UTC day. */
    public void advanceTo(long t) {
        if (t <= clockTs) {
            return;
        }
        clockTs = t;
        long newDay = dayOf(t);
        if (newDay > day) {
            rollOver(newDay);
        }
    }

    /**
     * Puts the budget back to 1.0 at {@code ts}: the peak becomes the current equity (so the
     * drawdown restarts from zero, still measured against start-of-day equity) and the budget's
     * trade count restarts; the day's total_trades, canary counts and notional are kept.
     */
    public void reset(long ts) {
        advanceTo(ts);
        peakEquity = equity();
        ordersSinceReset.clear();
        lastResetTs = ts;
    }

    /**
     * Replaces the limits. A change of {@code ACCOUNT_EQUITY} is a capital change, not PnL, so
     * start-of-day and peak equity move by the same amount and the drawdown keeps its size.
     */
    public void setLimits(RiskLimits newLimits) {
        requireLimits(newLimits);
        double capitalChange = newLimits.accountEquity() - limits.accountEquity();
        limits = newLimits;
        startOfDayEquity += capitalChange;
        peakEquity += capitalChange;
    }

    public RiskLimits limits() {
        return limits;
    }

    /** The position and latest mark of {@code symbol}. */
    public PositionBook.Holding holding(String symbol) {
        return book.holding(symbol);
    }

    /** The account's figures now. */
    public RiskSnapshot snapshot() {
        double equity = equity();
        Double dd = startOfDayEquity > 0.0 ? (peakEquity - equity) / startOfDayEquity : null;
        double budgetLeft = dd == null ? 0.0 : budgetLeft(dd, ordersSinceReset.size());
        boolean gate = dd == null || budgetLeft <= 0.0 || dd >= limits.maxDailyDrawdownPct();
        Double share = notionalToday > 0.0 ? canaryNotionalToday / notionalToday : null;
        return new RiskSnapshot(
                clockTs,
                LocalDate.ofEpochDay(day).toString(),
                budgetLeft,
                dd,
                ordersSinceReset.size(),
                book.openPositions(),
                share,
                ordersToday.size(),
                canaryTradesToday,
                equity,
                startOfDayEquity,
                peakEquity,
                book.realised(),
                fees,
                book.unrealised(),
                lastResetTs == Long.MIN_VALUE ? null : lastResetTs,
                gate,
                canaryCapReached(share),
                limits);
    }

    private double budgetLeft(double dd, int trades) {
        double ddUsed = dd / limits.maxDailyDrawdownPct();
        double tradesUsed = (double) trades / limits.maxTradesPerDay();
        return Math.max(0.0, 1.0 - Math.max(ddUsed, tradesUsed));
    }

    // A cap of zero means no canary notional at all, so it holds even before the first fill.
    private boolean canaryCapReached(Double share) {
        double cap = limits.canaryNotionalCap();
        return cap <= 0.0 || (share != null && share >= cap);
    }

    private double equity() {
        return limits.accountEquity() + book.realised() - fees + book.unrealised();
    }

    private void raisePeak() {
        peakEquity = Math.max(peakEquity, equity());
    }

    private void countTrade(OrderEvent fill) {
        if (ordersToday.add(fill.orderId()) && fill.canary()) {
            canaryTradesToday++;
        }
        ordersSinceReset.add(fill.orderId());
    }

    private void rollOver(long newDay) {
        book.recomputeUnrealised();
        startOfDayEquity = equity();
        peakEquity = startOfDayEquity;
        fillKeysYesterday = newDay == day + 1 ? fillKeysToday : new HashSet<>();
        fillKeysToday = new HashSet<>();
        ordersToday.clear();
        ordersSinceReset.clear();
        canaryTradesToday = 0;
        notionalToday = 0.0;
        canaryNotionalToday = 0.0;
        lastResetTs = Long.MIN_VALUE;
        day = newDay;
    }

    private static long dayOf(long ts) {
        return Math.floorDiv(ts, DAY_MS);
    }

    private static RiskLimits requireLimits(RiskLimits limits) {
        if (limits == null) {
            throw new IllegalArgumentException("limits is required but not provided");
        }
        return limits;
    }

    private static void requireFill(OrderEvent fill) {
        if (fill == null) {
            throw new IllegalArgumentException("fill is required but not provided");
        }
        if (fill.event() != OrderEventType.FILL) {
            throw new IllegalArgumentException("fill must be a fill event, got " + fill.event());
        }
        if (fill.orderId() == null) {
            throw new IllegalArgumentException("order_id is required but not provided");
        }
        requirePresentPositive("fill_qty", fill.fillQty());
        requirePresentPositive("fill_px", fill.fillPx());
        if (fill.fee() != null && !Double.isFinite(fill.fee())) {
            throw new IllegalArgumentException("fee must be a finite number, got " + fill.fee());
        }
        PositionBook.requireSymbol(fill.symbol());
        if (fill.side() == null) {
            throw new IllegalArgumentException("side is required but not provided");
        }
    }

    private static void requirePresentPositive(String name, Double value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required but not provided");
        }
        PositionBook.requirePositive(name, value);
    }
}

package io.canarykit.operators.risk;

import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.window.UtcDays;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import java.time.LocalDate;

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
 * the current and the previous UTC day; older keys are dropped at rollover so the store stays
 * bounded by two days of fills.
 *
 * <p>The figures form a small {@link State}; the holdings of every symbol quoted and the keys of
 * fills and orders, which grow with symbols and trading, live in the caller's {@link Stores}. A mark
 * touches one holding; a fill one holding and at most three keys.
 */
public final class RiskBudget {


    private final PositionBook book;
    private final Stores stores;
    private RiskLimits limits;
    private double fees;

    private long clockTs;
    private long day;
    // The day as the snapshot writes it, kept while the day lasts: every evaluation takes a snapshot.
    private String dayText;
    private double startOfDayEquity;
    private double peakEquity;
    // The budget's own peak: since the later of the day's start and the last risk reset.
    private double resetPeakEquity;
    private long lastResetTs;
    // Realised PnL, fees and unrealised PnL at the start of the day, so the day's own figures are differences.
    private double realisedAtDayStart;
    private double feesAtDayStart;
    private double unrealisedAtDayStart;

    // Orders filled since the last reset carry this epoch; a reset or a rollover starts a new one,
    // so the set empties without touching its entries.
    private long resetEpoch;
    private long tradesToday;
    private long tradesSinceReset;
    private long canaryTradesToday;
    private double notionalToday;
    private double canaryNotionalToday;

    /** Starts the account on the UTC day of {@code startTs} with no positions, keeping its keys on the heap. */
    public RiskBudget(RiskLimits limits, long startTs) {
        this(limits, startTs, Stores.onHeap());
    }

    private RiskBudget(RiskLimits limits, long startTs, Stores stores) {
        this.limits = requireLimits(limits);
        this.stores = requireStores(stores);
        this.book = PositionBook.create(stores.holdings());
        this.clockTs = startTs;
        this.day = dayOf(startTs);
        this.startOfDayEquity = equity();
        this.peakEquity = startOfDayEquity;
        this.resetPeakEquity = startOfDayEquity;
        this.lastResetTs = Long.MIN_VALUE;
    }

    private RiskBudget(State state, Stores stores) {
        this.stores = requireStores(stores);
        this.limits = requireLimits(state.limits());
        this.book = PositionBook.restore(state.book(), stores.holdings());
        this.fees = state.fees();
        this.clockTs = state.clockTs();
        this.day = state.day();
        this.startOfDayEquity = state.startOfDayEquity();
        this.peakEquity = state.peakEquity();
        this.resetPeakEquity = state.resetPeakEquity();
        this.lastResetTs = state.lastResetTs();
        this.realisedAtDayStart = state.realisedAtDayStart();
        this.feesAtDayStart = state.feesAtDayStart();
        this.unrealisedAtDayStart = state.unrealisedAtDayStart();
        this.resetEpoch = state.resetEpoch();
        this.tradesToday = state.tradesToday();
        this.tradesSinceReset = state.tradesSinceReset();
        this.canaryTradesToday = state.canaryTradesToday();
        this.notionalToday = state.notionalToday();
        this.canaryNotionalToday = state.canaryNotionalToday();
    }

    /** Starts the account on the UTC day of {@code startTs} with no positions, keeping its keys in {@code stores}. */
    public static RiskBudget create(RiskLimits limits, long startTs, Stores stores) {
        return new RiskBudget(limits, startTs, stores);
    }

    /**
     * The budget as it was when {@code state} was taken, reading the same {@code stores}; when
     * {@code limits} differ from the state's, they are applied as by {@link #setLimits}.
     */
    public static RiskBudget restore(RiskLimits limits, State state, Stores stores) {
        requireLimits(limits);
        if (state == null) {
            throw new IllegalArgumentException("state is required but not provided");
        }
        RiskBudget budget = new RiskBudget(state, stores);
        if (!limits.equals(budget.limits)) {
            budget.setLimits(limits);
        }
        return budget;
    }

    /** The budget's figures, without the stores; an immutable record that later events do not change. */
    public State state() {
        return new State(limits, book.state(), fees, clockTs, day, startOfDayEquity, peakEquity, resetPeakEquity,
                lastResetTs, resetEpoch, tradesToday, tradesSinceReset, canaryTradesToday, notionalToday,
                canaryNotionalToday, realisedAtDayStart, feesAtDayStart, unrealisedAtDayStart);
    }

    /** Applies a fill and returns whether it counted (false for a duplicate, and for a shadow order's paper fill). */
    public boolean onFill(OrderEvent fill) {
        requireFill(fill);
        if (fill.shadow()) {
            return false;
        }
        advanceTo(fill.ts());
        if (!new FillKeys(stores.fillKeys()).firstTime(fill, day)) {
            return false;
        }
        PositionChange change = book.fill(fill.symbol(), fill.ts(), fill.side(), fill.fillQty(), fill.fillPx());
        settle(change.ofFill(fill.orderId(), fill.canary(), fill.fee() == null ? 0.0 : fill.fee(), fill.fillNotional()));
        return true;
    }

    /**
     * Applies what a fill or a mark did to a position that its symbol keeps: the totals move as if
     * this budget held the position itself ({@link #onFill}, {@link #onMark}), and a fill counts its
     * trade, fee and notional. The symbol has already told a repeated or a paper fill apart.
     */
    public void onChange(PositionChange change) {
        if (change == null) {
            throw new IllegalArgumentException("change is required but not provided");
        }
        advanceTo(change.ts());
        book.applyChange(change);
        settle(change);
    }

    // What follows a position's change: a fill's trade, fee and notional, then the day's peaks.
    private void settle(PositionChange change) {
        if (change.isFill()) {
            fees += change.fee();
            countTrade(change.orderId(), change.canary());
            notionalToday += change.notional();
            if (change.canary()) {
                canaryNotionalToday += change.notional();
            }
        }
        raisePeak();
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
     * Puts the budget back to 1.0 at {@code ts}: the budget's own peak becomes the current equity (so
     * {@code dd_since_reset} restarts from zero, still measured against start-of-day equity) and its
     * trade count restarts. The day's true figures ({@code dd_today}, its peak, trade counts and
     * notional) are kept: a reset lends the desk budget, it does not rewrite the day.
     */
    public void reset(long ts) {
        advanceTo(ts);
        resetPeakEquity = equity();
        startNewResetEpoch();
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
        resetPeakEquity += capitalChange;
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
        Double ddToday = drawdownFrom(peakEquity, equity);
        Double ddSinceReset = drawdownFrom(resetPeakEquity, equity);
        double budgetLeft = ddSinceReset == null ? 0.0 : budgetLeft(ddSinceReset, tradesSinceReset);
        boolean gate = ddSinceReset == null || budgetLeft <= 0.0 || ddSinceReset >= limits.maxDailyDrawdownPct();
        Double share = notionalToday > 0.0 ? canaryNotionalToday / notionalToday : null;
        return new RiskSnapshot(
                clockTs,
                dayText(),
                budgetLeft,
                ddToday,
                ddSinceReset,
                tradesToday,
                tradesSinceReset,
                book.openPositions(),
                share,
                tradesToday,
                canaryTradesToday,
                equity,
                startOfDayEquity,
                peakEquity,
                book.realised() - realisedAtDayStart,
                fees - feesAtDayStart,
                book.unrealised() - unrealisedAtDayStart,
                lastResetTs == Long.MIN_VALUE ? null : lastResetTs,
                gate,
                canaryCapReached(share),
                limits);
    }

    private String dayText() {
        String text = dayText;
        if (text == null) {
            text = LocalDate.ofEpochDay(day).toString();
            dayText = text;
        }
        return text;
    }

    // A drawdown from {@code peak}, as a fraction of the start-of-day equity; none when that is not positive.
    private Double drawdownFrom(double peak, double equity) {
        return startOfDayEquity > 0.0 ? (peak - equity) / startOfDayEquity : null;
    }

    private double budgetLeft(double dd, long trades) {
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
        double equity = equity();
        peakEquity = Math.max(peakEquity, equity);
        resetPeakEquity = Math.max(resetPeakEquity, equity);
    }

    private void countTrade(String orderId, boolean canary) {
        Long filledOn = stores.ordersToday().get(orderId);
        if (filledOn == null || filledOn != day) {
            stores.ordersToday().put(orderId, day);
            tradesToday++;
            if (canary) {
                canaryTradesToday++;
            }
        }
        Long epoch = stores.ordersSinceReset().get(orderId);
        if (epoch == null || epoch != resetEpoch) {
            stores.ordersSinceReset().put(orderId, resetEpoch);
            tradesSinceReset++;
        }
    }

    private void startNewResetEpoch() {
        resetEpoch++;
        tradesSinceReset = 0;
    }

    private void rollOver(long newDay) {
        startOfDayEquity = equity();
        peakEquity = startOfDayEquity;
        resetPeakEquity = startOfDayEquity;
        realisedAtDayStart = book.realised();
        feesAtDayStart = fees;
        unrealisedAtDayStart = book.unrealised();
        tradesToday = 0;
        canaryTradesToday = 0;
        notionalToday = 0.0;
        canaryNotionalToday = 0.0;
        startNewResetEpoch();
        lastResetTs = Long.MIN_VALUE;
        day = newDay;
        dayText = null;
        purgeStaleKeys();
    }

    // Once a day, so the stores hold only what the new day can still match: fill keys of the
    // previous day, and no orders at all (their day and epoch are both over).
    private void purgeStaleKeys() {
        new FillKeys(stores.fillKeys()).forgetBefore(day);
        stores.ordersToday().clear();
        stores.ordersSinceReset().clear();
    }

    private static long dayOf(long ts) {
        return UtcDays.dayOf(ts);
    }

    private static Stores requireStores(Stores stores) {
        if (stores == null) {
            throw new IllegalArgumentException("stores is required but not provided");
        }
        return stores;
    }

    private static RiskLimits requireLimits(RiskLimits limits) {
        if (limits == null) {
            throw new IllegalArgumentException("limits is required but not provided");
        }
        return limits;
    }

    /** Checks that the budget can apply {@code fill}, without applying it; throws naming what is wrong. */
    public static void checkFill(OrderEvent fill) {
        requireFill(fill);
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

    /**
     * The budget's figures, without the holdings and the keys of fills and orders.
     *
     * @param limits the limits in force
     * @param book the PnL of the positions and the symbols that hold one
     * @param fees fees paid so far
     * @param clockTs the latest timestamp seen
     * @param day the current UTC day, in days since the epoch
     * @param startOfDayEquity equity at the start of the day (moved by capital changes)
     * @param peakEquity highest equity since the start of the day, whatever the resets
     * @param resetPeakEquity highest equity since the later of the day's start and the last reset
     * @param lastResetTs time of today's last reset, {@link Long#MIN_VALUE} when none
     * @param resetEpoch the epoch that marks orders filled since the last reset or rollover
     * @param tradesToday orders with a fill today
     * @param tradesSinceReset orders with a fill since the start of the day or the last reset
     * @param canaryTradesToday canary orders with a fill today
     * @param notionalToday fill notional today
     * @param canaryNotionalToday canary fill notional today
     * @param realisedAtDayStart realised PnL (since the state started) at the start of the day
     * @param feesAtDayStart fees (since the state started) at the start of the day
     * @param unrealisedAtDayStart unrealised PnL of the positions carried into the day, at the start of the day
     */
    public record State(
            RiskLimits limits,
            PositionBook.State book,
            double fees,
            long clockTs,
            long day,
            double startOfDayEquity,
            double peakEquity,
            double resetPeakEquity,
            long lastResetTs,
            long resetEpoch,
            long tradesToday,
            long tradesSinceReset,
            long canaryTradesToday,
            double notionalToday,
            double canaryNotionalToday,
            double realisedAtDayStart,
            double feesAtDayStart,
            double unrealisedAtDayStart) {}

    /**
     * Where the budget keeps its holdings and its keys, the keys valued so that a rollover or a reset
     * never has to rewrite them one by one.
     *
     * @param holdings each symbol's position and latest mark, flat or not
     * @param fillKeys {@link OrderEvent#dedupKey()} of each applied fill, valued with the UTC day it was applied on
     * @param ordersToday order ids filled today, valued with the UTC day
     * @param ordersSinceReset order ids filled since the last reset, valued with the reset epoch
     */
    public record Stores(
            KeyValueStore<String, PositionBook.Holding> holdings,
            KeyValueStore<String, Long> fillKeys,
            KeyValueStore<String, Long> ordersToday,
            KeyValueStore<String, Long> ordersSinceReset) {

        public Stores {
            if (holdings == null || fillKeys == null || ordersToday == null || ordersSinceReset == null) {
                throw new IllegalArgumentException("holdings, fillKeys, ordersToday and ordersSinceReset are required");
            }
        }

        /** Four empty stores on the heap. */
        public static Stores onHeap() {
            return new Stores(KeyValueStore.onHeap(), KeyValueStore.onHeap(), KeyValueStore.onHeap(),
                    KeyValueStore.onHeap());
        }
    }
}

package io.canarykit.operators.account;

import io.canarykit.operators.risk.FillKeys;
import io.canarykit.operators.risk.PositionBook;
import io.canarykit.operators.risk.PositionChange;
import io.canarykit.operators.risk.RiskBudget;
import io.canarykit.operators.signals.OrderMemory;
import io.canarykit.operators.signals.OrderTracker;
import io.canarykit.operators.signals.OrderUpdate;
import io.canarykit.operators.signals.SloFact;
import io.canarykit.operators.signals.Unusable;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.UtcDays;
import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.codec.RejectReason;

/**
 * The account's work that belongs to symbols: the order registry that turns order events into the
 * desk SLO's facts, and the positions that fills and primary mids move. It turns one symbol's events
 * into the {@link AccountChange}s the account applies, so the job keeps it per symbol, beside the
 * symbol's gate, and the one account operator receives changes rather than every primary mid. A
 * mark of a symbol that holds no position changes nothing the account reads and makes no change.
 * Plain Java: the job keeps its {@link State} and {@link Stores} in keyed state.
 */
public final class SymbolLedger {

    private static final long NEVER = Long.MIN_VALUE;

    private final OrderTracker orders;
    private final PositionBook positions;
    private final FillKeys fillKeys;
    private long clockTs;

    /** The ledger's small state: the order registry's clock and count, and the newest time seen. */
    public record State(OrderTracker.State orders, long clockTs) {}

    /** Where the ledger keeps its orders, the symbols' holdings and the keys of their fills. */
    public record Stores(
            KeyValueStore<String, OrderMemory> orders,
            WindowLog<String> finishedOrders,
            WindowLog<String> openOrders,
            KeyValueStore<String, PositionBook.Holding> holdings,
            KeyValueStore<String, Long> fillKeys) {

        public static Stores onHeap() {
            return new Stores(KeyValueStore.onHeap(),
                    new EventTimeWindow<>(OrderTracker.FINISHED_ORDER_RETENTION_MS),
                    new EventTimeWindow<>(OrderTracker.OPEN_ORDER_RETENTION_MS),
                    KeyValueStore.onHeap(), KeyValueStore.onHeap());
        }
    }

    private SymbolLedger(OrderTracker orders, Stores stores, long clockTs) {
        this.orders = orders;
        this.positions = PositionBook.create(stores.holdings());
        this.fillKeys = new FillKeys(stores.fillKeys());
        this.clockTs = clockTs;
    }

    /** A ledger with empty stores. */
    public static SymbolLedger create(Stores stores) {
        return new SymbolLedger(OrderTracker.create(OrderTracker.FINISHED_ORDER_RETENTION_MS,
                OrderTracker.OPEN_ORDER_RETENTION_MS, stores.orders(), stores.finishedOrders(), stores.openOrders()),
                stores, NEVER);
    }

    /** The ledger that {@code state} and {@code stores} describe. */
    public static SymbolLedger restore(State state, Stores stores) {
        return new SymbolLedger(OrderTracker.restore(OrderTracker.FINISHED_ORDER_RETENTION_MS,
                OrderTracker.OPEN_ORDER_RETENTION_MS, state.orders(), stores.orders(), stores.finishedOrders(),
                stores.openOrders()), stores, state.clockTs());
    }

    public State state() {
        return new State(orders.state(), clockTs);
    }

    /**
     * What a live order event changes on the account, or null when nothing: every new event with an
     * SLO fact feeds the SLO, a fill also the position. A paper (shadow) order changes nothing here;
     * a fill sent again within two UTC days moves no position. An event the budget or the order rules
     * refuse goes to {@code unusable} and changes nothing.
     */
    public AccountChange order(OrderEvent order, Unusable<OrderEvent> unusable) {
        try {
            boolean fill = order.event() == OrderEventType.FILL;
            if (fill) {
                RiskBudget.checkFill(order);
            }
            OrderUpdate update = orders.accept(order);
            if (update.status() == OrderUpdate.Status.UNUSABLE) {
                unusable.reject(order, RejectReason.INVALID_VALUE, update.problem());
                return null;
            }
            if (update.shadow()) {
                return null;
            }
            advanceDayTo(order.ts());
            SloFact fact = update.isNew() ? update.fact() : null;
            PositionChange position = fill && fillKeys.firstTime(order, day())
                    ? positions.fill(order.symbol(), order.ts(), order.side(), order.fillQty(), order.fillPx())
                            .ofFill(order.orderId(), order.canary(), order.fee() == null ? 0.0 : order.fee(),
                                    order.fillNotional())
                    : null;
            if (fact == null && position == null) {
                return null;
            }
            return new AccountChange(order.ts(), AccountChange.ORDER_RANK + order.event().ordinal(), order.dedupKey(),
                    fact, position);
        } catch (RuntimeException e) {
            unusable.reject(order, RejectReason.PROCESSING_ERROR, Unusable.describe(e));
            return null;
        }
    }

    /**
     * What {@code symbol}'s primary mid changes on the account, or null when nothing: the mark is
     * kept either way (a later fill opens at it), but only a held position's value moves the
     * account. A mid the budget cannot take goes to {@code unusable} and changes nothing.
     */
    public AccountChange mark(String symbol, long ts, double mid, Unusable<String> unusable) {
        try {
            PositionChange change = positions.markChange(symbol, ts, mid);
            advanceDayTo(ts);
            if (change == null || !change.movesFigures()) {
                return null;
            }
            return new AccountChange(ts, AccountChange.MARK_RANK, symbol + "/" + mid, null, change);
        } catch (RuntimeException e) {
            unusable.reject(symbol, RejectReason.PROCESSING_ERROR, Unusable.describe(e));
            return null;
        }
    }

    /** The position and latest mark of {@code symbol}. */
    public PositionBook.Holding holding(String symbol) {
        return positions.holding(symbol);
    }

    /**
     * Moves the ledger's clock to {@code t}: the order registry forgets the orders quiet for long
     * enough, and a new UTC day the fill keys it can no longer match. It never moves back.
     */
    public void advanceTo(long t) {
        orders.advanceTo(t);
        advanceDayTo(t);
    }

    private void advanceDayTo(long t) {
        if (t <= clockTs) {
            return;
        }
        long before = clockTs == NEVER ? Long.MIN_VALUE : UtcDays.dayOf(clockTs);
        clockTs = t;
        if (UtcDays.dayOf(t) > before && before != Long.MIN_VALUE) {
            fillKeys.forgetBefore(day());
        }
    }

    private long day() {
        return UtcDays.dayOf(clockTs);
    }
}

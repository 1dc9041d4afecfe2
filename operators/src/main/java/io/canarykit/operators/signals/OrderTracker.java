package io.canarykit.operators.signals;

import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.OrderRetention;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.util.function.Consumer;

/**
 * The per-symbol registry of orders that turns raw order events into deduplicated SLO facts and
 * TCA records, remembering per order what its later events need.
 *
 * <p>An order is forgotten once it has been quiet (no new event, in event time) for
 * {@code terminalRetentionMs} after a terminal event (rejected, error, canceled, or fills reaching
 * its qty), or for {@code idleRetentionMs} otherwise. A duplicate, or any event, of a forgotten order
 * is then treated as the first of a new order: it counts again and its fills have no arrival mid.
 *
 * <p>The orders live in a {@link KeyValueStore} of the caller's. Forgetting never scans it: each
 * event that moves an order's last activity or finishes it logs the order id at its last activity
 * in the quiet log of its kind (finished or open), whose length is that kind's retention. The log
 * hands the id back exactly when that quiet time has run out; the order is then forgotten unless
 * its memory says it has been active since (a later entry covers it). So an event costs one map
 * write and at most one log entry, and in keyed state the ids join the log in time order.
 */
public final class OrderTracker {

    /** A finished order is forgotten after an hour without events, any order after a day. */
    public static final long FINISHED_ORDER_RETENTION_MS = OrderRetention.FINISHED_MS;
    public static final long OPEN_ORDER_RETENTION_MS = OrderRetention.OPEN_MS;

    private static final long NO_TIME = Long.MIN_VALUE;

    private final long terminalRetentionMs;
    private final long idleRetentionMs;
    private final KeyValueStore<String, OrderMemory> orders;
    private final WindowLog<String> finishedQuiet;
    private final WindowLog<String> openQuiet;
    private int remembered;
    private long now;
    // Made once: a method reference made per advance was an allocation per event.
    private final Consumer<String> forgetIfQuiet = this::forgetIfQuiet;

    /** The tracker's aggregate as keyed state holds it: its clock and the number of orders remembered. */
    public record State(long now, int orders) {}

    /** An empty tracker whose orders are held on the heap. */
    public OrderTracker(long terminalRetentionMs, long idleRetentionMs) {
        this(checkedTerminalRetention(terminalRetentionMs, idleRetentionMs), idleRetentionMs, emptyState(),
                KeyValueStore.onHeap(), new EventTimeWindow<>(terminalRetentionMs), new EventTimeWindow<>(idleRetentionMs));
    }

    /** A tracker that forgets finished orders after an hour of quiet and any order after a day. */
    public static OrderTracker withDefaults() {
        return new OrderTracker(FINISHED_ORDER_RETENTION_MS, OPEN_ORDER_RETENTION_MS);
    }

    private OrderTracker(long terminalRetentionMs, long idleRetentionMs, State state,
            KeyValueStore<String, OrderMemory> orders, WindowLog<String> finishedQuiet, WindowLog<String> openQuiet) {
        checkedTerminalRetention(terminalRetentionMs, idleRetentionMs);
        if (state == null) {
            throw new IllegalArgumentException("state is required but not provided");
        }
        if (state.orders() < 0) {
            throw new IllegalArgumentException("state.orders must not be negative, got " + state.orders());
        }
        if (orders == null) {
            throw new IllegalArgumentException("orders is required but not provided");
        }
        this.terminalRetentionMs = terminalRetentionMs;
        this.idleRetentionMs = idleRetentionMs;
        this.orders = orders;
        this.finishedQuiet = checkedLog(finishedQuiet, "finishedQuiet", terminalRetentionMs, "terminalRetentionMs");
        this.openQuiet = checkedLog(openQuiet, "openQuiet", idleRetentionMs, "idleRetentionMs");
        this.remembered = state.orders();
        this.now = state.now();
    }

    /**
     * An empty tracker keeping its orders in the caller's stores: {@code finishedQuiet} a log of
     * length {@code terminalRetentionMs}, {@code openQuiet} one of length {@code idleRetentionMs}.
     */
    public static OrderTracker create(long terminalRetentionMs, long idleRetentionMs,
            KeyValueStore<String, OrderMemory> orders, WindowLog<String> finishedQuiet, WindowLog<String> openQuiet) {
        return new OrderTracker(terminalRetentionMs, idleRetentionMs, emptyState(), orders, finishedQuiet, openQuiet);
    }

    /** The tracker that {@code state} and the stores describe, as {@link #state()} left it. */
    public static OrderTracker restore(long terminalRetentionMs, long idleRetentionMs, State state,
            KeyValueStore<String, OrderMemory> orders, WindowLog<String> finishedQuiet, WindowLog<String> openQuiet) {
        return new OrderTracker(terminalRetentionMs, idleRetentionMs, state, orders, finishedQuiet, openQuiet);
    }

    /** A copy of the aggregate. */
    public State state() {
        return new State(now, remembered);
    }

    /**
     * Applies one order event and says what it changed. An event it cannot use is refused before
     * anything changes, the clock included.
     */
    public OrderUpdate accept(OrderEvent event) {
        requireIdentity(event);
        String problem = unusableFill(event);
        if (problem != null) {
            return OrderUpdate.unusable(event, problem);
        }
        advanceTo(event.ts());
        OrderMemory order = orders.get(event.orderId());
        boolean known = order != null;
        if (!known) {
            order = new OrderMemory(event.side(), event.canary(), event.shadow(), event.modelId(), event.ts());
            remembered++;
        }
        // Once any event calls the order a paper one it stays one: a paper fill must never count as live.
        order.shadow |= event.shadow();
        long lastSeenBefore = order.lastSeenTs;
        boolean terminalBefore = order.terminal;
        OrderUpdate update = order.see(event.dedupKey())
                ? apply(order, event)
                : OrderUpdate.duplicate(event, order.canary, order.shadow);
        order.lastSeenTs = Math.max(order.lastSeenTs, event.ts());
        order.expiresAt = order.lastSeenTs + (order.terminal ? terminalRetentionMs : idleRetentionMs);
        // Written back every time: a keyed-state store hands out copies, not the stored order.
        orders.put(event.orderId(), order);
        if (!known || order.lastSeenTs != lastSeenBefore || order.terminal != terminalBefore) {
            (order.terminal ? finishedQuiet : openQuiet).add(order.lastSeenTs, event.orderId());
        }
        return update;
    }

    /** Moves the clock to {@code t} and forgets the orders whose quiet time ran out; it never moves back. */
    public void advanceTo(long t) {
        if (now != NO_TIME && t < now) {
            return;
        }
        now = t;
        finishedQuiet.advanceTo(t, forgetIfQuiet);
        openQuiet.advanceTo(t, forgetIfQuiet);
    }

    /** Number of orders remembered. */
    public int size() {
        return remembered;
    }

    public long now() {
        return now;
    }

    private OrderUpdate apply(OrderMemory order, OrderEvent e) {
        return switch (e.event()) {
            case PLACED -> place(order, e);
            case ACKED -> acknowledge(order, e);
            case REJECTED, ERROR -> fail(order, e);
            case FILL -> fill(order, e);
            case CANCELED -> cancel(order, e);
        };
    }

    private OrderUpdate place(OrderMemory order, OrderEvent e) {
        OrderUpdate.OrphanStep step = OrderUpdate.OrphanStep.NONE;
        // The first placement fixes the order's identity and arrival mid; a repeat with a new ts
        // still counts as a placement, as the contract counts events.
        if (!order.placed) {
            order.placed = true;
            order.placedTs = e.ts();
            order.side = e.side();
            order.canary = e.canary();
            order.modelId = e.modelId();
            order.arrivalMid = e.arrivalMid();
            order.qty = e.qty();
            // Any answer from the venue seen before the placement means no clock to start.
            if (!order.answered) {
                step = OrderUpdate.OrphanStep.START;
            }
        }
        return fresh(order, e, SloFact.placed(e.ts()), null, false, step);
    }

    private OrderUpdate acknowledge(OrderMemory order, OrderEvent e) {
        order.answered = true;
        Double placeMs = e.placeMs();
        boolean usable = placeMs != null && Double.isFinite(placeMs) && placeMs >= 0;
        if (usable && order.placeMs == null) {
            order.placeMs = placeMs;
        }
        SloFact fact = usable ? SloFact.acked(e.ts(), placeMs) : null;
        return fresh(order, e, fact, null, false, OrderUpdate.OrphanStep.SETTLE);
    }

    private OrderUpdate fail(OrderMemory order, OrderEvent e) {
        order.answered = true;
        order.terminal = true;
        return fresh(order, e, SloFact.failed(e.ts()), null, false, OrderUpdate.OrphanStep.SETTLE);
    }

    private OrderUpdate cancel(OrderMemory order, OrderEvent e) {
        order.answered = true;
        order.terminal = true;
        return fresh(order, e, null, null, false, OrderUpdate.OrphanStep.SETTLE);
    }

    private OrderUpdate fill(OrderMemory order, OrderEvent e) {
        double qty = e.fillQty();
        double px = e.fillPx();
        double notional = e.fillNotional();
        Double arrivalMid = order.arrivalMid != null ? order.arrivalMid : e.arrivalMid();
        Double slippage = slippageBps(order.side, px, arrivalMid);
        TcaRecord tca = new TcaRecord(e.orderId(), e.symbol(), e.ts(), order.side, order.modelId, order.canary,
                qty, px, arrivalMid, notional, e.fee() == null ? 0.0 : e.fee(), slippage, order.placeMs, null, false,
                order.shadow);
        boolean first = !order.hasFill;
        order.answered = true;
        order.hasFill = true;
        order.filledQty += qty;
        Double orderQty = order.qty != null ? order.qty : e.qty();
        if (orderQty != null && order.filledQty >= orderQty) {
            order.terminal = true;
        }
        return fresh(order, e, SloFact.fill(e.ts(), notional, slippage), tca, first, OrderUpdate.OrphanStep.SETTLE);
    }

    /** {@code sign * (fill_px - arrival_mid) / arrival_mid * 1e4}, or null when the arrival mid is unknown. */
    private static Double slippageBps(Side side, double fillPx, Double arrivalMid) {
        if (arrivalMid == null || !Double.isFinite(arrivalMid) || arrivalMid <= 0 || side == null) {
            return null;
        }
        return side.sign() * (fillPx - arrivalMid) / arrivalMid * 1e4;
    }

    private static OrderUpdate fresh(OrderMemory order, OrderEvent e, SloFact fact, TcaRecord tca,
            boolean firstFill, OrderUpdate.OrphanStep step) {
        // A paper order never reaches a venue, so it has no answer clock.
        OrderUpdate.OrphanStep orphanStep = order.shadow ? OrderUpdate.OrphanStep.NONE : step;
        return new OrderUpdate(OrderUpdate.Status.NEW, e, order.canary, order.shadow, fact, tca, firstFill, orphanStep,
                null);
    }

    /**
     * Why a fill cannot be used, or null when it can: no TCA without its size and price, and none
     * when its notional or its slippage against any arrival mid it may be measured from is too large
     * for a double.
     */
    private String unusableFill(OrderEvent e) {
        if (e.event() != OrderEventType.FILL) {
            return null;
        }
        if (!usableAmount(e.fillQty())) {
            return "fill_qty must be present, finite and non-negative on a fill, got " + e.fillQty();
        }
        if (!usableAmount(e.fillPx())) {
            return "fill_px must be present, finite and non-negative on a fill, got " + e.fillPx();
        }
        if (!Double.isFinite(e.fillNotional())) {
            return "fill notional " + e.fillQty() + " x " + e.fillPx() + " is too large for a number";
        }
        OrderMemory known = orders.get(e.orderId());
        for (Double arrivalMid : new Double[] {e.arrivalMid(), known == null ? null : known.arrivalMid}) {
            Double slippage = slippageBps(e.side(), e.fillPx(), arrivalMid);
            if (slippage != null && !Double.isFinite(slippage)) {
                return "slippage of fill_px " + e.fillPx() + " against arrival_mid " + arrivalMid + " is too large for a number";
            }
        }
        return null;
    }

    private static boolean usableAmount(Double v) {
        return v != null && Double.isFinite(v) && v >= 0;
    }

    private static void requireIdentity(OrderEvent e) {
        if (e == null) {
            throw new IllegalArgumentException("event is required but not provided");
        }
        if (e.orderId() == null) {
            throw new IllegalArgumentException("event.orderId is required but not provided");
        }
        if (e.event() == null) {
            throw new IllegalArgumentException("event.event is required but not provided");
        }
        if (e.side() == null) {
            throw new IllegalArgumentException("event.side is required but not provided");
        }
    }

    /** Forgets the order of an id that a quiet log handed back, unless it has been active since. */
    private void forgetIfQuiet(String orderId) {
        OrderMemory order = orders.get(orderId);
        if (order != null && order.expiresAt <= now) {
            orders.remove(orderId);
            remembered--;
        }
    }

    private static long checkedTerminalRetention(long terminalRetentionMs, long idleRetentionMs) {
        if (terminalRetentionMs <= 0) {
            throw new IllegalArgumentException("terminalRetentionMs must be positive, got " + terminalRetentionMs);
        }
        if (idleRetentionMs < terminalRetentionMs) {
            throw new IllegalArgumentException("idleRetentionMs must be at least terminalRetentionMs ("
                    + terminalRetentionMs + "), got " + idleRetentionMs);
        }
        return terminalRetentionMs;
    }

    private static WindowLog<String> checkedLog(WindowLog<String> log, String name, long lengthMs, String lengthName) {
        if (log == null) {
            throw new IllegalArgumentException(name + " is required but not provided");
        }
        if (log.lengthMs() != lengthMs) {
            throw new IllegalArgumentException(name + " must be a log of " + lengthName + " (" + lengthMs
                    + "), got one of " + log.lengthMs());
        }
        return log;
    }

    private static State emptyState() {
        return new State(NO_TIME, 0);
    }
}

package io.canarykit.operators.symbol;

import io.canarykit.operators.risk.FillKeys;
import io.canarykit.operators.risk.PositionBook;
import io.canarykit.operators.window.UtcDays;
import io.canarykit.schema.OrderEvent;

/**
 * What a symbol's live fills add up to: the UTC day's trades and canary trades, and the symbol's own
 * position, so the gate knows whether it holds one without the account telling every symbol which
 * symbols do.
 */
final class SymbolFills {

    private final SymbolStores stores;
    private long tradeDay;
    private long trades;
    private long canaryTrades;
    private PositionBook.Holding position = PositionBook.Holding.EMPTY;

    private SymbolFills(SymbolStores stores) {
        this.stores = stores;
    }

    /** No fill yet, over empty {@code stores}. */
    static SymbolFills create(SymbolStores stores) {
        return new SymbolFills(stores);
    }

    /** The day's counts and the position {@code state} saved. */
    static SymbolFills restore(SymbolWatch.State state, SymbolStores stores) {
        SymbolFills fills = new SymbolFills(stores);
        fills.tradeDay = state.tradeDay();
        fills.trades = state.trades();
        fills.canaryTrades = state.canaryTrades();
        fills.position =
                new PositionBook.Holding(state.positionQty(), state.positionAvgCost(), Double.NaN, Long.MIN_VALUE);
        return fills;
    }

    /** Counts one new live fill of the symbol's order, {@code canary} or not. */
    void add(OrderEvent fill, boolean canary) {
        countTrade(fill.orderId(), fill.ts(), canary);
        applyToPosition(fill);
    }

    // An order counts once a UTC day: a fill on a later day than its last counted one counts it again
    // there, as the account's trade count does. A late fill of a closed day counts today.
    private void countTrade(String orderId, long ts, boolean canary) {
        rollTo(ts);
        Long countedOn = stores.tradedToday().get(orderId);
        if (countedOn == null || countedOn != tradeDay) {
            stores.tradedToday().put(orderId, tradeDay);
            trades++;
            if (canary) {
                canaryTrades++;
            }
        }
    }

    // The budget's rule for a repeated fill, so the symbol and the account agree on its position.
    private void applyToPosition(OrderEvent fill) {
        if (new FillKeys(stores.fillKeys()).firstTime(fill, tradeDay)) {
            position = position.filled(fill.side(), fill.fillQty(), fill.fillPx());
        }
    }

    /** Starts the UTC day of {@code ts} from zero if it is later than the day counted. */
    void rollTo(long ts) {
        long day = UtcDays.dayOf(ts);
        if (day > tradeDay) {
            tradeDay = day;
            trades = 0;
            canaryTrades = 0;
            stores.tradedToday().clear();
            new FillKeys(stores.fillKeys()).forgetBefore(day);
        }
    }

    boolean holdsPosition() {
        return !position.isFlat();
    }

    TradeDayCounts counts() {
        return new TradeDayCounts(tradeDay, trades, canaryTrades);
    }

    /** As {@link SymbolWatch#carryOn}. */
    void carryOn(TradeDayCounts counts) {
        if (counts != null && counts.day() >= tradeDay) {
            tradeDay = counts.day();
            trades = counts.trades();
            canaryTrades = counts.canaryTrades();
        }
    }

    long tradeDay() {
        return tradeDay;
    }

    long trades() {
        return trades;
    }

    long canaryTrades() {
        return canaryTrades;
    }

    double positionQty() {
        return position.qty();
    }

    double positionAvgCost() {
        return position.avgCost();
    }
}

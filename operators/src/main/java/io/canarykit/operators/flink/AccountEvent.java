package io.canarykit.operators.flink;

import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.OrderEvent;
import java.util.Comparator;

/**
 * One input of the account operator: an order event (fills feed the budget, every event the
 * account-wide SLO), a primary mid that marks a position, or an operator command that concerns the
 * budget (risk reset, new limits).
 */
public record AccountEvent(long ts, OrderEvent order, String markSymbol, Double markMid, ControlCommand control) {

    /** The key of the account-wide operator: one budget for the whole desk. */
    public static final String ACCOUNT_KEY = "_global";

    public static AccountEvent order(OrderEvent order) {
        return new AccountEvent(order.ts(), order, null, null, null);
    }

    public static AccountEvent mark(String symbol, long ts, double mid) {
        return new AccountEvent(ts, null, symbol, mid, null);
    }

    public static AccountEvent control(ControlCommand c) {
        return new AccountEvent(c.ts(), null, null, null, c);
    }

    /**
     * The order in which events of one timestamp are applied, whatever order they arrived in:
     * commands, then marks, then order events in lifecycle order, each by content.
     */
    public static final Comparator<AccountEvent> APPLY_ORDER =
            Comparator.comparingInt(AccountEvent::applyRank).thenComparing(AccountEvent::contentKey);

    private int applyRank() {
        if (control != null) {
            return 0;
        }
        return markSymbol != null ? 1 : 10 + order.event().ordinal();
    }

    private String contentKey() {
        if (control != null) {
            return control.id();
        }
        return markSymbol != null ? markSymbol + "/" + markMid : order.dedupKey();
    }
}

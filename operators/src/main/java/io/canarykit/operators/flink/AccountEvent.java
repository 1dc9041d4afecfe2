package io.canarykit.operators.flink;

import io.canarykit.operators.account.AccountChange;
import io.canarykit.schema.ControlCommand;
import java.util.Comparator;

/**
 * One input of the account operator: what a symbol's order event or primary mid changed (made by
 * the symbol's ledger, where the symbol's events are), or an operator command that concerns the
 * budget (risk reset, new limits, refresh).
 */
public record AccountEvent(long ts, AccountChange change, ControlCommand control) {

    /** The key of the account-wide operator: one budget for the whole desk. */
    public static final String ACCOUNT_KEY = "_global";

    public static AccountEvent change(AccountChange change) {
        return new AccountEvent(change.ts(), change, null);
    }

    public static AccountEvent control(ControlCommand c) {
        return new AccountEvent(c.ts(), null, c);
    }

    /**
     * The order in which events of one timestamp are applied, whatever order they arrived in:
     * commands, then marks, then order events in lifecycle order, each by content.
     */
    public static final Comparator<AccountEvent> APPLY_ORDER =
            Comparator.comparingInt(AccountEvent::applyRank).thenComparing(AccountEvent::contentKey);

    private int applyRank() {
        return control != null ? 0 : change.rank();
    }

    private String contentKey() {
        return control != null ? control.id() : change.contentKey();
    }
}

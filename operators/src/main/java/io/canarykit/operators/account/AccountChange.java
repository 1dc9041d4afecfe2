package io.canarykit.operators.account;

import io.canarykit.operators.risk.PositionChange;
import io.canarykit.operators.signals.SloFact;

/**
 * What one symbol's order event or primary mid changes on the account: a fact for the desk's SLO
 * window, a change of the symbol's position for the budget, or both. A {@link SymbolLedger} makes
 * it where the symbol's events are; the account applies changes of one timestamp in the order their
 * events would have been applied in ({@code rank}, then {@code contentKey}), so its figures do not
 * depend on which symbol's change arrived first.
 *
 * @param ts the event's time
 * @param rank the event's place among events of one timestamp: a mark 1, an order event 10 plus its lifecycle step
 * @param contentKey the event's content, which orders events of one rank
 * @param fact the SLO fact, or null
 * @param position the position's change, or null
 */
public record AccountChange(long ts, int rank, String contentKey, SloFact fact, PositionChange position) {

    /** The rank of a primary mid: after commands, before order events. */
    public static final int MARK_RANK = 1;
    /** The rank of an order event is this plus its lifecycle step. */
    public static final int ORDER_RANK = 10;
}

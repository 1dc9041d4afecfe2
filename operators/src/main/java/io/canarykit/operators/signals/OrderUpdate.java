package io.canarykit.operators.signals;

import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.TcaRecord;

/**
 * What one order event changed: whether it was new, a duplicate or unusable, the SLO fact it adds,
 * the TCA record of a fill, and what it means for the order's answer clock.
 *
 * @param canary whether the order is the challenger's (from its placement when that was seen)
 * @param shadow whether the order is the challenger's paper order (from its placement when that was seen)
 * @param fact the fact for the SLO windows, or null (duplicates, cancels, acks without place_ms)
 * @param tca the TCA record of a distinct fill, or null
 * @param firstFill true for the first distinct fill of the order, so the order now counts as a trade
 * @param problem why an unusable event could not be used, or null
 */
public record OrderUpdate(
        Status status,
        OrderEvent event,
        boolean canary,
        boolean shadow,
        SloFact fact,
        TcaRecord tca,
        boolean firstFill,
        OrphanStep orphanStep,
        String problem) {

    /** Whether the event counted. */
    public enum Status {
        NEW,
        DUPLICATE,
        UNUSABLE
    }

    /** What the event does to the order's answer clock in {@link OrphanTracker}. */
    public enum OrphanStep {
        NONE,
        START,
        SETTLE
    }

    static OrderUpdate duplicate(OrderEvent event, boolean canary, boolean shadow) {
        return new OrderUpdate(Status.DUPLICATE, event, canary, shadow, null, null, false, OrphanStep.NONE, null);
    }

    static OrderUpdate unusable(OrderEvent event, String problem) {
        return new OrderUpdate(Status.UNUSABLE, event, event.canary(), event.shadow(), null, null, false, OrphanStep.NONE, problem);
    }

    public boolean isNew() {
        return status == Status.NEW;
    }

    /**
     * Records the fact in the window of all orders and, for a challenger's order, in the canary window.
     * A shadow order's fact goes to the canary window only: paper fills judge the challenger, and must
     * neither trip nor relax the symbol's live SLO gates.
     */
    public void applyTo(SloWindow allOrders, SloWindow canaryOrders) {
        if (allOrders == null) {
            throw new IllegalArgumentException("allOrders is required but not provided");
        }
        if (canaryOrders == null) {
            throw new IllegalArgumentException("canaryOrders is required but not provided");
        }
        if (fact == null) {
            return;
        }
        if (!shadow) {
            allOrders.record(fact);
        }
        if (canary) {
            canaryOrders.record(fact);
        }
    }

    /** Starts or stops the order's answer clock. */
    public void applyTo(OrphanTracker orphans) {
        if (orphans == null) {
            throw new IllegalArgumentException("orphans is required but not provided");
        }
        switch (orphanStep) {
            case START -> orphans.placed(event.orderId(), event.ts());
            case SETTLE -> orphans.settled(event.orderId(), event.ts());
            case NONE -> { }
        }
    }
}

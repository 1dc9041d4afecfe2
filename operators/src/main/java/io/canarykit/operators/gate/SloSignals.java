package io.canarykit.operators.gate;

/**
 * The SLO values over one set of orders (all of a symbol's, or the canary's only), each with the
 * count it was computed from; a null value means the window held nothing to compute it from.
 *
 * @param p95PlaceMs nearest-rank p95 of {@code place_ms} of acked orders
 * @param acked acked orders with a {@code place_ms} in the window (the p95's sample count)
 * @param errorRate (rejected + error) / placed
 * @param placed placed orders in the window (the error rate's sample count)
 * @param slippageBps notional-weighted mean slippage of fills, positive = cost
 */
public record SloSignals(Double p95PlaceMs, long acked, Double errorRate, long placed, Double slippageBps) {

    /** No orders at all: every SLO value null and every count zero. */
    public static final SloSignals NONE = new SloSignals(null, 0, null, 0, null);

    public SloSignals {
        ArgumentChecks.requireFiniteOrNull("p95PlaceMs", p95PlaceMs);
        ArgumentChecks.requireFiniteOrNull("errorRate", errorRate);
        ArgumentChecks.requireFiniteOrNull("slippageBps", slippageBps);
        ArgumentChecks.requireNonNegative("acked", acked);
        ArgumentChecks.requireNonNegative("placed", placed);
    }
}

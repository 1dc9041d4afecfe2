package io.canarykit.operators.risk;

/**
 * What one fill or primary mid did to one symbol's position, as the account's totals need it: the
 * PnL it realised and the symbol's unrealised PnL before and after. The symbol that keeps the
 * position sends it; the account adds it to its totals exactly as if it held the position itself.
 *
 * @param ts the fill's or the mid's time
 * @param symbol the symbol
 * @param realised PnL the fill realised (0 for a mark)
 * @param unrealisedBefore the symbol's unrealised PnL before
 * @param unrealisedAfter the symbol's unrealised PnL after
 * @param flatBefore whether the symbol held no position before
 * @param flatAfter whether it holds none after
 * @param orderId the filled order, or null for a mark
 * @param canary whether the filled order was the challenger's
 * @param fee the fill's fee (0 for a mark)
 * @param notional the fill's notional (0 for a mark)
 */
public record PositionChange(
        long ts,
        String symbol,
        double realised,
        double unrealisedBefore,
        double unrealisedAfter,
        boolean flatBefore,
        boolean flatAfter,
        String orderId,
        boolean canary,
        double fee,
        double notional) {

    static PositionChange between(long ts, String symbol, double realised, PositionBook.Holding before,
            PositionBook.Holding after) {
        return new PositionChange(ts, symbol, realised, before.unrealised(), after.unrealised(), before.isFlat(),
                after.isFlat(), null, false, 0.0, 0.0);
    }

    /** This change, as made by a fill of {@code orderId}. */
    public PositionChange ofFill(String orderId, boolean canary, double fee, double notional) {
        return new PositionChange(ts, symbol, realised, unrealisedBefore, unrealisedAfter, flatBefore, flatAfter,
                orderId, canary, fee, notional);
    }

    public boolean isFill() {
        return orderId != null;
    }

    /**
     * Whether the change moves any figure of the account: a mark of a symbol that holds no position
     * does not (its unrealised PnL is 0 before and after), and need not reach the account.
     */
    public boolean movesFigures() {
        return isFill() || !(flatBefore && flatAfter);
    }
}

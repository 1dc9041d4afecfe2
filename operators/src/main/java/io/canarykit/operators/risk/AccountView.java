package io.canarykit.operators.risk;

import io.canarykit.operators.gate.AccountSignals;
import java.util.List;
import java.util.Objects;

/**
 * What every symbol's gate needs from the account at time {@code ts}: the budget, open positions,
 * the canary notional share and which symbols hold a position. The account operator sends one
 * whenever one of these changes.
 */
public record AccountView(
        long ts,
        double budgetLeft,
        double ddToday,
        int openPositions,
        Double canaryNotionalShare,
        List<String> symbolsWithPosition) {

    public AccountView {
        // Returns an immutable list as it is, so a view built per event around the account's list copies nothing.
        symbolsWithPosition = List.copyOf(symbolsWithPosition);
    }

    /** The view of a fresh account: full budget, no positions, no fills. */
    public static AccountView fresh(long ts) {
        return new AccountView(ts, 1.0, 0.0, 0, null, List.of());
    }

    /**
     * The view of {@code snapshot}. A drawdown with no value (start-of-day equity not positive)
     * reads as 0, because the budget is then already 0 and its gate trips on that.
     */
    public static AccountView of(RiskSnapshot snapshot, List<String> symbolsWithPosition) {
        double dd = snapshot.ddToday() == null ? 0.0 : snapshot.ddToday();
        return new AccountView(
                snapshot.ts(),
                snapshot.budgetLeft(),
                dd,
                snapshot.openPositions(),
                snapshot.canaryNotionalShare(),
                symbolsWithPosition);
    }

    /** The gate's view of the account. */
    public AccountSignals signals() {
        return new AccountSignals(budgetLeft, ddToday, openPositions, canaryNotionalShare);
    }

    public boolean holdsPosition(String symbol) {
        return symbolsWithPosition.contains(symbol);
    }

    /**
     * True when a gate could answer differently under {@code other} than under this view, whatever
     * its limits: the budget spent or not, the open positions, which symbols hold one, or the canary
     * notional share. The drawdown alone cannot: the budget is spent exactly when it reaches its limit.
     */
    public boolean gatesMayDifferFrom(AccountView other) {
        return other == null
                || (budgetLeft <= 0) != (other.budgetLeft <= 0)
                || openPositions != other.openPositions
                || !Objects.equals(canaryNotionalShare, other.canaryNotionalShare)
                || !symbolsWithPosition.equals(other.symbolsWithPosition);
    }

    /** True when {@code other} would give every gate the same answer as this view, whatever its time. */
    public boolean sameFiguresAs(AccountView other) {
        return other != null
                && budgetLeft == other.budgetLeft
                && ddToday == other.ddToday
                && openPositions == other.openPositions
                && Objects.equals(canaryNotionalShare, other.canaryNotionalShare)
                && symbolsWithPosition.equals(other.symbolsWithPosition);
    }
}

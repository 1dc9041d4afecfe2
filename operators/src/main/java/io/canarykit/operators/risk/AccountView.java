package io.canarykit.operators.risk;

import java.util.Objects;

/**
 * What every symbol's gate needs from the account at time {@code ts}: the budget (its left share
 * and its drawdown since the last risk reset), open positions, the canary notional share and the
 * risk one trade may take at full size ({@code start_of_day_equity * RISK_PER_TRADE_PCT}), which
 * the decision scales by its size multiplier. The account operator sends one whenever one of these
 * changes. Whether a symbol holds a position is its own gate's to know, from its own fills: the
 * view stays a handful of numbers however many symbols the desk holds.
 */
public record AccountView(
        long ts,
        double budgetLeft,
        double ddSinceReset,
        int openPositions,
        Double canaryNotionalShare,
        double riskPerTrade) {

    /**
     * The view before any figure of the account has reached a symbol: full budget, no positions, no
     * fills, and no risk per trade (an engine sizes nothing until the account's equity is known).
     */
    public static AccountView fresh(long ts) {
        return new AccountView(ts, 1.0, 0.0, 0, null, 0.0);
    }

    /**
     * The view of {@code snapshot}, with {@code riskPerTradePct} ({@code RISK_PER_TRADE_PCT}) of its
     * start-of-day equity as the risk per trade. A drawdown with no value (start-of-day equity not
     * positive) reads as 0, because the budget is then already 0 and its gate trips on that; such an
     * equity also gives no risk per trade.
     */
    public static AccountView of(RiskSnapshot snapshot, double riskPerTradePct) {
        if (!(riskPerTradePct >= 0.0) || !Double.isFinite(riskPerTradePct)) {
            throw new IllegalArgumentException("RISK_PER_TRADE_PCT must be a finite number >= 0, got " + riskPerTradePct);
        }
        double dd = snapshot.ddSinceReset() == null ? 0.0 : snapshot.ddSinceReset();
        double equity = snapshot.startOfDayEquity();
        return new AccountView(
                snapshot.ts(),
                snapshot.budgetLeft(),
                dd,
                snapshot.openPositions(),
                snapshot.canaryNotionalShare(),
                equity > 0.0 && Double.isFinite(equity) ? equity * riskPerTradePct : 0.0);
    }

    /**
     * True when a decision could differ under {@code other} from this view, whatever its limits: the
     * budget spent or not, the open positions, the canary notional share, or
     * the risk per trade (which moves only at the day's start and on a capital change). The drawdown
     * alone cannot: the budget is spent exactly when it reaches its limit.
     */
    public boolean gatesMayDifferFrom(AccountView other) {
        return other == null
                || (budgetLeft <= 0) != (other.budgetLeft <= 0)
                || openPositions != other.openPositions
                || !Objects.equals(canaryNotionalShare, other.canaryNotionalShare)
                || riskPerTrade != other.riskPerTrade;
    }

    /** True when {@code other} would give every gate the same answer as this view, whatever its time. */
    public boolean sameFiguresAs(AccountView other) {
        return other != null
                && budgetLeft == other.budgetLeft
                && ddSinceReset == other.ddSinceReset
                && openPositions == other.openPositions
                && Objects.equals(canaryNotionalShare, other.canaryNotionalShare)
                && riskPerTrade == other.riskPerTrade;
    }
}

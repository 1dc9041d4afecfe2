package io.canarykit.operators.gate;

/**
 * The account-wide figures the gates read.
 *
 * @param budgetLeft the daily risk budget left, in [0, 1]
 * @param ddToday today's drawdown as a fraction of the start-of-day equity
 * @param openPositions symbols with an open position
 * @param canaryNotionalShare canary fill notional / all fill notional today; null before the first fill
 */
public record AccountSignals(double budgetLeft, double ddToday, int openPositions, Double canaryNotionalShare) {

    public AccountSignals {
        ArgumentChecks.requireFinite("budgetLeft", budgetLeft);
        ArgumentChecks.requireFinite("ddToday", ddToday);
        ArgumentChecks.requireNonNegative("openPositions", openPositions);
        ArgumentChecks.requireFiniteOrNull("canaryNotionalShare", canaryNotionalShare);
    }
}

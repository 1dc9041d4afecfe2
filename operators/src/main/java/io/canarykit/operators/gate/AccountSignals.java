package io.canarykit.operators.gate;

import io.canarykit.operators.risk.AccountView;

/**
 * The account-wide figures the gates read.
 *
 * @param budgetLeft the daily risk budget left, in [0, 1]
 * @param ddSinceReset the budget's drawdown: from the peak since the later of the day's start and the last
 *     risk reset, as a fraction of the start-of-day equity
 * @param openPositions symbols with an open position
 * @param canaryNotionalShare canary fill notional / all fill notional today; null before the first fill
 */
public record AccountSignals(double budgetLeft, double ddSinceReset, int openPositions, Double canaryNotionalShare) {

    public AccountSignals {
        ArgumentChecks.requireFinite("budgetLeft", budgetLeft);
        ArgumentChecks.requireFinite("ddSinceReset", ddSinceReset);
        ArgumentChecks.requireNonNegative("openPositions", openPositions);
        ArgumentChecks.requireFiniteOrNull("canaryNotionalShare", canaryNotionalShare);
    }

    /** The figures of {@code view} that the gates read; made here so that risk never imports gate. */
    public static AccountSignals of(AccountView view) {
        return new AccountSignals(view.budgetLeft(), view.ddSinceReset(), view.openPositions(),
                view.canaryNotionalShare());
    }
}

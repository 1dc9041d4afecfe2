package io.canarykit.operators.account;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.risk.RiskLimits;

/**
 * What the account is watched with.
 *
 * @param limits the budget's limits at start
 * @param sloWindowMs the account-wide SLO window
 * @param sloMinSamples samples an SLO figure needs
 * @param kpiIntervalMs the {@code _global} KPI record goes out at most this often unless a gate's input changes
 * @param riskPerTradePct {@code RISK_PER_TRADE_PCT}: the share of start-of-day equity one trade may risk at full size
 */
public record AccountSetup(RiskLimits limits, long sloWindowMs, int sloMinSamples, long kpiIntervalMs,
        double riskPerTradePct) {

    public static AccountSetup from(KitConfig kit) {
        return new AccountSetup(RiskLimits.from(kit), kit.sloWindowMs(), kit.sloMinSamples(), kit.kpiIntervalMs(),
                kit.riskPerTradePct());
    }
}

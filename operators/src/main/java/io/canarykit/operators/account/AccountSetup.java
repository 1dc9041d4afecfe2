package io.canarykit.operators.account;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.risk.RiskLimits;

/**
 * What the account is watched with: the job's settings, from which its limits and windows are read.
 *
 * @param config the settings the job was configured with, before any {@code set_limits}
 */
public record AccountSetup(KitConfig config) {

    public AccountSetup {
        if (config == null) {
            throw new IllegalArgumentException("config is required but not provided");
        }
    }

    public static AccountSetup from(KitConfig kit) {
        return new AccountSetup(kit);
    }

    /** The budget's limits at start. */
    public RiskLimits limits() {
        return RiskLimits.from(config);
    }

    /** The account-wide SLO window. */
    public long sloWindowMs() {
        return config.sloWindowMs();
    }

    /** Samples an SLO figure needs, before any {@code set_limits}. */
    public int sloMinSamples() {
        return config.sloMinSamples();
    }

    /** The {@code _global} KPI record goes out at most this often unless a gate's input changes. */
    public long kpiIntervalMs() {
        return config.kpiIntervalMs();
    }

    /** {@code RISK_PER_TRADE_PCT}: the share of start-of-day equity one trade may risk at full size. */
    public double riskPerTradePct() {
        return config.riskPerTradePct();
    }
}

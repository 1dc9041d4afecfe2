package io.canarykit.operators.account;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.gate.SetLimits;
import io.canarykit.operators.risk.RiskLimits;
import java.util.Map;

/** What the account is watched with: the job's settings, from which its limits and windows are read. */
public final class AccountSetup {

    private final KitConfig config;
    // The account is restored per event; the settings under the same variables are read once.
    private Map<String, String> lastVariables = Map.of();
    private KitConfig lastSettings;

    private AccountSetup(KitConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is required but not provided");
        }
        this.config = config;
        this.lastSettings = config;
    }

    public static AccountSetup from(KitConfig kit) {
        return new AccountSetup(kit);
    }

    /** The settings the job was configured with, before any {@code set_limits}. */
    public KitConfig config() {
        return config;
    }

    /** The settings in force under the variables set_limits has set ({@link SetLimits#configOf}). */
    KitConfig configWith(Map<String, String> variables) {
        if (!variables.equals(lastVariables)) {
            lastSettings = SetLimits.configOf(config, variables);
            lastVariables = variables;
        }
        return lastSettings;
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

    /** {@code RISK_PER_TRADE_PCT}: the share of start-of-day equity one trade may risk at full size. */
    public double riskPerTradePct() {
        return config.riskPerTradePct();
    }
}

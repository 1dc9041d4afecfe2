package io.canarykit.operators.risk;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.canarykit.config.ConfigKey;
import io.canarykit.config.KitConfig;

/**
 * The account's daily risk settings: {@code ACCOUNT_EQUITY}, {@code MAX_DAILY_DRAWDOWN_PCT} (a
 * fraction, 0.01 = 1%), {@code MAX_TRADES_PER_DAY} and {@code CANARY_NOTIONAL_CAP} (a fraction of
 * the day's fill notional).
 */
public record RiskLimits(
        @JsonProperty("account_equity") double accountEquity,
        @JsonProperty("max_daily_drawdown_pct") double maxDailyDrawdownPct,
        @JsonProperty("max_trades_per_day") int maxTradesPerDay,
        @JsonProperty("canary_notional_cap") double canaryNotionalCap) {

    public RiskLimits {
        // The configuration's own ranges: limits read back from a saved state meet the same rules.
        ConfigKey.ACCOUNT_EQUITY.requireAllowed(accountEquity);
        ConfigKey.MAX_DAILY_DRAWDOWN_PCT.requireAllowed(maxDailyDrawdownPct);
        ConfigKey.MAX_TRADES_PER_DAY.requireAllowed(maxTradesPerDay);
        ConfigKey.CANARY_NOTIONAL_CAP.requireAllowed(canaryNotionalCap);
    }

    /** The limits that {@code config} sets, each from its variable. */
    public static RiskLimits from(KitConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is required but not provided");
        }
        return new RiskLimits(config.accountEquity(), config.maxDailyDrawdownPct(), config.maxTradesPerDay(),
                config.canaryNotionalCap());
    }
}

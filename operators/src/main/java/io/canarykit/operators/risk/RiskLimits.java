package io.canarykit.operators.risk;

import com.fasterxml.jackson.annotation.JsonProperty;
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
        if (!(accountEquity > 0.0) || !Double.isFinite(accountEquity)) {
            throw new IllegalArgumentException("ACCOUNT_EQUITY must be a positive finite number, got " + accountEquity);
        }
        if (!(maxDailyDrawdownPct > 0.0 && maxDailyDrawdownPct <= 1.0)) {
            throw new IllegalArgumentException(
                    "MAX_DAILY_DRAWDOWN_PCT must be in (0, 1], got " + maxDailyDrawdownPct);
        }
        if (maxTradesPerDay < 1) {
            throw new IllegalArgumentException("MAX_TRADES_PER_DAY must be at least 1, got " + maxTradesPerDay);
        }
        if (!(canaryNotionalCap >= 0.0 && canaryNotionalCap <= 1.0)) {
            throw new IllegalArgumentException("CANARY_NOTIONAL_CAP must be in [0, 1], got " + canaryNotionalCap);
        }
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

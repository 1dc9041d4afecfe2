package io.canarykit.operators.risk;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The account's risk figures at time {@code ts}, as served by {@code GET /api/kit/risk} and
 * published under {@code _global} on {@code kit.kpis}.
 *
 * <p>Two baselines: {@code ddToday} and {@code tradesToday} are the UTC day's true figures, which a
 * risk reset never changes; {@code ddSinceReset} and {@code tradesSinceReset} start again at each
 * reset, and the budget ({@code budgetLeft}, {@code gate}) reads them. {@code totalTrades} equals
 * {@code tradesToday}; the contract names it for the alerts. {@code realisedPnl}, {@code fees} and
 * {@code unrealisedPnl} are the day's own, so that {@code equity = startOfDayEquity + realisedPnl -
 * fees + unrealisedPnl}. The drawdowns are null only when the start-of-day equity is not positive,
 * and {@code canaryNotionalShare} is null before the day's first fill. {@code gate} is true when
 * the budget gate is tripped.
 */
public record RiskSnapshot(
        @JsonProperty("ts") long ts,
        @JsonProperty("day") String day,
        @JsonProperty("budget_left") double budgetLeft,
        @JsonProperty("dd_today") Double ddToday,
        @JsonProperty("dd_since_reset") Double ddSinceReset,
        @JsonProperty("trades_today") long tradesToday,
        @JsonProperty("trades_since_reset") long tradesSinceReset,
        @JsonProperty("open_positions") int openPositions,
        @JsonProperty("canary_notional_share") Double canaryNotionalShare,
        @JsonProperty("total_trades") long totalTrades,
        @JsonProperty("canary_trades_total") long canaryTradesTotal,
        @JsonProperty("equity") double equity,
        @JsonProperty("start_of_day_equity") double startOfDayEquity,
        @JsonProperty("peak_equity") double peakEquity,
        @JsonProperty("realised_pnl") double realisedPnl,
        @JsonProperty("fees") double fees,
        @JsonProperty("unrealised_pnl") double unrealisedPnl,
        @JsonProperty("last_reset_ts") Long lastResetTs,
        @JsonProperty("gate") boolean gate,
        @JsonProperty("canary_cap_reached") boolean canaryCapReached,
        @JsonProperty("limits") RiskLimits limits) {}

package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A KPI snapshot on {@code kit.kpis}: per symbol, or account-wide under symbol {@code "_global"}.
 * Every signal carries its contract name and is null when it has no value, so a record with
 * {@code ts = t} can be recomputed from the events with ts in (t - W, t] and the listed windows.
 * The {@code _global} record also carries the account's figures, which a symbol's record leaves out:
 * the day's true drawdown and trades, the budget's since the last risk reset, open positions, and
 * the day's equity and P&L in account currency ({@code equity = start_of_day_equity + realised_pnl -
 * fees + unrealised_pnl}).
 */
public record KpiRecord(
        @JsonProperty("symbol") String symbol,
        @JsonProperty("ts") long ts,
        @JsonProperty("model_id") String modelId,
        @JsonProperty("psi") Double psi,
        @JsonProperty("features_missing_ratio") Double featuresMissingRatio,
        @JsonProperty("feed_dislocation_bps") Double feedDislocationBps,
        @JsonProperty("data_stale_seconds") Double dataStaleSeconds,
        @JsonProperty("p95_place_ms") Double p95PlaceMs,
        @JsonProperty("error_rate") Double errorRate,
        @JsonProperty("slippage_bps") Double slippageBps,
        @JsonProperty("orphans") Long orphans,
        @JsonProperty("orphans_total") Long orphansTotal,
        @JsonProperty("canary_trades_total") Long canaryTradesTotal,
        @JsonProperty("total_trades") Long totalTrades,
        @JsonProperty("budget_left") Double budgetLeft,
        @JsonProperty("canary_notional_share") Double canaryNotionalShare,
        @JsonProperty("windows") Map<String, Long> windows,
        @JsonProperty("samples") Map<String, Long> samples,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("psi_by_feature") Map<String, Double> psiByFeature,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("challenger") ChallengerKpis challenger,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("dd_today") Double ddToday,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("trades_today") Long tradesToday,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("open_positions") Integer openPositions,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("dd_since_reset") Double ddSinceReset,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("trades_since_reset") Long tradesSinceReset,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("equity") Double equity,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("start_of_day_equity") Double startOfDayEquity,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("peak_equity") Double peakEquity,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("realised_pnl") Double realisedPnl,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("fees") Double fees,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("unrealised_pnl") Double unrealisedPnl) {

    /** The symbol under which account-wide figures are published. */
    public static final String GLOBAL = "_global";

    /** A symbol's record: the account-only figures (drawdowns, trades, positions, equity and P&L) are left out. */
    public KpiRecord(
            String symbol, long ts, String modelId, Double psi, Double featuresMissingRatio,
            Double feedDislocationBps, Double dataStaleSeconds, Double p95PlaceMs, Double errorRate,
            Double slippageBps, Long orphans, Long orphansTotal, Long canaryTradesTotal, Long totalTrades, Double budgetLeft,
            Double canaryNotionalShare, Map<String, Long> windows, Map<String, Long> samples,
            Map<String, Double> psiByFeature, ChallengerKpis challenger) {
        this(symbol, ts, modelId, psi, featuresMissingRatio, feedDislocationBps, dataStaleSeconds, p95PlaceMs,
                errorRate, slippageBps, orphans, orphansTotal, canaryTradesTotal, totalTrades, budgetLeft,
                canaryNotionalShare, windows, samples, psiByFeature, challenger, null, null, null, null, null, null,
                null, null, null, null, null);
    }
}

package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.KpiRecord;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Function;

/** The account's daily risk budget, and its reset. */
final class RiskController {

    private final StateView view;
    private final KitConfig config;
    private final CommandCall commands;

    RiskController(StateView view, KitConfig config, CommandCall commands) {
        this.view = view;
        this.config = config;
        this.commands = commands;
    }

    void risk(Context ctx) {
        ctx.json(riskBody(view, config));
    }

    void reset(Context ctx) {
        ctx.json(commands.send(ctx, ControlType.RISK_RESET, Map.of()).put("budget_left", 1.0));
    }

    /** The risk answer, also used by the status panel. */
    static ObjectNode riskBody(StateView view, KitConfig config) {
        ObjectNode body = Freshness.of(view);
        KpiRecord global = view.globalKpi().map(StateView.KpiEntry::kpi).orElse(null);
        // Before the job's first account record the contract's start values hold: a full budget.
        body.put("source", global == null ? "start_of_day_defaults" : "kit.kpis/_global");
        body.set("budget_left", written(global, KpiRecord::budgetLeft, 1.0));
        // The day's true figures, and the budget's since the last risk reset, which budget_left reads.
        body.set("dd_today", accountOnly(global, KpiRecord::ddToday, 0.0));
        body.set("trades_today", accountOnly(global, KpiRecord::tradesToday, 0));
        body.set("dd_since_reset", accountOnly(global, KpiRecord::ddSinceReset, 0.0));
        body.set("trades_since_reset", accountOnly(global, KpiRecord::tradesSinceReset, 0));
        body.set("equity", accountOnly(global, KpiRecord::equity, null));
        body.set("start_of_day_equity", accountOnly(global, KpiRecord::startOfDayEquity, null));
        body.set("peak_equity", accountOnly(global, KpiRecord::peakEquity, null));
        body.set("realised_pnl", accountOnly(global, KpiRecord::realisedPnl, null));
        body.set("fees", accountOnly(global, KpiRecord::fees, null));
        body.set("unrealised_pnl", accountOnly(global, KpiRecord::unrealisedPnl, null));
        body.set("open_positions", accountOnly(global, KpiRecord::openPositions, 0));
        body.set("canary_notional_share", written(global, KpiRecord::canaryNotionalShare, null));
        body.set("canary_trades_total", written(global, KpiRecord::canaryTradesTotal, 0));
        body.set("total_trades", written(global, KpiRecord::totalTrades, 0));
        if (global != null) {
            body.put("kpi_ts", global.ts());
        }
        boolean depleted = body.path("budget_left").isNumber() && body.path("budget_left").asDouble() <= 0;
        boolean gate = depleted || view.decisions().stream().anyMatch(e -> e.decision().gates().budget());
        body.put("gate", gate);
        ObjectNode limits = body.putObject("limits");
        limits.put("max_daily_drawdown_pct", config.maxDailyDrawdownPct());
        limits.put("max_trades_per_day", config.maxTradesPerDay());
        limits.put("max_open_positions", config.maxOpenPositions());
        limits.put("risk_per_trade_pct", config.riskPerTradePct());
        limits.put("canary_notional_cap", config.canaryNotionalCap());
        limits.put("account_equity", config.accountEquity());
        return body;
    }

    /** A figure every KPI record carries: as the job wrote it, null included, or {@code start} before its first record. */
    private static JsonNode written(KpiRecord global, Function<KpiRecord, ? extends Number> figure, Number start) {
        return number(global == null ? start : figure.apply(global));
    }

    /** An account-only figure, which the job leaves out while it has none: {@code start} then. */
    private static JsonNode accountOnly(KpiRecord global, Function<KpiRecord, ? extends Number> figure, Number start) {
        Number value = global == null ? null : figure.apply(global);
        return number(value == null ? start : value);
    }

    private static JsonNode number(Number value) {
        return value == null ? ApiJson.MAPPER.nullNode() : ApiJson.MAPPER.valueToTree(value);
    }
}

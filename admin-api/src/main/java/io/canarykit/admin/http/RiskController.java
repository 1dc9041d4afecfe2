package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.ControlType;
import io.javalin.http.Context;
import java.util.Map;

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
        JsonNode global = view.globalKpi().map(StateView.KpiEntry::json).orElse(null);
        // Before the job's first account record the contract's start values hold: a full budget.
        body.put("source", global == null ? "start_of_day_defaults" : "kit.kpis/_global");
        body.set("budget_left", numberOr(global, "budget_left", 1.0));
        // The day's true figures, and the budget's since the last risk reset, which budget_left reads.
        body.set("dd_today", numberOr(global, "dd_today", 0.0));
        body.set("trades_today", numberOr(global, "trades_today", 0));
        body.set("dd_since_reset", numberOr(global, "dd_since_reset", 0.0));
        body.set("trades_since_reset", numberOr(global, "trades_since_reset", 0));
        body.set("equity", numberOr(global, "equity", null));
        body.set("start_of_day_equity", numberOr(global, "start_of_day_equity", null));
        body.set("peak_equity", numberOr(global, "peak_equity", null));
        body.set("realised_pnl", numberOr(global, "realised_pnl", null));
        body.set("fees", numberOr(global, "fees", null));
        body.set("unrealised_pnl", numberOr(global, "unrealised_pnl", null));
        body.set("open_positions", numberOr(global, "open_positions", 0));
        body.set("canary_notional_share", numberOr(global, "canary_notional_share", null));
        body.set("canary_trades_total", numberOr(global, "canary_trades_total", 0));
        body.set("total_trades", numberOr(global, "total_trades", 0));
        if (global != null) {
            body.put("kpi_ts", global.path("ts").asLong());
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

    private static JsonNode numberOr(JsonNode global, String field, Number fallback) {
        JsonNode value = global == null ? null : global.get(field);
        if (value != null && value.isNumber()) {
            return value;
        }
        if (global != null && value != null && value.isNull()) {
            return ApiJson.MAPPER.nullNode();
        }
        return fallback == null ? ApiJson.MAPPER.nullNode() : ApiJson.MAPPER.valueToTree(fallback);
    }
}

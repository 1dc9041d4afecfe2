package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.KpiRecord;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The SLO figures and gate, account-wide or for one symbol, and the refresh request. */
final class SloController {

    /** What the account-wide {@code gate} is made of. */
    static final String GATE_BASIS = "any_symbol_or_account";

    private static final Set<GateReason> SLO_REASONS =
            EnumSet.of(GateReason.SLO_ERROR_RATE, GateReason.SLO_P95_PLACE_MS, GateReason.SLO_SLIPPAGE);

    private final StateView view;
    private final KitConfig config;
    private final CommandCall commands;

    SloController(StateView view, KitConfig config, CommandCall commands) {
        this.view = view;
        this.config = config;
        this.commands = commands;
    }

    void slo(Context ctx) {
        String symbol = QueryParams.single(ctx, "symbol").orElse(null);
        ctx.json(symbol == null ? global() : forSymbol(symbol.strip()));
    }

    void refresh(Context ctx) {
        ctx.json(commands.send(ctx, ControlType.REFRESH, Map.of()));
    }

    private ObjectNode forSymbol(String symbol) {
        var decision = view.decision(symbol);
        var kpi = view.kpi(symbol);
        if (decision.isEmpty() && kpi.isEmpty()) {
            throw ApiError.notFound("unknown_symbol", "no KPI record or decision for symbol " + symbol);
        }
        ObjectNode body = Freshness.of(view);
        body.put("symbol", symbol);
        body.put("gate", decision.map(d -> d.decision().gates().slo()).orElse(false));
        var reasons = body.putArray("reasons");
        decision.ifPresent(d -> d.decision().reasons().stream().filter(SLO_REASONS::contains)
                .forEach(r -> reasons.add(r.wire())));
        figures(body, kpi.map(StateView.KpiEntry::kpi).orElse(null));
        body.put("slo_bps", config.slippageSloBps(symbol));
        thresholds(body);
        return body;
    }

    /**
     * The account-wide answer. Its {@code gate} is true when any symbol's SLO gate blocks or when the
     * account-wide figures themselves breach an SLO threshold ({@code gate_basis} says so, and
     * {@code reasons} names the account-wide breaches, {@code symbols} each symbol's gate).
     */
    private ObjectNode global() {
        ObjectNode body = Freshness.of(view);
        body.put("symbol", KpiRecord.GLOBAL);
        ObjectNode bySymbol = ApiJson.object();
        boolean anySymbol = false;
        for (StateView.DecisionEntry entry : view.decisions()) {
            boolean tripped = entry.decision().gates().slo();
            bySymbol.put(entry.decision().symbol(), tripped);
            anySymbol |= tripped;
        }
        KpiRecord globalKpi = view.globalKpi().map(StateView.KpiEntry::kpi).orElse(null);
        List<GateReason> accountBreaches = AccountSlo.breaches(globalKpi, config);
        body.put("gate", anySymbol || !accountBreaches.isEmpty());
        body.put("gate_basis", GATE_BASIS);
        var reasons = body.putArray("reasons");
        accountBreaches.forEach(r -> reasons.add(r.wire()));
        figures(body, globalKpi);
        body.put("slo_bps", config.slippageSloBps());
        thresholds(body);
        body.set("symbols", bySymbol);
        return body;
    }

    private static void figures(ObjectNode body, KpiRecord kpi) {
        number(body, "error_rate", kpi == null ? null : kpi.errorRate());
        number(body, "p95_place_ms", kpi == null ? null : kpi.p95PlaceMs());
        number(body, "slippage_bps", kpi == null ? null : kpi.slippageBps());
        if (kpi != null) {
            body.put("kpi_ts", kpi.ts());
            counts(body, "samples", kpi.samples());
            counts(body, "windows", kpi.windows());
            // The job leaves the challenger out when there is none, and so does the answer.
            if (kpi.challenger() != null) {
                body.set("challenger", tree(kpi.challenger()));
            }
        }
    }

    // Written field by field: this answer is on the hot path of the sidecar's reads, and a tree built
    // by the mapper for every figure costs more than the rest of the request.
    private static void number(ObjectNode body, String field, Double value) {
        if (value == null) {
            body.putNull(field);
        } else {
            body.put(field, value);
        }
    }

    private static void counts(ObjectNode body, String field, Map<String, Long> counts) {
        if (counts == null) {
            body.putNull(field);
            return;
        }
        ObjectNode out = body.putObject(field);
        counts.forEach((name, count) -> {
            if (count == null) {
                out.putNull(name);
            } else {
                out.put(name, count);
            }
        });
    }

    private void thresholds(ObjectNode body) {
        body.put("error_rate_max", config.sloErrorRateMax());
        body.put("p95_place_ms_max", config.sloP95PlaceMsMax());
        body.put("min_samples", config.sloMinSamples());
    }

    private static JsonNode tree(Object value) {
        return value == null ? ApiJson.MAPPER.nullNode() : ApiJson.MAPPER.valueToTree(value);
    }
}

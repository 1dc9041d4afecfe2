package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.ledger.DecisionHistory;
import io.canarykit.admin.ledger.UtcDay;
import io.canarykit.admin.view.StateView;
import io.javalin.http.Context;
import java.time.LocalDate;

/** The latest gate decision of every symbol, or of one, and a symbol's decision changes. */
final class GatesController {

    private final StateView view;
    private final DecisionHistory history;

    GatesController(StateView view, DecisionHistory history) {
        this.view = view;
        this.history = history;
    }

    void gates(Context ctx) {
        String symbol = QueryParams.single(ctx, "symbol").orElse(null);
        ObjectNode body = Freshness.of(view);
        if (symbol != null) {
            StateView.DecisionEntry entry = view.decision(symbol.strip()).orElseThrow(() ->
                    ApiError.notFound("unknown_symbol", "no gate decision for symbol " + symbol));
            body.put("expired", entry.decision().validUntil() < view.now());
            body.set("decision", entry.json());
            ctx.json(body);
            return;
        }
        var decisions = body.putArray("decisions");
        view.decisions().forEach(entry -> decisions.add(entry.json()));
        ctx.json(body);
    }

    /**
     * Every change of the symbol's mode, size multiplier and reasons with {@code ts >= since}
     * (default: the start of today, UTC), newest last: the runbook's "size halved (log)".
     */
    void history(Context ctx) {
        String symbol = QueryParams.single(ctx, "symbol").map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> QueryParams.refused("symbol", "symbol is required, e.g. ?symbol=BTCUSDT"));
        long since = QueryParams.wholeNumber(ctx, "since", 0, Long.MAX_VALUE)
                .orElseGet(() -> UtcDay.start(LocalDate.parse(UtcDay.of(view.now()))));
        DecisionHistory.Page page = history.since(symbol, since);
        if (!page.known() && view.decision(symbol).isEmpty()) {
            throw ApiError.notFound("unknown_symbol", "no gate decision for symbol " + symbol);
        }
        ObjectNode body = Freshness.of(view);
        body.put("symbol", symbol);
        body.put("since", since);
        body.put("truncated", page.truncated());
        var changes = body.putArray("changes");
        for (DecisionHistory.Change change : page.changes()) {
            ObjectNode c = changes.addObject();
            c.put("ts", change.ts());
            c.put("seq", change.seq());
            c.put("mode", change.mode());
            c.put("size_multiplier", change.sizeMultiplier());
            c.put("allow", change.allow());
            var reasons = c.putArray("reasons");
            change.reasons().forEach(reasons::add);
            if (change.psi() == null) {
                c.putNull("psi");
            } else {
                c.put("psi", change.psi());
            }
            c.put("model_id", change.modelId());
        }
        ctx.json(body);
    }
}

package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.view.StateView;
import io.javalin.http.Context;

/** The latest gate decision of every symbol, or of one. */
final class GatesController {

    private final StateView view;

    GatesController(StateView view) {
        this.view = view;
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
}

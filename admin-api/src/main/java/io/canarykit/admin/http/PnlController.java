package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.pnl.PaperPnl;
import io.javalin.http.Context;

/** The paper period's daily P&L: {@code kit import-pnl} posts a {@code daily-pnl.csv} here. */
final class PnlController {

    private static final int MAX_SOURCE = 200;

    private final PaperPnl paper;

    PnlController(PaperPnl paper) {
        this.paper = paper;
    }

    /**
     * {@code POST /api/kit/pnl/paper?source=NAME}, the body the CSV text: imports its completed days,
     * audited; a file that cannot be used is a 400 naming the line, and nothing of it is imported.
     */
    void importPaper(Context ctx) {
        String source = ctx.queryParam("source");
        if (source == null || source.isBlank()) {
            throw ApiError.badRequest("missing_source", "source is required: name the file or paper run the days come"
                    + " from, e.g. ?source=daily-pnl.csv");
        }
        source = source.strip();
        if (source.length() > MAX_SOURCE) {
            throw ApiError.badRequest("invalid_source", "source must be at most " + MAX_SOURCE + " characters");
        }
        PaperPnl.Imported imported;
        try {
            imported = paper.importCsv(RequestBody.text(ctx), source, AuditTrail.actor(ctx));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid_daily_pnl", "the daily P&L file cannot be imported: " + e.getMessage()
                    + ". Nothing was imported.");
        }
        ObjectNode body = ApiJson.object();
        body.put("ok", true);
        body.put("import_id", imported.id());
        body.put("kind", "paper");
        body.put("source", imported.source());
        body.put("sha256", imported.sha256());
        body.put("days", imported.days().size());
        body.put("first_day", imported.days().get(0).day().toString());
        body.put("last_day", imported.days().get(imported.days().size() - 1).day().toString());
        imported.incomplete().forEach(d -> body.withArray("left_out_incomplete").add(d.toString()));
        ctx.json(body);
    }
}

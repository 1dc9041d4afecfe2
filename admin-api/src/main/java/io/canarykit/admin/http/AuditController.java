package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.audit.AuditLog;
import io.javalin.http.Context;

/** The newest audit entries and the state of the chain. */
final class AuditController {

    private static final int MAX_LIMIT = 500;

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    void recent(Context ctx) {
        int limit = 20;
        String text = ctx.queryParam("limit");
        if (text != null) {
            try {
                limit = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("invalid_limit", "limit must be an integer, got " + text);
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ApiError.badRequest("invalid_limit", "limit must be in [1, " + MAX_LIMIT + "], got " + text);
            }
        }
        ObjectNode body = ApiJson.object();
        body.set("chain", ApiJson.MAPPER.valueToTree(audit.verify()));
        body.set("entries", ApiJson.MAPPER.valueToTree(audit.recent(limit)));
        ctx.json(body);
    }
}

package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.json.ApiJson;
import io.javalin.http.Context;

/** The newest audit entries and the state of the chain. */
final class AuditController {

    private static final int MAX_LIMIT = 500;

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    void recent(Context ctx) {
        int limit = QueryParams.integer(ctx, "limit", 1, MAX_LIMIT).orElse(20);
        ObjectNode body = ApiJson.object();
        body.set("chain", ApiJson.MAPPER.valueToTree(audit.verify()));
        body.set("entries", ApiJson.MAPPER.valueToTree(audit.recent(limit)));
        ctx.json(body);
    }
}

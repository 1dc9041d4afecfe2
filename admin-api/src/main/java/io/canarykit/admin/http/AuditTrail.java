package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.control.ControlArgs;
import io.canarykit.admin.control.ControlService;
import io.canarykit.admin.json.ApiJson;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every authorised mutating call to the audit log once it has ended, with what was asked, the
 * commands it sent and how each ended; each command's intent was written before it was sent.
 */
public final class AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final String COMMANDS = "kit.commands";
    private static final int MAX_ACTOR = 64;

    private final AuditLog audit;

    public AuditTrail(AuditLog audit) {
        this.audit = audit;
    }

    /** Notes a command a call sent, for its audit entry. */
    static void noteCommand(Context ctx, ControlService.Sent sent) {
        List<ControlService.Sent> commands = ctx.attribute(COMMANDS);
        if (commands == null) {
            commands = new ArrayList<>();
            ctx.attribute(COMMANDS, commands);
        }
        commands.add(sent);
    }

    /** The operator named by {@code X-Kit-Actor}, else {@code operator}, always with the client address. */
    static String actor(Context ctx) {
        String named = ctx.header("X-Kit-Actor");
        String who = named == null || named.isBlank() ? "operator" : named.strip().replaceAll("[^\\w.@:-]", "_");
        return (who.length() > MAX_ACTOR ? who.substring(0, MAX_ACTOR) : who) + "@" + ctx.ip();
    }

    /** Who made the call and what was asked, for the intent entry of each command it sends. */
    static ControlService.Caller caller(Context ctx) {
        return new ControlService.Caller(actor(ctx), action(ctx), request(ctx));
    }

    /** The after-handler: writes the entry; if the log cannot be written, the call answers 503. */
    public void record(Context ctx) {
        if (!Boolean.TRUE.equals(ctx.attribute(AdminAuth.AUTHORISED))) {
            return;
        }
        ObjectNode payload = request(ctx);
        payload.put("status", ctx.statusCode());
        var commands = payload.putArray("commands");
        List<ControlService.Sent> sent = ctx.attribute(COMMANDS);
        if (sent != null) {
            for (ControlService.Sent s : sent) {
                ObjectNode c = commands.addObject();
                c.put("id", s.command().id());
                c.put("type", s.command().type().wire());
                c.set("args", ControlArgs.json(s.command()));
                c.put("outcome", s.acknowledged() ? ControlService.ACKNOWLEDGED : ControlService.BROKER_UNAVAILABLE);
                if (s.detail() != null) {
                    c.put("detail", s.detail());
                }
            }
        }
        try {
            audit.append(actor(ctx), action(ctx), payload);
        } catch (RuntimeException e) {
            LOG.error("cannot append to the audit log: {}", e.getMessage());
            ApiError error = ApiError.unavailable("audit_unavailable",
                    "the call ran but could not be written to the audit log: " + e.getMessage());
            ctx.status(error.status()).json(error.body());
        }
    }

    private static String action(Context ctx) {
        return ctx.method().name() + " " + ctx.path();
    }

    // The body as RequestBody read it before any handler ran: reading it here can no longer fail.
    private static ObjectNode request(Context ctx) {
        ObjectNode request = ApiJson.object();
        request.put("method", ctx.method().name());
        request.put("path", ctx.path());
        if (ctx.queryString() != null) {
            request.put("query", ctx.queryString());
        }
        String body = RequestBody.text(ctx);
        if (!body.isBlank()) {
            request.set("body", parsedOrText(body));
        }
        return request;
    }

    private static JsonNode parsedOrText(String body) {
        try {
            return ApiJson.MAPPER.readTree(body);
        } catch (Exception notJson) {
            return ApiJson.MAPPER.getNodeFactory().textNode(body.length() > 2_000 ? body.substring(0, 2_000) : body);
        }
    }
}

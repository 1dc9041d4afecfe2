package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.control.CommandNotRecordedException;
import io.canarykit.admin.control.ControlArgs;
import io.canarykit.admin.control.ControlService;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.schema.ControlType;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Sends one command for a call, its intent audited first: noted for the call's audit entry, and a 503
 * when the intent cannot be written (nothing sent) or the broker does not take the command.
 */
final class CommandCall {

    private final ControlService control;

    CommandCall(ControlService control) {
        this.control = control;
    }

    /** Sends the command and returns the answer body of a call that succeeded. */
    ObjectNode send(Context ctx, ControlType type, Map<String, String> args) {
        ControlService.Sent sent;
        try {
            sent = control.send(AuditTrail.caller(ctx), type, args);
        } catch (CommandNotRecordedException e) {
            throw notRecorded(ctx, type, e);
        }
        AuditTrail.noteCommand(ctx, sent);
        if (!sent.acknowledged()) {
            throw ApiError.unavailable("broker_unavailable",
                    "the " + type.wire() + " command was not delivered: " + sent.detail()
                            + ". Nothing changed; the attempt is in the audit log.")
                    .with("command_id", sent.command().id());
        }
        ObjectNode body = ApiJson.object();
        body.put("ok", true);
        ObjectNode command = body.putObject("command");
        command.put("id", sent.command().id());
        command.put("type", type.wire());
        command.put("ts", sent.command().ts());
        command.set("args", ControlArgs.json(sent.command()));
        return body;
    }

    private static ApiError notRecorded(Context ctx, ControlType type, CommandNotRecordedException e) {
        if (!e.published()) {
            return ApiError.unavailable("audit_unavailable", "the " + type.wire()
                    + " command was not sent: its audit entry could not be written first: " + e.getMessage());
        }
        AuditTrail.noteCommand(ctx, new ControlService.Sent(e.command(), e.acknowledged(), "outcome not recorded: " + e.getMessage()));
        return ApiError.unavailable("database_unavailable", "the " + type.wire() + " command was "
                + (e.acknowledged() ? "acknowledged by the broker" : "not acknowledged") + " but its outcome could not be"
                + " recorded: " + e.getMessage() + ". Its intent is in the audit log; the next start settles it.")
                .with("command_id", e.command().id());
    }

    ControlService control() {
        return control;
    }
}

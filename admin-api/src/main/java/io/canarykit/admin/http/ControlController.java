package io.canarykit.admin.http;

import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.preflight.Preflight;
import io.canarykit.admin.preflight.PreflightResult;
import io.canarykit.schema.ControlType;
import io.javalin.http.Context;
import java.util.Map;

/** Preflight, arming and the kill switch. */
final class ControlController {

    private final Preflight preflight;
    private final CommandCall commands;

    ControlController(Preflight preflight, CommandCall commands) {
        this.preflight = preflight;
        this.commands = commands;
    }

    void preflight(Context ctx) {
        ctx.json(preflight.run());
    }

    // Arming tells the job that preflight passed, then arms; it refuses while any check fails.
    void arm(Context ctx) {
        PreflightResult result = preflight.run();
        if (!result.ok()) {
            throw ApiError.conflict("preflight_failed", "arm refused: preflight fails: " + result.failures())
                    .with("preflight", result);
        }
        commands.send(ctx, ControlType.PREFLIGHT, Map.of("ok", "true"));
        var body = commands.send(ctx, ControlType.ARM, Map.of());
        body.put("armed", true);
        body.set("preflight", ApiJson.MAPPER.valueToTree(result));
        ctx.json(body);
    }

    void disarm(Context ctx) {
        ctx.json(commands.send(ctx, ControlType.DISARM, Map.of()).put("armed", false));
    }

    void kill(Context ctx) {
        ctx.json(commands.send(ctx, ControlType.KILL, Map.of()).put("kill_switch", true));
    }

    void release(Context ctx) {
        ctx.json(commands.send(ctx, ControlType.UNKILL, Map.of()).put("kill_switch", false));
    }
}

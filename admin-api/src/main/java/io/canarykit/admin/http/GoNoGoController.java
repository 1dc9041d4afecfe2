package io.canarykit.admin.http;

import io.canarykit.admin.gonogo.GoNoGo;
import io.javalin.http.Context;

/** The runbook's T+48h Go/No-Go verdict. */
final class GoNoGoController {

    private static final double MAX_HOURS = 24 * 90;

    private final GoNoGo goNoGo;

    GoNoGoController(GoNoGo goNoGo) {
        this.goNoGo = goNoGo;
    }

    void verdict(Context ctx) {
        long windowMs = GoNoGo.DEFAULT_WINDOW_MS;
        String hours = ctx.queryParam("hours");
        if (hours != null) {
            double h;
            try {
                h = Double.parseDouble(hours);
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("invalid_hours", "hours must be a number, got " + hours);
            }
            if (!(h > 0 && h <= MAX_HOURS)) {
                throw ApiError.badRequest("invalid_hours", "hours must be in (0, " + (long) MAX_HOURS + "], got " + hours);
            }
            windowMs = (long) (h * 3_600_000L);
        }
        ctx.json(goNoGo.judge(windowMs));
    }
}

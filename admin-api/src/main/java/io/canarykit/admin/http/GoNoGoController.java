package io.canarykit.admin.http;

import io.canarykit.admin.gonogo.GoNoGo;
import io.javalin.http.Context;
import java.math.BigDecimal;

/** The runbook's T+48h Go/No-Go verdict. */
final class GoNoGoController {

    private static final BigDecimal MAX_HOURS = BigDecimal.valueOf(24 * 90);
    private static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000L);

    private final GoNoGo goNoGo;

    GoNoGoController(GoNoGo goNoGo) {
        this.goNoGo = goNoGo;
    }

    void verdict(Context ctx) {
        long windowMs = QueryParams.decimal(ctx, "hours").map(GoNoGoController::windowMs).orElse(GoNoGo.DEFAULT_WINDOW_MS);
        ctx.json(goNoGo.judge(windowMs));
    }

    // A window of no time holds no evidence, so hours must be above 0 (and at least a millisecond).
    private static long windowMs(BigDecimal hours) {
        long ms = hours.multiply(MS_PER_HOUR).longValue();
        if (hours.compareTo(MAX_HOURS) > 0 || ms < 1) {
            throw QueryParams.refused("hours", "hours must be above 0 (a millisecond at least) and at most " + MAX_HOURS
                    + ", got " + hours.toPlainString());
        }
        return ms;
    }
}

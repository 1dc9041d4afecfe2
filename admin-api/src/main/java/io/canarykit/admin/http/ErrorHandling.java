package io.canarykit.admin.http;

import io.canarykit.admin.ledger.LedgerException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure answers with a JSON body and a 4xx or 503 status: never a 500, never a stack trace. */
final class ErrorHandling {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

    private ErrorHandling() {}

    static void install(RoutesConfig routes) {
        routes.exception(ApiError.class, (e, ctx) -> answer(ctx, e));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus() >= 500 ? 503 : e.getStatus();
            answer(ctx, new ApiError(status, codeOf(status), e.getMessage()));
        });
        routes.exception(LedgerException.class, (e, ctx) -> {
            LOG.error("{} {}: {}", ctx.method(), ctx.path(), e.getMessage(), e);
            answer(ctx, ApiError.unavailable("database_unavailable", "the ledger cannot serve this now: " + e.getMessage()));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            answer(ctx, ApiError.unavailable("unavailable", "the sidecar could not serve this call: " + e.getClass().getSimpleName()));
        });
        routes.error(404, ctx -> fillIfEmpty(ctx, ApiError.notFound("not_found", "no such call: " + ctx.method() + " " + ctx.path())));
        routes.error(405, ctx -> fillIfEmpty(ctx, new ApiError(405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path())));
        routes.error(500, ctx -> {
            ctx.status(503);
            answer(ctx, ApiError.unavailable("unavailable", "the sidecar could not serve this call"));
        });
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "body_too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> "http_" + status;
        };
    }

    private static void answer(Context ctx, ApiError error) {
        ctx.status(error.status()).json(error.body());
    }

    private static void fillIfEmpty(Context ctx, ApiError error) {
        if (ctx.resultInputStream() == null) {
            answer(ctx, error);
        }
    }
}

package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.admin.view.ModelCatalog;
import io.canarykit.schema.ControlType;
import io.javalin.http.Context;
import java.util.Map;
import java.util.regex.Pattern;

/** Pinning, the canary share, promotion and rollback. */
final class ModelController {

    /** The largest canary share an operator may set. */
    static final double MAX_SHARE = 0.25;

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final ModelCatalog models;
    private final CommandCall commands;

    ModelController(ModelCatalog models, CommandCall commands) {
        this.models = models;
        this.commands = commands;
    }

    void pin(Context ctx) {
        JsonNode body = jsonBody(ctx);
        JsonNode modelId = body.get("model_id");
        if (modelId == null || !modelId.isTextual() || modelId.asText().isBlank()) {
            throw ApiError.badRequest("invalid_model_id", "the body must be {\"model_id\": \"<a known model id>\"}");
        }
        String id = modelId.asText().strip();
        if (!models.knows(id)) {
            throw ApiError.notFound("unknown_model", "model " + id + " is not known")
                    .with("known_models", models.known());
        }
        ctx.json(commands.send(ctx, ControlType.PIN, Map.of("model_id", id)).put("pinned", id));
    }

    void unpin(Context ctx) {
        ctx.json(commands.send(ctx, ControlType.UNPIN, Map.of()).putNull("pinned"));
    }

    void canaryShare(Context ctx) {
        String pct = ctx.queryParam("pct");
        if (pct == null || pct.isBlank()) {
            throw ApiError.badRequest("invalid_pct", "pct is required, e.g. ?pct=0.05");
        }
        if (!DECIMAL.matcher(pct.strip()).matches()) {
            throw ApiError.badRequest("invalid_pct", "pct must be a number in [0, " + MAX_SHARE + "], got " + pct);
        }
        double share = Double.parseDouble(pct.strip());
        if (!(share >= 0 && share <= MAX_SHARE)) {
            throw ApiError.badRequest("invalid_pct", "pct must be in [0, " + MAX_SHARE + "], got " + pct);
        }
        share = share == 0 ? 0.0 : share;
        ctx.json(commands.send(ctx, ControlType.CANARY_SHARE, Map.of("pct", Double.toString(share)))
                .put("canary_share", share));
    }

    void promote(Context ctx) {
        String challenger = models.challenger().orElseThrow(() ->
                ApiError.conflict("no_challenger", "there is no challenger to promote: the latest decisions name none"));
        ctx.json(commands.send(ctx, ControlType.PROMOTE, Map.of("challenger", challenger)).put("champion", challenger));
    }

    void rollback(Context ctx) {
        ctx.json(commands.send(ctx, ControlType.ROLLBACK, Map.of()).put("canary_share", 0.0));
    }

    private static JsonNode jsonBody(Context ctx) {
        String text = ctx.body();
        try {
            JsonNode body = ApiJson.MAPPER.readTree(text);
            if (body == null || !body.isObject()) {
                throw ApiError.badRequest("invalid_json", "the body must be a JSON object");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiError.badRequest("invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}

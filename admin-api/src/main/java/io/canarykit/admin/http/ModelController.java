package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.rollout.RolloutStanding;
import io.canarykit.admin.rollout.Rollouts;
import io.canarykit.admin.view.ModelCatalog;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.control.ControlFold;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.Map;

/** Pinning, the canary share, promotion and rollback. */
final class ModelController {

    /** The largest canary share an operator may set: the job's own bound, so both refuse alike. */
    static final BigDecimal MAX_SHARE = BigDecimal.valueOf(ControlFold.MAX_CANARY_SHARE);

    private final ModelCatalog models;
    private final CommandCall commands;
    private final Rollouts rollouts;

    ModelController(ModelCatalog models, CommandCall commands, Rollouts rollouts) {
        this.models = models;
        this.commands = commands;
        this.rollouts = rollouts;
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
        BigDecimal pct = QueryParams.decimal(ctx, "pct")
                .orElseThrow(() -> QueryParams.refused("pct", "pct is required, e.g. ?pct=0.05"));
        // Compared exactly: 0.2500000000000000001 is above the cap even though it rounds to 0.25 as a double.
        if (pct.signum() < 0 || pct.compareTo(MAX_SHARE) > 0) {
            throw QueryParams.refused("pct", "pct must be in [0, " + MAX_SHARE + "], got " + pct.toPlainString());
        }
        double share = pct.signum() == 0 ? 0.0 : pct.doubleValue();
        // Under the rollout's lock, so a rollout cannot start between the check and the send.
        synchronized (rollouts) {
            RolloutStanding standing = rollouts.standing();
            if (standing.active()) {
                throw RolloutController.shareSetByRollout(standing);
            }
            ctx.json(commands.send(ctx, ControlType.CANARY_SHARE, Map.of("pct", Double.toString(share)))
                    .put("canary_share", share));
        }
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
        String text = RequestBody.text(ctx);
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

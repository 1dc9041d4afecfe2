package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.control.ControlService;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.ledger.LedgerException;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.InputDecoder;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Publishing a model's reference profile on {@code kit.reference}, where the job and the catalogue read it. */
final class ReferenceController {

    // The decoder names what it refuses as "field 'a.b'" or "feature 'x'"; the answer repeats it on its own.
    private static final Pattern NAMED = Pattern.compile("(?:field|feature) '([^']*)'");

    private final ControlService control;

    ReferenceController(ControlService control) {
        this.control = control;
    }

    /** {@code POST /api/kit/reference}, body: one profile; it holds from when the sidecar publishes it. */
    void publish(Context ctx) {
        ReferenceProfile profile = profile(RequestBody.text(ctx));
        ControlService.Published published;
        try {
            published = control.publishReference(AuditTrail.caller(ctx), profile);
        } catch (LedgerException e) {
            throw ApiError.unavailable("audit_unavailable",
                    "the profile was not published: its audit entry could not be written first: " + e.getMessage());
        }
        if (!published.acknowledged()) {
            throw ApiError.unavailable("broker_unavailable", "the profile of " + profile.modelId()
                    + " was not delivered: " + published.detail() + ". Nothing changed; the attempt is in the audit log.");
        }
        ObjectNode body = ApiJson.object();
        body.put("ok", true);
        body.put("model_id", published.profile().modelId());
        body.put("ts", published.profile().ts());
        published.profile().features().keySet().stream().sorted().forEach(body.putArray("features")::add);
        ctx.json(body);
    }

    private static ReferenceProfile profile(String text) {
        if (text.isBlank()) {
            throw ApiError.badRequest("invalid_profile", "the body must be a reference profile: "
                    + "{\"model_id\", \"features\": {\"name\": {\"edges\": [...], \"expected\": [...]}}}");
        }
        Decoded<ReferenceProfile> decoded = InputDecoder.referenceProfile(text.getBytes(StandardCharsets.UTF_8));
        if (decoded instanceof Decoded.Rejected<ReferenceProfile> r) {
            ApiError error = ApiError.badRequest("invalid_profile", r.detail()).with("reason", r.reason().wire());
            Matcher named = NAMED.matcher(r.detail());
            throw named.find() ? error.with("field", named.group(1)) : error;
        }
        ReferenceProfile profile = decoded.value();
        if (profile.ts() != null) {
            throw ApiError.badRequest("invalid_profile",
                    "field 'ts' is the sidecar's to set: a profile published now holds from now; remove it")
                    .with("reason", "invalid_value").with("field", "ts");
        }
        return profile;
    }
}

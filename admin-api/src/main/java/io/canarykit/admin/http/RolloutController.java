package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.audit.CanonicalJson;
import io.canarykit.admin.control.CommandedRollout;
import io.canarykit.admin.control.ControlArgs;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.ledger.RolloutEvents;
import io.canarykit.admin.rollout.RolloutStanding;
import io.canarykit.admin.rollout.Rollouts;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.RolloutPlan;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.JsonCodec;
import io.canarykit.schema.codec.RolloutPlanDecoder;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The automatic canary rollout: start it with a plan, pause, resume or abort it, and see where it stands. */
final class RolloutController {

    // The decoder names what it refuses as "field 'steps[1].share'"; the answer repeats it on its own.
    private static final Pattern FIELD = Pattern.compile("field '([^']*)'");
    private static final String PLAN_SHAPE = "{\"steps\": [{\"share\", \"hold_ms\", \"shadow\"?}, ...], \"analysis\"?: {...}}";

    private final Rollouts rollouts;
    private final CommandCall commands;
    private final double canaryCap;

    RolloutController(Rollouts rollouts, CommandCall commands, double canaryCap) {
        this.rollouts = rollouts;
        this.commands = commands;
        this.canaryCap = canaryCap;
    }

    /** {@code POST /api/kit/rollout}, body: a plan, or none for the runbook's. */
    void start(Context ctx) {
        RolloutPlan plan = plan(RequestBody.text(ctx), canaryCap);
        String planJson = new String(JsonCodec.encode(plan), StandardCharsets.UTF_8);
        // One rollout call at a time, so two starts cannot both find no rollout running.
        synchronized (rollouts) {
            RolloutStanding standing = rollouts.standing();
            if (standing.active()) {
                throw ApiError.conflict("rollout_active", "a rollout is already " + standing.state().wire()
                        + ": abort it first (POST /api/kit/rollout/abort), or resume it if it is paused")
                        .with("state", standing.state().wire());
            }
            ObjectNode body = commands.send(ctx, ControlType.ROLLOUT_START, Map.of(ControlArgs.PLAN, planJson));
            body.put("state", RolloutState.RUNNING.wire());
            body.set("plan", CanonicalJson.read(planJson));
            ctx.json(body);
        }
    }

    void pause(Context ctx) {
        transition(ctx, ControlType.ROLLOUT_PAUSE, RolloutState.RUNNING, RolloutState.PAUSED, "pause");
    }

    void resume(Context ctx) {
        transition(ctx, ControlType.ROLLOUT_RESUME, RolloutState.PAUSED, RolloutState.RUNNING, "resume");
    }

    void abort(Context ctx) {
        synchronized (rollouts) {
            RolloutStanding standing = rollouts.standing();
            if (!standing.active()) {
                throw nothingTo("abort", standing);
            }
            ctx.json(commands.send(ctx, ControlType.ROLLOUT_ABORT, Map.of()).put("state", RolloutState.ABORTED.wire()));
        }
    }

    /** {@code GET /api/kit/rollout}: the state, the plan as sent, the newest decision's figures and the transitions seen. */
    void status(Context ctx) {
        RolloutStanding standing = rollouts.standing();
        CommandedRollout commanded = rollouts.commanded();
        RolloutStatus reported = standing.reported();
        ObjectNode body = ApiJson.object();
        body.put("state", standing.state().wire());
        body.put("confirmed", standing.confirmed());
        body.set("plan", commanded.started() ? planNode(commanded.plan()) : null);
        body.put("started_at", commanded.startedAt());
        body.put("started_by", commanded.startedBy());
        body.put("step", reported == null ? null : reported.step());
        body.put("steps", reported == null ? null : reported.steps());
        body.put("share", reported == null ? null : reported.share());
        body.put("shadow", reported == null ? null : reported.shadow());
        body.put("since", reported == null ? null : reported.since());
        body.put("next_step_due", reported == null ? null : reported.nextStepDue());
        body.put("reason", reported == null ? null : reported.reason());
        body.set("last_analysis", lastAnalysis(reported));
        body.put("as_of", standing.reportedAt());
        ArrayNode history = body.putArray("history");
        for (RolloutEvents.Event e : rollouts.history()) {
            ObjectNode row = history.addObject();
            row.put("ts", e.ts());
            row.put("state", e.state().wire());
            row.put("step", e.step());
            row.put("share", e.share());
            row.put("reason", e.reason());
        }
        ctx.json(body);
    }

    /** The rollout's state, step and share, for the live panel. */
    static ObjectNode summary(RolloutStanding standing) {
        ObjectNode summary = ApiJson.object();
        summary.put("state", standing.state().wire());
        summary.put("step", standing.reported() == null ? null : standing.reported().step());
        summary.put("share", standing.reported() == null ? null : standing.reported().share());
        return summary;
    }

    /** The 409 of a manual canary share while a rollout sets it. */
    static ApiError shareSetByRollout(RolloutStanding standing) {
        return ApiError.conflict("rollout_active", "the automatic rollout sets the canary share while it is "
                + standing.state().wire() + ": pause it (POST /api/kit/rollout/pause) to hold the share where it is,"
                + " or abort it (POST /api/kit/rollout/abort, or roll back) to take the share to 0")
                .with("state", standing.state().wire());
    }

    private void transition(Context ctx, ControlType type, RolloutState from, RolloutState to, String verb) {
        synchronized (rollouts) {
            RolloutStanding standing = rollouts.standing();
            if (standing.state() != from) {
                throw nothingTo(verb, standing);
            }
            ctx.json(commands.send(ctx, type, Map.of()).put("state", to.wire()));
        }
    }

    private static ApiError nothingTo(String verb, RolloutStanding standing) {
        String wanted = verb.equals("abort") ? "running or paused" : verb.equals("pause") ? "running" : "paused";
        return ApiError.conflict("no_rollout_to_" + verb, "there is no " + wanted + " rollout to " + verb
                + ": the rollout is " + standing.state().wire()).with("state", standing.state().wire());
    }

    // The plan as the ledger kept it; a start written by another client with a plan that is not JSON shows as its text.
    private static JsonNode planNode(String text) {
        try {
            return CanonicalJson.read(text);
        } catch (IllegalArgumentException notJson) {
            return ApiJson.MAPPER.getNodeFactory().textNode(text);
        }
    }

    private static JsonNode lastAnalysis(RolloutStatus reported) {
        if (reported == null || reported.analysedAt() == null) {
            return null;
        }
        ObjectNode analysis = ApiJson.object();
        analysis.put("ts", reported.analysedAt());
        analysis.set("checks", ApiJson.MAPPER.valueToTree(reported.checks()));
        return analysis;
    }

    /**
     * The plan in {@code text}, checked against the cap; no body is the runbook's plan, checked the same
     * way (its 20% step is above a cap set lower).
     */
    static RolloutPlan plan(String text, double canaryCap) {
        if (text.isBlank()) {
            text = new String(JsonCodec.encode(RolloutPlan.runbook(RolloutPlan.Analysis.DEFAULT)), StandardCharsets.UTF_8);
        }
        Decoded<JsonNode> json = JsonCodec.decode(text.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        if (json instanceof Decoded.Rejected<JsonNode> r) {
            throw ApiError.badRequest("invalid_plan", "the body is not a rollout plan: " + r.detail())
                    .with("reason", r.reason().wire());
        }
        if (!json.value().isObject()) {
            throw ApiError.badRequest("invalid_plan", "the body must be a rollout plan, a JSON object: " + PLAN_SHAPE)
                    .with("reason", "wrong_type");
        }
        Decoded<RolloutPlan> plan = RolloutPlanDecoder.decode(json.value(), RolloutPlan.Analysis.DEFAULT, canaryCap);
        if (plan instanceof Decoded.Rejected<RolloutPlan> r) {
            ApiError error = ApiError.badRequest("invalid_plan", r.detail()).with("reason", r.reason().wire());
            Matcher named = FIELD.matcher(r.detail());
            throw named.find() ? error.with("field", named.group(1)) : error;
        }
        return plan.value();
    }
}

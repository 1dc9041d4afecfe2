package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.control.CommandedState;
import io.canarykit.admin.control.ControlService;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.preflight.Check;
import io.canarykit.admin.preflight.JobProbe;
import io.canarykit.admin.rollout.Rollouts;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Topics;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The live panel's data and the sidecar's own health. */
final class StatusController {

    private static final long JOB_CHECK_CACHE_MS = 2_000;
    private static final List<String> TOPICS = List.of(Topics.GATE_DECISIONS, Topics.KPIS, Topics.TCA, Topics.ORDERS);

    private final StateView view;
    private final KitConfig config;
    private final ControlService control;
    private final JobProbe job;
    private final boolean authRequired;
    private final Rollouts rollouts;
    private volatile Check lastJobCheck;
    private volatile long lastJobCheckAt;

    StatusController(StateView view, KitConfig config, ControlService control, JobProbe job, boolean authRequired,
            Rollouts rollouts) {
        this.rollouts = rollouts;
        this.view = view;
        this.config = config;
        this.control = control;
        this.job = job;
        this.authRequired = authRequired;
    }

    void status(Context ctx) {
        ObjectNode body = Freshness.of(view);
        Optional<GateDecision> newest = view.decisions().stream().map(StateView.DecisionEntry::decision)
                .max(Comparator.comparingLong(GateDecision::ts));
        CommandedState commanded = control.state();
        body.put("profile", config.profile().wire());
        body.put("live", config.isLive());
        body.put("auth_required", authRequired);
        body.put("model_id_used", newest.map(GateDecision::modelId).orElse(null));
        body.put("champion", newest.map(GateDecision::champion).orElse(null));
        body.put("challenger", newest.map(GateDecision::challenger).orElse(null));
        body.put("pinned", newest.map(GateDecision::pinned).orElse(commanded.pinnedModel() != null));
        body.put("pinned_model", commanded.pinnedModel());
        body.put("canary_share", newest.map(GateDecision::canaryShare)
                .orElse(commanded.canaryShareOr(config.challengerShare())));
        body.put("canary_share_commanded", commanded.canaryShareOr(config.challengerShare()));
        body.set("budget_left", RiskController.riskBody(view, config).get("budget_left"));
        body.put("armed", commanded.armed());
        body.put("kill_switch", commanded.killSwitch());
        if (newest.isPresent()) {
            body.put("armed_in_decisions", view.decisions().stream().noneMatch(e -> e.decision().gates().disarmed()));
            body.put("kill_switch_in_decisions", view.decisions().stream().anyMatch(e -> e.decision().gates().killSwitch()));
        }
        activeGates(body);
        body.set("rollout", RolloutController.summary(rollouts.standing()));
        data(body);
        Check jobCheck = jobCheck();
        ObjectNode jobNode = body.putObject("job");
        jobNode.put("running", jobCheck.ok());
        jobNode.put("source", job.source());
        jobNode.put("detail", jobCheck.detail());
        ctx.json(body);
    }

    /** Answers {@code pong} and does nothing else: a liveness probe, and the floor the bench compares routes with. */
    void ping(Context ctx) {
        ctx.result("pong");
    }

    void health(Context ctx) {
        ObjectNode body = ApiJson.object();
        body.put("status", "ok");
        body.put("rehydrated", view.rehydrateMillis().isPresent());
        view.rehydrateMillis().ifPresent(ms -> body.put("rehydrate_seconds", ms / 1000.0));
        body.put("stale", view.stale());
        ctx.json(body);
    }

    private void activeGates(ObjectNode body) {
        TreeSet<String> active = new TreeSet<>();
        var bySymbol = body.putArray("active_gates");
        for (StateView.DecisionEntry entry : view.decisions()) {
            GateDecision d = entry.decision();
            if (d.reasons().isEmpty() && d.gates().canary() == null) {
                continue;
            }
            ObjectNode row = bySymbol.addObject();
            row.put("symbol", d.symbol());
            row.put("mode", d.mode().wire());
            row.put("allow", d.allow());
            var reasons = row.putArray("reasons");
            d.reasons().forEach(r -> {
                reasons.add(r.wire());
                active.add(r.wire());
            });
            if (d.gates().canary() != null) {
                row.put("canary", d.gates().canary().wire());
                active.add("canary:" + d.gates().canary().wire());
            }
        }
        var names = body.putArray("gates_active");
        active.forEach(names::add);
    }

    private void data(ObjectNode body) {
        ObjectNode data = body.putObject("data");
        data.put("stale", view.stale());
        data.put("symbols", view.decisions().size());
        view.rehydrateMillis().ifPresentOrElse(ms -> data.put("rehydrate_seconds", ms / 1000.0),
                () -> data.putNull("rehydrate_seconds"));
        ObjectNode ages = data.putObject("age_seconds");
        for (String topic : TOPICS) {
            view.lastProduced(topic).ifPresentOrElse(
                    at -> ages.put(topic, Math.max(0, view.now() - at) / 1000.0), () -> ages.putNull(topic));
        }
    }

    // The page asks every second; the Flink REST call behind the check need not run that often.
    private Check jobCheck() {
        long now = System.currentTimeMillis();
        if (lastJobCheck == null || now - lastJobCheckAt > JOB_CHECK_CACHE_MS) {
            lastJobCheck = job.check();
            lastJobCheckAt = now;
        }
        return lastJobCheck;
    }
}

package io.canarykit.admin.http;

import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.metrics.SidecarMetrics;
import io.canarykit.admin.rollout.Rollouts;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table of {@code /api/kit}, {@code /metrics}, {@code /health}, {@code /ping}, the page at {@code /}
 * and its webjars under {@code /webjars}.
 */
public final class Routes {

    private static final Logger LOG = LoggerFactory.getLogger("io.canarykit.admin.http.Requests");

    private Routes() {}

    public static void install(JavalinConfig cfg, AppParts p) {
        cfg.jsonMapper(new JavalinJackson(ApiJson.MAPPER, false));
        cfg.staticFiles.add("/public", Location.CLASSPATH);
        // The charts' uPlot, from its webjar (/webjars/uplot/<version>/...): the page loads nothing from outside.
        cfg.staticFiles.enableWebjars();
        cfg.requestLogger.http((ctx, ms) -> LOG.info("{} {} {} {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms)));

        AdminAuth auth = new AdminAuth(p.config().kitAdminToken());
        AuditTrail trail = new AuditTrail(p.audit());
        CommandCall commands = new CommandCall(p.control());
        ControlController control = new ControlController(p.preflight(), commands);
        RiskController risk = new RiskController(p.view(), p.config(), commands);
        Rollouts rollouts = new Rollouts(p.control(), p.view(), p.history());
        ModelController model = new ModelController(p.models(), commands, rollouts);
        RolloutController rollout = new RolloutController(rollouts, commands, p.config().canaryNotionalCap());
        ReferenceController reference = new ReferenceController(p.control());
        GatesController gates = new GatesController(p.view(), p.history());
        SloController slo = new SloController(p.view(), p.config(), commands);
        ReportController report = new ReportController(p.reports());
        StatusController status = new StatusController(p.view(), p.config(), p.control(), p.job(), auth.required(),
                rollouts);
        GoNoGoController goNoGo = new GoNoGoController(p.goNoGo());
        MetricsController metrics = new MetricsController(new SidecarMetrics(p.view(), p.ingest(), p.reports()));
        AuditController audit = new AuditController(p.audit());
        AlertsController alerts = new AlertsController(p.alerts());
        PnlController pnl = new PnlController(p.paperPnl());
        SeriesController series = new SeriesController(p.view(), p.series(), p.config());

        var routes = cfg.routes;
        ErrorHandling.install(routes);
        routes.beforeMatched(auth::check);
        // After authorisation and before any handler: a call whose body cannot be read is refused whole.
        routes.beforeMatched(RequestBody::read);
        routes.afterMatched(trail::record);

        routes.get("/api/kit/preflight", control::preflight);
        routes.post("/api/kit/arm", control::arm);
        routes.post("/api/kit/disarm", control::disarm);
        routes.post("/api/kit/kill", control::kill);
        routes.post("/api/kit/kill/release", control::release);

        routes.get("/api/kit/risk", risk::risk);
        routes.post("/api/kit/risk/reset", risk::reset);
        routes.post("/api/kit/pnl/paper", pnl::importPaper);

        routes.post("/api/kit/model/pin", model::pin);
        routes.delete("/api/kit/model/pin", model::unpin);
        routes.patch("/api/kit/model/canary_share", model::canaryShare);
        routes.post("/api/kit/model/promote", model::promote);
        routes.post("/api/kit/model/rollback", model::rollback);
        routes.post("/api/kit/reference", reference::publish);

        routes.get("/api/kit/rollout", rollout::status);
        routes.post("/api/kit/rollout", rollout::start);
        routes.post("/api/kit/rollout/pause", rollout::pause);
        routes.post("/api/kit/rollout/resume", rollout::resume);
        routes.post("/api/kit/rollout/abort", rollout::abort);

        routes.get("/api/kit/gates", gates::gates);
        routes.get("/api/kit/gates/history", gates::history);
        routes.get("/api/kit/slo", slo::slo);
        routes.get("/api/kit/series", series::series);
        routes.post("/api/kit/slo/refresh", slo::refresh);

        routes.get("/api/kit/report/today", report::today);
        routes.get("/api/kit/report/{date}", report::byDate);

        routes.get("/api/kit/status", status::status);
        routes.get("/api/kit/go-no-go", goNoGo::verdict);
        routes.get("/api/kit/alerts", alerts::firing);
        routes.get("/api/kit/audit", audit::recent);
        routes.get("/metrics", metrics::metrics);
        routes.get("/health", status::health);
        routes.get("/ping", status::ping);
    }
}

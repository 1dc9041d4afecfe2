package io.canarykit.admin;

import io.canarykit.admin.alerts.PrometheusAlerts;
import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.control.ControlService;
import io.canarykit.admin.gonogo.GoNoGo;
import io.canarykit.admin.ledger.PaperPnl;
import io.canarykit.admin.http.RequestBody;
import io.canarykit.admin.http.Routes;
import io.canarykit.admin.ingest.TopicIngest;
import io.canarykit.admin.ledger.DecisionHistory;
import io.canarykit.admin.preflight.JobProbe;
import io.canarykit.admin.preflight.Preflight;
import io.canarykit.admin.report.DailyReport;
import io.canarykit.admin.view.KpiSeries;
import io.canarykit.admin.view.ModelCatalog;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.KitConfig;
import io.javalin.Javalin;

/** Builds the sidecar's Javalin app, routes and all, from its parts; starting it is the caller's. */
public final class AdminApp {

    /** Everything the routes serve from, built by {@link Sidecar} or by a test. */
    public record Parts(
            KitConfig config,
            String bindHost,
            int port,
            StateView view,
            AuditLog audit,
            ControlService control,
            Preflight preflight,
            JobProbe job,
            ModelCatalog models,
            GoNoGo goNoGo,
            DailyReport reports,
            TopicIngest ingest,
            PrometheusAlerts alerts,
            PaperPnl paperPnl,
            DecisionHistory history,
            KpiSeries series) {}

    private AdminApp() {}

    public static Javalin create(Parts parts) {
        return Javalin.create(cfg -> {
            cfg.jetty.host = parts.bindHost();
            cfg.jetty.port = parts.port();
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = RequestBody.MAX_BYTES;
            Routes.install(cfg, parts);
        });
    }
}

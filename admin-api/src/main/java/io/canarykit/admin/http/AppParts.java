package io.canarykit.admin.http;

import io.canarykit.admin.alerts.PrometheusAlerts;
import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.control.ControlService;
import io.canarykit.admin.gonogo.GoNoGo;
import io.canarykit.admin.ingest.TopicIngest;
import io.canarykit.admin.ledger.DecisionHistory;
import io.canarykit.admin.pnl.PaperPnl;
import io.canarykit.admin.preflight.JobProbe;
import io.canarykit.admin.preflight.Preflight;
import io.canarykit.admin.report.DailyReport;
import io.canarykit.admin.view.KpiSeries;
import io.canarykit.admin.view.ModelCatalog;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.KitConfig;

/** Everything the routes serve from, built by the sidecar or by a test. */
public record AppParts(
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

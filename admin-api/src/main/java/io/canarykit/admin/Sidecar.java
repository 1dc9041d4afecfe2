package io.canarykit.admin;

import io.canarykit.admin.alerts.PrometheusAlerts;
import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.control.ControlPublisher;
import io.canarykit.admin.control.ControlService;
import io.canarykit.admin.control.ControlTopic;
import io.canarykit.admin.control.KafkaControlPublisher;
import io.canarykit.admin.gonogo.GoNoGo;
import io.canarykit.admin.http.AppParts;
import io.canarykit.admin.ingest.TopicIngest;
import io.canarykit.admin.ledger.DecisionHistory;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.pnl.PaperPnl;
import io.canarykit.admin.preflight.JobProbe;
import io.canarykit.admin.preflight.KafkaProbe;
import io.canarykit.admin.preflight.Preflight;
import io.canarykit.admin.report.DailyReport;
import io.canarykit.admin.view.KpiSeries;
import io.canarykit.admin.view.ModelCatalog;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.KitConfig;
import io.canarykit.config.Profile;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin sidecar assembled: ledger, audit log, Kafka ingest and control, preflight, and the HTTP
 * app. {@link #assemble} builds and starts consuming; {@link #serve} opens the port.
 */
public final class Sidecar implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sidecar.class);
    private static final Duration RECONCILE_TIMEOUT = Duration.ofSeconds(5);

    private final SidecarOptions options;
    private final Ledger ledger;
    private final StateView view;
    private final TopicIngest ingest;
    private final ControlPublisher publisher;
    private final KafkaProbe kafka;
    private final AuditLog audit;
    private final Javalin app;

    private Sidecar(SidecarOptions options, Ledger ledger, StateView view, TopicIngest ingest,
            ControlPublisher publisher, KafkaProbe kafka, AuditLog audit, Javalin app) {
        this.options = options;
        this.ledger = ledger;
        this.view = view;
        this.ingest = ingest;
        this.publisher = publisher;
        this.kafka = kafka;
        this.audit = audit;
        this.app = app;
    }

    /**
     * Opens the ledger, starts consuming and builds the app (not yet listening).
     *
     * @throws IllegalStateException under {@code PROFILE=live} without {@code KIT_ADMIN_TOKEN}
     */
    public static Sidecar assemble(KitConfig config, SidecarOptions options) {
        // Rehydration counts from here: opening the ledger is part of it.
        long started = System.nanoTime();
        if (config.profile() == Profile.LIVE && !config.hasAdminToken()) {
            throw new IllegalStateException(
                    "PROFILE=live requires KIT_ADMIN_TOKEN: the sidecar will not start with its mutating calls open");
        }
        Ledger ledger = Ledger.open(config.kitDbUrl());
        StateView view = new StateView(options.clock());
        AuditLog audit = new AuditLog(ledger, options.clock());
        ControlPublisher publisher = new KafkaControlPublisher(config.kafkaBootstrap());
        KafkaProbe kafka = new KafkaProbe(config.kafkaBootstrap());
        ControlService control = new ControlService(publisher, ledger, audit, options.clock());
        KpiSeries series = new KpiSeries(KpiSeries.DEFAULT_MAX_POINTS,
                () -> control.state().canaryShareOr(config.challengerShare()));
        TopicIngest ingest = new TopicIngest(config.kafkaBootstrap(), ledger, view, series, audit);
        ControlTopic controlTopic = new ControlTopic(config.kafkaBootstrap());
        reconcile(control, controlTopic);
        prime(control);
        JobProbe job = new JobProbe(options.flinkRestUrl(), view);
        PrometheusAlerts alerts = config.prometheusUrl() == null ? null : new PrometheusAlerts(config.prometheusUrl());
        ModelCatalog models = new ModelCatalog(view, ledger);
        Preflight preflight = new Preflight(config, kafka, job, audit, ledger, controlTopic, options.clock(), models,
                alerts);
        AppParts parts = new AppParts(config, options.bindHost(), options.port(), view, audit, control,
                preflight, job, models, new GoNoGo(ledger, view, config, alerts),
                new DailyReport(ledger, config, options.clock()), ingest, alerts,
                new PaperPnl(ledger, audit, options.clock()), new DecisionHistory(ledger), series);
        ingest.start(started);
        return new Sidecar(options, ledger, view, ingest, publisher, kafka, audit, AdminApp.create(parts));
    }

    // Before serving, so the commanded state includes what the previous run sent but could not record.
    private static void reconcile(ControlService control, ControlTopic topic) {
        if (control.pendingAtStart().isEmpty()) {
            return;
        }
        try {
            Set<String> onTopic = new HashSet<>();
            topic.readAll(RECONCILE_TIMEOUT).forEach(seen -> onTopic.add(seen.id()));
            control.reconcile(onTopic);
            LOG.info("settled {} command(s) the previous run left pending against kit.control", control.pendingAtStart().size());
        } catch (RuntimeException e) {
            LOG.warn("{} command(s) left pending by the previous run stay pending: {}", control.pendingAtStart().size(),
                    e.getMessage());
        }
    }

    // In the background: a broker that is away must not hold the start, and the first command waits for it anyway.
    private static void prime(ControlService control) {
        Thread primer = new Thread(() -> {
            try {
                control.prime();
            } catch (RuntimeException e) {
                LOG.debug("the command path was not primed: {}", e.toString());
            }
        }, "kit-sidecar-prime");
        primer.setDaemon(true);
        primer.start();
    }

    /** Starts listening on the configured address and port. */
    public Sidecar serve() {
        app.start();
        LOG.info("sidecar listening on http://{}:{}/ (database {})", options.bindHost(), app.port(), ledger.url());
        return this;
    }

    /** Waits for start-up rehydration; true when it finished in time. */
    public boolean awaitRehydrated(Duration timeout) throws InterruptedException {
        return ingest.awaitRehydrated(timeout);
    }

    /** Records consumed from Kafka since start. */
    public long recordsConsumed() {
        return ingest.ingested();
    }

    public Javalin app() {
        return app;
    }

    public StateView view() {
        return view;
    }

    public Ledger ledger() {
        return ledger;
    }

    public AuditLog audit() {
        return audit;
    }

    @Override
    public void close() {
        try {
            app.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping the HTTP server: {}", e.toString());
        }
        try {
            ingest.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
        kafka.close();
        ledger.close();
    }
}

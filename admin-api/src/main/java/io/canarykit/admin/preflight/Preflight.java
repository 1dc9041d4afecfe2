package io.canarykit.admin.preflight;

import io.canarykit.admin.alerts.PrometheusAlerts;
import io.canarykit.admin.alerts.PrometheusUnavailableException;
import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.audit.ChainCheck;
import io.canarykit.admin.control.ControlService;
import io.canarykit.admin.control.ControlTopic;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.config.KitConfig;
import io.canarykit.config.Profile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/** The preflight of the runbook: every check is made for real, each time it is asked for. */
public final class Preflight {

    static final String AUDIT_COMMANDS = "audit_commands";
    private static final Duration CONTROL_READ_TIMEOUT = Duration.ofSeconds(5);

    private final KitConfig config;
    private final KafkaProbe kafka;
    private final JobProbe job;
    private final AuditLog audit;
    private final Ledger ledger;
    private final ControlTopic controlTopic;
    private final LongSupplier clock;
    private final PrometheusAlerts alerts;

    /**
     * The checks, with {@code alerts} the Prometheus that evaluates the alert rules, or null when
     * {@code PROMETHEUS_URL} is unset.
     */
    public Preflight(KitConfig config, KafkaProbe kafka, JobProbe job, AuditLog audit, Ledger ledger,
            ControlTopic controlTopic, LongSupplier clock, PrometheusAlerts alerts) {
        this.config = config;
        this.kafka = kafka;
        this.job = job;
        this.audit = audit;
        this.ledger = ledger;
        this.controlTopic = controlTopic;
        this.clock = clock;
        this.alerts = alerts;
    }

    /** Runs every check. */
    public PreflightResult run() {
        List<Check> checks = new ArrayList<>();
        Check kafkaCheck = kafka.check();
        checks.add(kafkaCheck);
        checks.add(job.check());
        checks.add(configLimits());
        checks.add(auditChain());
        // Without Kafka the topic cannot be read; saying so at once spares another timeout.
        checks.add(kafkaCheck.ok() ? auditCommands()
                : Check.fail(AUDIT_COMMANDS, "kit.control cannot be compared with the audit log: Kafka does not answer"));
        checks.add(databaseWritable());
        checks.add(liveProfile());
        checks.add(alerts());
        return PreflightResult.of(checks);
    }

    private Check configLimits() {
        List<String> breaches = config.initialLiveLimitBreaches();
        if (breaches.isEmpty()) {
            return Check.pass("config", "within the initial live limits");
        }
        String detail = String.join("; ", breaches);
        return config.profile() == Profile.LIVE ? Check.fail("config", detail)
                : Check.warn("config", detail + " (a warning under PROFILE=" + config.profile().wire() + ")");
    }

    private Check auditChain() {
        try {
            ChainCheck chain = audit.verify();
            return chain.intact() ? Check.pass("audit_chain", chain.describe()) : Check.fail("audit_chain", chain.describe());
        } catch (RuntimeException e) {
            return Check.fail("audit_chain", "cannot read the audit log: " + e.getMessage());
        }
    }

    // The topic is read before the log: a command sent meanwhile had its intent committed before it was sent.
    private Check auditCommands() {
        List<ControlTopic.Seen> onTopic;
        Set<String> audited;
        Set<String> unsettled;
        try {
            onTopic = controlTopic.readAll(CONTROL_READ_TIMEOUT);
        } catch (RuntimeException e) {
            return Check.fail(AUDIT_COMMANDS, "cannot read kit.control to compare it with the audit log: " + e.getMessage());
        }
        try {
            audited = audit.commandIds();
            unsettled = intentsWithoutOutcome();
        } catch (RuntimeException e) {
            return Check.fail(AUDIT_COMMANDS, "cannot read the audit log: " + e.getMessage());
        }
        return AuditCommands.compare(onTopic, audited, unsettled).check();
    }

    private Set<String> intentsWithoutOutcome() {
        return ledger.transaction(connection -> {
            Set<String> ids = new HashSet<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id FROM control_commands WHERE outcome IN (?, ?)")) {
                query.setString(1, ControlService.PENDING);
                query.setString(2, ControlService.NOT_SENT);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    /** No critical alert firing; without a Prometheus to ask, a warning that nothing evaluates the rules. */
    private Check alerts() {
        if (alerts == null) {
            return Check.warn("alerts", "PROMETHEUS_URL is unset: nothing evaluates the alert rules");
        }
        try {
            List<PrometheusAlerts.Alert> firing = alerts.firing();
            List<String> critical = firing.stream().filter(a -> PrometheusAlerts.CRITICAL.equals(a.severity()))
                    .map(a -> a.name() + (a.symbol() == null ? "" : "{symbol=" + a.symbol() + "}")).toList();
            if (!critical.isEmpty()) {
                return Check.fail("alerts", critical.size() + " critical alert(s) firing in " + alerts.url() + ": "
                        + String.join(", ", critical));
            }
            return Check.pass("alerts", "no critical alert firing in " + alerts.url() + " (" + firing.size()
                    + " other firing)");
        } catch (PrometheusUnavailableException e) {
            return Check.warn("alerts", e.getMessage());
        }
    }

    private Check databaseWritable() {
        try {
            ledger.transaction(connection -> {
                try (PreparedStatement probe = connection.prepareStatement(
                        "INSERT INTO meta(key, value) VALUES ('preflight_probe', ?) "
                                + "ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
                    probe.setString(1, String.valueOf(clock.getAsLong()));
                    return probe.executeUpdate();
                }
            });
            return Check.pass("database", "writable: " + ledger.url());
        } catch (RuntimeException e) {
            return Check.fail("database", "not writable: " + e.getMessage());
        }
    }

    private Check liveProfile() {
        if (config.profile() != Profile.LIVE) {
            return Check.pass("live_profile", "PROFILE=" + config.profile().wire() + ": no live rules apply");
        }
        List<String> problems = new ArrayList<>(config.liveProfileProblems());
        if (!config.hasAdminToken()) {
            problems.add("KIT_ADMIN_TOKEN is unset, but PROFILE=live requires it");
        }
        if (!problems.isEmpty()) {
            return Check.fail("live_profile", String.join("; ", problems));
        }
        return config.enableLiveTrading()
                ? Check.pass("live_profile", "PROFILE=live, ENABLE_LIVE_TRADING=true, ENABLE_ONLINE_LEARNING=false, token set")
                : Check.warn("live_profile", "PROFILE=live but ENABLE_LIVE_TRADING=false: decisions say live=false");
    }
}

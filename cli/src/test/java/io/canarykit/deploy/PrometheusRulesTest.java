package io.canarykit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/prometheus holds the runbook's alerts, over names the job and the sidecar really export. */
class PrometheusRulesTest {

    private static final String SCOPE = "flink_taskmanager_job_task_operator_";
    private static final Pattern REGISTERED = Pattern.compile("\\.(?:gauge|counter)\\(\"([a-z0-9_]+)\"");
    private static final Pattern SOURCE = Pattern.compile(SCOPE + "([a-z0-9_]+)");

    private static Map<String, String> alerts() {
        Map<String, String> byName = new HashMap<>();
        for (JsonNode group : DeployTree.documents("deploy/prometheus/alerts.yml").get(0).path("groups")) {
            group.path("rules").forEach(r -> byName.put(r.path("alert").asText(), r.path("expr").asText()));
        }
        return byName;
    }

    @Test
    void carriesTheRunbooksAlertsWithItsThresholds() {
        Map<String, String> alerts = alerts();
        assertThat(alerts.get("BudgetDepleted")).isEqualTo("gate_budget_active == 1 or daily_budget_left <= 0");
        assertThat(alerts.get("SLOGateStuck")).isEqualTo("sum_over_time(gate_slo_active[30m:1m]) > 25");
        assertThat(alerts.get("CanaryImbalance"))
                .contains("abs((canary_trades_total / total_trades) - scalar(kit:challenger_share)) > 0.05");
        assertThat(alerts.get("FeaturesMissing")).isEqualTo("features_missing_ratio > 0.01");
        assertThat(alerts.get("FeedDislocation")).isEqualTo("feed_dislocation_bps > 5");
        assertThat(alerts.get("DataStale")).isEqualTo("data_stale_seconds > 1");
        // The job's current count (orders unanswered by the venue for more than 5 s now), not its total.
        assertThat(alerts.get("Orphans")).isEqualTo("orphans > 0");
        assertThat(alerts.get("CanaryRolledBack")).isEqualTo("rollout_aborted == 1");
    }

    @Test
    void recordsOnlyMetricsThatTheJobRegisters() throws IOException {
        Set<String> perSymbol = registered("operators/src/main/java/io/canarykit/operators/flink/SymbolMetrics.java");
        Set<String> account = registered("operators/src/main/java/io/canarykit/operators/flink/AccountRiskFunction.java");
        assertThat(perSymbol).contains("psi", "gate_slo_active");
        assertThat(account).contains("daily_budget_left", "gate_budget_active");
        // The job's own health counters, not per symbol: the symbol gate's and the DLQ sink's.
        Set<String> health = registered("operators/src/main/java/io/canarykit/operators/flink/SymbolGateFunction.java");
        health.addAll(registered("jobs/src/main/java/io/canarykit/jobs/io/DlqKafkaSink.java"));
        assertThat(health).contains("evaluation_errors_total", "dlq_write_failures_total");
        account.addAll(health);
        // The rollout's, one operator for the desk; rollout_check sits in check and verdict key groups.
        Set<String> rollout = registered("operators/src/main/java/io/canarykit/operators/flink/RolloutMetrics.java");
        assertThat(rollout).contains("rollout_state", "rollout_step", "rollout_share", "rollout_aborted", "rollout_check");
        account.addAll(rollout);

        List<String> recorded = new ArrayList<>();
        for (JsonNode rule : DeployTree.documents("deploy/prometheus/recording.yml").get(0).path("groups").get(0).path("rules")) {
            Matcher m = SOURCE.matcher(rule.path("expr").asText());
            if (!m.find()) {
                continue;
            }
            recorded.add(rule.path("record").asText());
            String source = m.group(1);
            // The symbol's metrics sit in a "symbol" key group, which the reporter adds to the name.
            if (source.startsWith("check_verdict_")) {
                assertThat(rollout).as(source).contains(source.substring("check_verdict_".length()));
            } else if (source.startsWith("symbol_")) {
                assertThat(perSymbol).as(source).contains(source.substring("symbol_".length()));
            } else {
                assertThat(account).as(source).contains(source);
            }
        }
        assertThat(recorded).contains("gate_budget_active", "daily_budget_left", "gate_slo_active", "canary_trades_total",
                "total_trades", "features_missing_ratio", "feed_dislocation_bps", "data_stale_seconds", "orphans",
                "evaluation_errors_total", "dlq_write_failures_total", "rollout_state", "rollout_aborted", "rollout_check");
    }

    @Test
    void passesPromtoolsRuleCheckAndItsAlertTests() throws Exception {
        Path prometheus = DeployTree.file("deploy/prometheus");
        List<String> check = new ArrayList<>(List.of("promtool", "check", "rules"));
        try (var files = Files.list(prometheus)) {
            files.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(p -> check.add(p.toString()));
        }
        assertThat(check).hasSize(5);
        assertThat(run(check)).contains("SUCCESS");
        assertThat(run(List.of("promtool", "test", "rules", prometheus.resolve("tests/alerts-test.yml").toString())))
                .contains("SUCCESS");
    }

    private static Set<String> registered(String source) throws IOException {
        Matcher m = REGISTERED.matcher(Files.readString(DeployTree.file(source)));
        Set<String> names = new HashSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Runs promtool (Debian package prometheus, installed by ./kit test) and returns its output. */
    private static String run(List<String> command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is missing; install it with: apt-get install prometheus", e);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}

package io.canarykit.cli.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.canarykit.cli.demo.DemoPorts;
import io.canarykit.cli.demo.broker.KafkaClients;
import io.canarykit.cli.demo.desk.DeskConditions;
import io.canarykit.cli.demo.desk.Scenario;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Grafana panel and every rule against a real scrape: the demo's job trades (with a canary,
 * one rejected record and one symbol whose feeds part) while Prometheus scrapes the job's reporter
 * and the sidecar every second; then every metric the rules and panels name exists, every panel's
 * query answers with a number, every recording rule yields series, no critical alert fired, and
 * FeedDislocation fires for the dislocated symbol only.
 */
class DashboardQueriesITCase {

    private static final String SCOPE = "flink_taskmanager_job_task_operator_";
    /** Its reference feed moves away from its primary: dislocation halts it and FeedDislocation fires. */
    private static final String DISLOCATED = "BTCUSDT";
    /** Trades all along; the panels' $symbol. */
    private static final String TRADED = "ETHUSDT";
    private static final long DISLOCATION_AT_MS = 10_000;
    /** The rollout operator's metrics, which the rollout row reads; checked once the job registers them. */
    private static final String ROLLOUT_STATE = SCOPE + "rollout_state";
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*), *symbol\\)");
    private static final Set<String> ROLLOUT_PANELS = Set.of("Rollout state", "Rollout step and share", "Rollout checks");

    @TempDir
    Path dataDir;

    @Test
    void everyPanelAndRuleReadsRealSeriesAndFeedDislocationFiresForTheDislocatedSymbolOnly() throws Exception {
        DemoPorts ports = DemoPorts.free();
        // A canary share, so the canary-against-champion panels have both sides.
        KitConfig config = ObservedDemo.config(ports, dataDir, 2, Map.of("CHALLENGER_SHARE", "0.2"));
        // Four times the demo's order rate: each symbol's SLO window holds SLO_MIN_SAMPLES acks within a minute.
        DeskConditions busy = DeskConditions.healthy().withOrderRate(4);
        double offset = 2 * config.dislocationMaxBps();
        Scenario story = new Scenario("dashboards", DISLOCATED, List.of(), busy, List.of(new Scenario.Step(
                DISLOCATION_AT_MS, DISLOCATED + "'s reference feed moves " + offset + " bps above its primary",
                busy.withReferenceOffset(DISLOCATED, offset))), Map.of());
        long started = System.nanoTime();
        try (ObservedDemo kit = ObservedDemo.start(dataDir, ports, config, List.of(DISLOCATED, TRADED), story,
                Duration.ofSeconds(1))) {
            long armedAt = kit.preflightAndArm();
            sendOneUnreadableQuote(kit);

            // FeedDislocation holds for a minute before it fires; by then the first fills' 60 s markouts are known.
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            String dislocation = "ALERTS{alertname=\"FeedDislocation\",alertstate=\"firing\"}";
            List<ObservedDemo.Sample> firing = kit.awaitFinite(dislocation, deadline);
            assertThat(firing).as("FeedDislocation firing, %d s after arming", (System.currentTimeMillis() - armedAt) / 1000)
                    .extracting(s -> s.labels().get("symbol")).containsOnly(DISLOCATED);

            boolean rolloutRegistered = !kit.query("count(" + ROLLOUT_STATE + ")").isEmpty();
            long checksDeadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            assertPanelsAnswer(kit, rolloutRegistered, checksDeadline);
            assertMetricsExist(kit, rolloutRegistered);
            assertRecordingRulesYieldSeries(kit);

            assertThat(kit.query("count_over_time(ALERTS{severity=\"critical\"}[10m])"))
                    .as("no critical alert was pending or firing in the run").isEmpty();
            assertThat(kit.query(dislocation)).extracting(s -> s.labels().get("symbol")).containsOnly(DISLOCATED);
            List<ObservedDemo.Sample> rejected = kit.query("sum(" + SCOPE + "reason_dlq_records_total)");
            assertThat(rejected).as("the unreadable quote in the DLQ counters").hasSize(1);
            assertThat(rejected.get(0).value()).isGreaterThanOrEqualTo(1.0);
        }
        System.out.printf("DashboardQueriesITCase ran in %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /** Every panel's queries, $symbol the traded symbol, answer with at least one number. */
    private static void assertPanelsAnswer(ObservedDemo kit, boolean rolloutRegistered, long deadline) throws Exception {
        Map<String, String> unanswered = new LinkedHashMap<>();
        int checked = 0;
        for (GrafanaBoards.Panel panel : GrafanaBoards.panels()) {
            if (!rolloutRegistered && ROLLOUT_PANELS.contains(panel.title())) {
                // The rollout row reads the rollout operator's metrics; without that operator there is nothing to read.
                continue;
            }
            for (String expr : panel.exprs()) {
                String query = fill(expr);
                List<ObservedDemo.Sample> answer = kit.awaitFinite(query, deadline);
                checked++;
                if (answer.stream().noneMatch(ObservedDemo.Sample::finite)) {
                    unanswered.put(panel.board() + ": " + panel.title(), query + " -> " + answer);
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(30);
        assertThat(unanswered).as("panels whose query has no number").isEmpty();
    }

    /** Every metric a rule or a panel names is in the scrape, with a symbol label where a panel selects by it. */
    private static void assertMetricsExist(ObservedDemo kit, boolean rolloutRegistered) throws Exception {
        Set<String> named = new TreeSet<>();
        Set<String> bySymbol = new TreeSet<>();
        for (GrafanaBoards.Panel panel : GrafanaBoards.panels()) {
            for (String expr : panel.exprs()) {
                for (String metric : GrafanaBoards.metricNames(expr)) {
                    named.add(metric);
                    if (GrafanaBoards.selectsBySymbol(expr, metric)) {
                        bySymbol.add(metric);
                    }
                }
            }
        }
        for (JsonNode rule : rules()) {
            named.addAll(GrafanaBoards.metricNames(rule.path("expr").asText()));
        }
        // The symbol variable's metric, which must carry the label the variable lists.
        for (Path board : GrafanaBoards.files()) {
            for (JsonNode variable : GrafanaBoards.read(board).path("templating").path("list")) {
                Matcher m = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
                if (m.matches()) {
                    named.add(m.group(1));
                    bySymbol.add(m.group(1));
                }
            }
        }
        // Prometheus's own series of the alerts pending or firing: absent while none is, as in a healthy run.
        named.remove("ALERTS");
        if (!rolloutRegistered) {
            named.removeIf(m -> m.startsWith(SCOPE + "rollout_") || m.equals(SCOPE + "check_verdict_rollout_check"));
        }
        assertThat(named).contains("gate_budget_active", "data_stale_seconds", SCOPE + "symbol_psi", "tca_markout_bps_sum");
        List<String> missing = new ArrayList<>();
        for (String metric : named) {
            if (kit.query("count({__name__=\"" + metric + "\"})").isEmpty()) {
                missing.add(metric);
            } else if (bySymbol.contains(metric) && kit.query("count(" + metric + "{symbol=\"" + TRADED + "\"})").isEmpty()) {
                missing.add(metric + "{symbol=\"" + TRADED + "\"}");
            }
        }
        assertThat(missing).as("metrics named by a rule or a panel but not in the scrape").isEmpty();
    }

    /** Each recording rule's own series (its name and its labels) exist. */
    private static void assertRecordingRulesYieldSeries(ObservedDemo kit) throws Exception {
        List<String> empty = new ArrayList<>();
        int rules = 0;
        for (JsonNode rule : rules()) {
            if (!rule.has("record")) {
                continue;
            }
            rules++;
            Map<String, String> labels = new LinkedHashMap<>();
            rule.path("labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            String selector = rule.path("record").asText() + labels.entrySet().stream()
                    .map(e -> e.getKey() + "=\"" + e.getValue() + "\"").collect(Collectors.joining(",", "{", "}"));
            if (kit.query(selector).isEmpty()) {
                empty.add(selector);
            }
        }
        assertThat(rules).isGreaterThanOrEqualTo(20);
        assertThat(empty).as("recording rules that yield no series").isEmpty();
    }

    /** Every alerting and recording rule of deploy/prometheus. */
    private static List<JsonNode> rules() throws Exception {
        Path dir = GrafanaBoards.dir().getParent().resolve("deploy/prometheus");
        List<JsonNode> rules = new ArrayList<>();
        for (String file : List.of("alerts.yml", "recording.yml")) {
            for (JsonNode group : new YAMLMapper().readTree(dir.resolve(file).toFile()).path("groups")) {
                group.path("rules").forEach(rules::add);
            }
        }
        return rules;
    }

    /** The panel's query as Grafana sends it: $symbol one traded symbol, the intervals a few scrapes long. */
    static String fill(String expr) {
        return expr.replace("$symbol", TRADED)
                .replace("${symbol}", TRADED)
                .replace("$__rate_interval", "15s")
                .replace("$__interval", "5s")
                .replace("$__range", "5m");
    }

    /** A quote that is not JSON: the job sends it to kit.dlq, so the DLQ panel has a reason to show. */
    private static void sendOneUnreadableQuote(ObservedDemo kit) throws Exception {
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(kit.demo().broker().bootstrap(), "all")) {
            producer.send(new ProducerRecord<>(Topics.MARKET, TRADED, "{\"ts\": not json".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }
}

package io.canarykit.cli.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The boards in grafana/ parse and are complete enough for Grafana to provision and draw them. */
class GrafanaBoardsTest {

    @Test
    void everyBoardHasAStableUidAVersionAndASymbolVariable() {
        List<Path> files = GrafanaBoards.files();
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        Set<String> uids = new HashSet<>();
        for (Path file : files) {
            JsonNode board = GrafanaBoards.read(file);
            assertThat(board.path("uid").asText()).as(file.toString()).matches("[a-z0-9-]{1,40}");
            assertThat(uids.add(board.path("uid").asText())).as("uid of %s is unique", file).isTrue();
            assertThat(board.path("version").isInt()).as("version of %s", file).isTrue();
            assertThat(board.path("version").asInt()).isPositive();
            assertThat(board.path("title").asText()).isNotBlank();
            JsonNode symbol = null;
            for (JsonNode variable : board.path("templating").path("list")) {
                if ("symbol".equals(variable.path("name").asText())) {
                    symbol = variable;
                }
            }
            assertThat(symbol).as("the symbol variable of %s", file).isNotNull();
            assertThat(symbol.path("type").asText()).isEqualTo("query");
            assertThat(symbol.path("query").path("query").asText()).matches("label_values\\([a-z_:]+, symbol\\)");
        }
    }

    @Test
    void everyPanelHasTheProvisionedDatasourceAndAQuery() throws Exception {
        JsonNode source = new YAMLMapper().readTree(GrafanaBoards.dir().resolve("provisioning/datasources/prometheus.yml")
                .toFile()).path("datasources").get(0);
        String uid = source.path("uid").asText();
        assertThat(uid).isNotBlank();
        List<GrafanaBoards.Panel> panels = GrafanaBoards.panels();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(20);
        Map<String, Set<Integer>> ids = new HashMap<>();
        for (GrafanaBoards.Panel panel : panels) {
            String name = panel.board() + ": " + panel.title();
            assertThat(panel.title()).isNotBlank();
            assertThat(panel.json().path("datasource").path("uid").asText()).as(name).isEqualTo(uid);
            assertThat(panel.exprs()).as(name).isNotEmpty().allSatisfy(e -> assertThat(e).isNotBlank());
            panel.json().path("targets").forEach(t -> assertThat(t.path("refId").asText()).as(name).isNotBlank());
            assertThat(ids.computeIfAbsent(panel.board(), b -> new HashSet<>()).add(panel.json().path("id").asInt()))
                    .as("id of %s is unique on its board", name).isTrue();
            assertThat(panel.json().path("gridPos").path("w").asInt()).as(name).isBetween(1, 24);
        }
    }

    @Test
    void drawsTheContractsThresholdsAsLines() {
        // The contract's limits: slo_p95_place_ms 300, slo_error_rate 0.01, psi_warn 0.2 and psi 0.3,
        // features_missing 0.01, dislocation 5 bps, stale 1 s, the canary notional cap 0.25.
        Map<String, List<Double>> expected = Map.of(
                "p95 place latency (ms)", List.of(300.0),
                "Error rate", List.of(0.01),
                "PSI per symbol and feature", List.of(0.2, 0.3),
                "PSI per symbol (max over features)", List.of(0.2, 0.3),
                "Features missing ratio", List.of(0.01),
                "Feed dislocation (bps)", List.of(5.0),
                "Data staleness (s)", List.of(1.0),
                "Canary share: commanded, effective and of trades", List.of(0.25));
        Map<String, GrafanaBoards.Panel> byTitle = new HashMap<>();
        GrafanaBoards.panels().forEach(p -> byTitle.put(p.title(), p));
        expected.forEach((title, lines) -> {
            GrafanaBoards.Panel panel = byTitle.get(title);
            assertThat(panel).as(title).isNotNull();
            JsonNode defaults = panel.json().path("fieldConfig").path("defaults");
            List<Double> steps = new ArrayList<>();
            defaults.path("thresholds").path("steps").forEach(s -> {
                if (s.path("value").isNumber()) {
                    steps.add(s.path("value").asDouble());
                }
            });
            assertThat(steps).as(title).isEqualTo(lines);
            assertThat(defaults.path("custom").path("thresholdsStyle").path("mode").asText()).as(title)
                    .isIn("line", "dashed", "line+area", "dashed+area");
        });
        // The slippage SLO and the drawdown cap differ by symbol and by setting, so the job exports them as series.
        assertThat(String.join(" ", byTitle.get("Slippage by symbol against its SLO (bps, positive = cost)").exprs()))
                .contains("symbol_slippage_slo_bps");
        assertThat(String.join(" ", byTitle.get("Drawdown today against the cap").exprs())).contains("max_daily_drawdown_pct");
    }

    @Test
    void readsMetricNamesOutOfPromQl() {
        assertThat(GrafanaBoards.metricNames(
                "sum by (le) (increase(a_bucket{symbol=~\"$symbol\",shadow=\"false\"}[$__rate_interval])) / 100"))
                .containsExactly("a_bucket");
        assertThat(GrafanaBoards.metricNames("kit_age{topic=\"kit.tca\"} > 300 and on() (sum(trades_today) > 0)"))
                .containsExactly("kit_age", "trades_today");
        assertThat(GrafanaBoards.metricNames("abs((c / t) - scalar(kit:share)) > 0.05 and t >= 20"))
                .containsExactly("c", "t", "kit:share");
        assertThat(GrafanaBoards.selectsBySymbol("max by (symbol) (psi{symbol=~\"$symbol\"})", "psi")).isTrue();
        assertThat(GrafanaBoards.selectsBySymbol("max(x_psi{symbol=~\"$symbol\"}) + psi", "psi")).isFalse();
    }
}

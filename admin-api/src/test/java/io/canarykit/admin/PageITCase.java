package io.canarykit.admin;

import static io.canarykit.admin.testing.SidecarHarness.await;
import static io.canarykit.admin.testing.SidecarHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.admin.audit.AuditEntry;
import io.canarykit.admin.testing.BrokerPerClass;
import io.canarykit.admin.testing.DecisionJson;
import io.canarykit.admin.testing.Records;
import io.canarykit.admin.testing.RolloutRecords;
import io.canarykit.admin.testing.SidecarHarness;
import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Gates;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import io.canarykit.schema.Topics;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in real headless Chromium: it shows the view, acts only after a second confirmation,
 * and charts a symbol's last hour.
 */
class PageITCase {

    private static final String TOKEN = "page-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final BrokerPerClass BROKER = new BrokerPerClass();

    @TempDir
    Path dir;

    @Test
    void panelShowsTheViewAndButtonsActOnlyAfterTheSecondConfirmation() throws Exception {
        long now = System.currentTimeMillis();
        send(BROKER.broker(), Topics.GATE_DECISIONS, "BTCUSDT", Records.healthy("BTCUSDT", 1, now, 0.05));
        send(BROKER.broker(), Topics.GATE_DECISIONS, "ETHUSDT", Records.sloHalted("ETHUSDT", 1, now));
        send(BROKER.broker(), Topics.KPIS, "_global", Records.global(now, 0.8, 0.001, 1, 0, 100_000, 99_900));
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir,
                Map.of("KIT_ADMIN_TOKEN", TOKEN)))) {
            await("the view", () -> sidecar.view().decisions().size() == 2 && sidecar.view().globalKpi().isPresent());
            SidecarHarness.http(sidecar, (server, client) -> {
                WebDriver browser = chromium();
                try {
                    // The page redraws its panels as the view changes, so an element found a moment ago may be gone.
                    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                    wait.ignoring(StaleElementReferenceException.class);
                    browser.get(client.getOrigin() + "/");

                    wait.until(b -> text(b, "model_id_used").equals(Records.CHAMPION));
                    wait.until(b -> text(b, "budget_left").equals("0.8000"));
                    assertThat(text(browser, "canary_share")).startsWith("0.0500");
                    assertThat(text(browser, "pinned")).isEqualTo("no");
                    assertThat(text(browser, "gates_active")).contains("slo_error_rate");
                    wait.until(b -> cell(b, "tr[data-symbol='ETHUSDT'] td[data-gate='slo']").equals("slo_error_rate"));
                    wait.until(b -> cell(b, "tr[data-symbol='BTCUSDT'] td[data-gate='slo']").equals("ok"));
                    // No Prometheus here: the alerts panel says nothing evaluates the rules, not "none".
                    wait.until(b -> text(b, "alerts-source").contains("PROMETHEUS_URL unset"));
                    assertThat(browser.findElements(By.cssSelector("#alerts li"))).isEmpty();

                    // Cancelling the confirmation sends nothing.
                    browser.findElement(By.cssSelector("button[data-action='risk-reset']")).click();
                    wait.until(b -> b.findElement(By.id("confirm")).isDisplayed());
                    assertThat(text(browser, "confirm-text")).contains("Reset the risk budget");
                    browser.findElement(By.id("confirm-cancel")).click();
                    wait.until(b -> text(b, "result").contains("cancelled"));
                    assertThat(sidecar.audit().recent(10)).isEmpty();

                    // Confirming sends it, after the token is asked for once.
                    browser.findElement(By.cssSelector("button[data-action='risk-reset']")).click();
                    wait.until(b -> b.findElement(By.id("confirm")).isDisplayed());
                    browser.findElement(By.id("confirm-ok")).click();
                    wait.until(b -> b.findElement(By.id("token-dialog")).isDisplayed());
                    browser.findElement(By.id("token-input")).sendKeys(TOKEN);
                    browser.findElement(By.id("token-save")).click();
                    wait.until(b -> text(b, "result").contains("risk-reset → 200 ok"));
                    // Newest first: the call's entry, then the intent written before the command was sent.
                    List<AuditEntry> entries = sidecar.audit().recent(10);
                    assertThat(entries).hasSize(2);
                    assertThat(entries.get(0).action()).isEqualTo("POST /api/kit/risk/reset");
                    assertThat(entries.get(0).actor()).startsWith("page@");
                    assertThat(entries.get(0).payload()).contains("\"type\":\"risk_reset\"").contains("acknowledged");
                    assertThat(entries.get(1).actor()).startsWith("page@");
                    assertThat(entries.get(1).payload()).contains("\"type\":\"risk_reset\"").contains("\"phase\":\"intent\"");

                    // The token is kept for the tab: arming asks only for the confirmation.
                    send(BROKER.broker(), Topics.GATE_DECISIONS, "BTCUSDT", Records.healthy("BTCUSDT", 2, System.currentTimeMillis(), 0.05));
                    await("a fresh heartbeat", () -> sidecar.view().decision("BTCUSDT").orElseThrow().decision().seq() == 2);
                    browser.findElement(By.cssSelector("button[data-action='arm']")).click();
                    wait.until(b -> b.findElement(By.id("confirm")).isDisplayed());
                    assertThat(text(browser, "confirm-text")).contains("Arm trading");
                    browser.findElement(By.id("confirm-ok")).click();
                    wait.until(b -> text(b, "result").contains("arm → 200 ok"));
                    wait.until(b -> text(b, "armed").equals("armed"));
                    // Arming adds its call's entry and two intents (preflight, then arm).
                    assertThat(sidecar.audit().recent(10)).hasSize(5);
                    assertThat(sidecar.audit().verify().intact()).isTrue();
                } finally {
                    browser.quit();
                }
            });
        }
    }

    @Test
    void clickingASymbolShowsItsChangesOfTodayNewestFirst() throws Exception {
        long now = System.currentTimeMillis();
        long t = Math.max(now - 5_000, io.canarykit.admin.ledger.UtcDay.start(
                java.time.LocalDate.parse(io.canarykit.admin.ledger.UtcDay.of(now))));
        BROKER.broker().send(Topics.GATE_DECISIONS, "PAGEUSDT", DecisionJson.of("PAGEUSDT", 1, t, "normal", 1.0, List.of(), 0.1));
        BROKER.broker().send(Topics.GATE_DECISIONS, "PAGEUSDT", DecisionJson.of("PAGEUSDT", 2, t + 1, "normal", 1.0, List.of(), 0.12));
        BROKER.broker().send(Topics.GATE_DECISIONS, "PAGEUSDT",
                DecisionJson.of("PAGEUSDT", 3, t + 2, "normal", 0.5, List.of("psi_warn"), 0.25));
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            await("the decisions", () -> sidecar.view().decision("PAGEUSDT").map(d -> d.decision().seq() == 3).orElse(false));
            SidecarHarness.http(sidecar, (server, client) -> {
                WebDriver browser = chromium();
                try {
                    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                    wait.ignoring(StaleElementReferenceException.class);
                    browser.get(client.getOrigin() + "/");
                    wait.until(b -> !b.findElements(By.cssSelector("tr[data-symbol='PAGEUSDT']")).isEmpty());
                    browser.findElement(By.cssSelector("tr[data-symbol='PAGEUSDT'] td")).click();

                    // Two changes (the heartbeat at seq 2 is none), the size halved first.
                    wait.until(b -> b.findElements(By.cssSelector("#changes tbody tr")).size() == 2);
                    assertThat(text(browser, "changes-symbol")).isEqualTo("PAGEUSDT");
                    assertThat(text(browser, "changes-hint")).isEqualTo("2 change(s) today");
                    List<String> newest = browser.findElements(By.cssSelector("#changes tbody tr:first-child td")).stream()
                            .map(e -> e.getText()).toList();
                    assertThat(newest.subList(1, 5)).containsExactly("normal", "0.50", "psi_warn", "0.250");
                    assertThat(cell(browser, "#changes tbody tr:last-child td:nth-child(4)")).isEqualTo("none");
                } finally {
                    browser.quit();
                }
            });
        }
    }

    @Test
    void chartsDrawTheChosenSymbolsLastHourAsTheSeriesAnswersIt() throws Exception {
        String sym = "CHARTUSDT";
        // Ahead of the clock, so that its account records are newer than the other tests' on this broker.
        long now = System.currentTimeMillis() + 60_000;
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of()))) {
            // Schema records, each seen before the next, so each point's carried figures are known.
            feed(sidecar, Records.globalRecord(now - 60_000, 1.0));
            feed(sidecar, Records.healthy(sym, 1, now - 50_000, 0.05));
            feed(sidecar, Records.kpiRecord(sym, now - 40_000, 0.10, 1.0));
            feed(sidecar, Records.kpiRecord(sym, now - 30_000, 0.22, 3.0));
            feed(sidecar, Records.globalRecord(now - 25_000, 0.8));
            feed(sidecar, Records.kpiRecord(sym, now - 20_000, 0.35, 6.0));
            // The challenger's own psi cut its share to 0 while a rollout commands 0.10.
            GateDecision cut = Records.decision(sym, 2, now - 10_000, List.of(),
                    new Gates(false, false, false, false, false, false, false, CanaryCut.CHALLENGER_PSI), Records.CHAMPION,
                    false, 0.0);
            feed(sidecar, withRollout(cut, 0.10));

            // By hand: one point per record of the symbol, each with the newest budget and decision before it.
            List<Long> ts = List.of(now - 50_000, now - 40_000, now - 30_000, now - 20_000, now - 10_000);
            Map<String, List<Double>> expected = new LinkedHashMap<>();
            expected.put("psi", Arrays.asList(null, 0.10, 0.22, 0.35, 0.35));
            expected.put("slippage_bps", Arrays.asList(null, 1.0, 3.0, 6.0, 6.0));
            expected.put("budget_left", List.of(1.0, 1.0, 1.0, 0.8, 0.8));
            expected.put("canary_share", List.of(0.05, 0.05, 0.05, 0.05, 0.0));
            expected.put("canary_share_commanded", List.of(0.0, 0.0, 0.0, 0.0, 0.10));
            SidecarHarness.http(sidecar, (server, client) -> {
                JsonNode answer = JSON.readTree(client.get("/api/kit/series?symbol=" + sym + "&minutes=60").body().string());
                assertThat(answer.get("points").findValuesAsText("ts").stream().map(Long::valueOf).toList()).isEqualTo(ts);
                expected.forEach((field, values) -> assertThat(column(answer.get("points"), field)).as(field).isEqualTo(values));

                WebDriver browser = chromium();
                try {
                    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                    wait.ignoring(StaleElementReferenceException.class);
                    browser.get(client.getOrigin() + "/");
                    wait.until(b -> !b.findElements(By.cssSelector("tr[data-symbol='" + sym + "']")).isEmpty());
                    browser.findElement(By.cssSelector("tr[data-symbol='" + sym + "'] td")).click();
                    wait.until(b -> Boolean.TRUE.equals(script(b, "return window.kitCharts.symbol === '" + sym + "'"
                            + " && !!window.kitCharts.charts.canary && window.kitCharts.charts.canary.data[0].length === 5")));
                    assertThat(text(browser, "charts-symbol")).isEqualTo(sym);

                    // Each chart holds the answer's points: time, the figure, and the limits as flat lines.
                    assertThat(chartData(browser, "psi")).containsExactly(times(ts), expected.get("psi"),
                            List.of(0.2, 0.2, 0.2, 0.2, 0.2), List.of(0.3, 0.3, 0.3, 0.3, 0.3));
                    assertThat(chartData(browser, "slippage")).containsExactly(times(ts), expected.get("slippage_bps"),
                            List.of(5.0, 5.0, 5.0, 5.0, 5.0));
                    assertThat(chartData(browser, "budget")).containsExactly(times(ts), expected.get("budget_left"));
                    assertThat(chartData(browser, "canary")).containsExactly(times(ts), expected.get("canary_share"),
                            expected.get("canary_share_commanded"));
                    // And the lines are drawn: the psi canvas holds pixels of the psi line's blue.
                    Object blue = script(browser, "const c = document.querySelector('#chart-psi canvas');"
                            + "const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                            + "for (let i = 0; i < px.length; i += 4) {"
                            + "  if (px[i + 3] > 200 && Math.abs(px[i] - 31) < 40 && Math.abs(px[i + 1] - 111) < 40"
                            + "      && Math.abs(px[i + 2] - 235) < 40) n++; }"
                            + "return n;");
                    assertThat(((Number) blue).longValue()).isGreaterThan(20);
                } finally {
                    browser.quit();
                }
            });
        }
    }

    // The ingest charts a record before the view shows it, so a record in the view is in the series too.
    private static void feed(Sidecar sidecar, KpiRecord kpi) throws Exception {
        send(BROKER.broker(), Topics.KPIS, kpi.symbol(), kpi);
        await("the KPI record at " + kpi.ts(), () -> sidecar.view().kpi(kpi.symbol()).map(k -> k.ts() == kpi.ts()).orElse(false));
    }

    private static void feed(Sidecar sidecar, GateDecision decision) throws Exception {
        send(BROKER.broker(), Topics.GATE_DECISIONS, decision.symbol(), decision);
        await("the decision seq " + decision.seq(), () -> sidecar.view().decision(decision.symbol())
                .map(d -> d.decision().seq() == decision.seq()).orElse(false));
    }

    private static GateDecision withRollout(GateDecision d, double share) {
        RolloutStatus rollout = new RolloutStatus(RolloutState.RUNNING, 1, 3, share, false, d.ts() - 60_000,
                d.ts() + 60_000, "step 2 of 3", List.of(), null);
        return new GateDecision(d.symbol(), d.ts(), d.seq(), d.validUntil(), d.allow(), d.mode(), d.sizeMultiplier(),
                d.reasons(), d.gates(), d.modelId(), d.champion(), d.challenger(), d.pinned(), d.canaryShare(),
                d.maxRiskPerTrade(), d.live(), d.kpis(), rollout);
    }

    private static List<Double> column(JsonNode points, String field) {
        List<Double> values = new ArrayList<>();
        points.forEach(p -> values.add(p.get(field).isNull() ? null : p.get(field).asDouble()));
        return values;
    }

    private static List<Double> times(List<Long> ts) {
        return ts.stream().map(Long::doubleValue).toList();
    }

    private static List<List<Double>> chartData(WebDriver browser, String chart) throws Exception {
        String data = (String) script(browser, "return JSON.stringify(window.kitCharts.charts." + chart + ".data)");
        return JSON.readValue(data, new TypeReference<List<List<Double>>>() {});
    }

    private static Object script(WebDriver browser, String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    @Test
    void rolloutPanelShowsThePlanTheChecksAndAbortsOnlyAfterTheSecondConfirmation() throws Exception {
        // A broker of its own: the rollout's decisions would otherwise be the other tests' newest ones.
        try (KafkaTestBroker own = KafkaTestBroker.start();
                Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(own.bootstrap(), dir, Map.of()))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                String plan = "{\"steps\":[{\"share\":0.02,\"hold_ms\":3600000},{\"share\":0.05,\"hold_ms\":7200000},"
                        + "{\"share\":0.1,\"hold_ms\":1800000}]}";
                assertThat(client.post("/api/kit/rollout", plan).code()).isEqualTo(200);
                long t = System.currentTimeMillis();
                RolloutStatus running = RolloutRecords.status(RolloutState.RUNNING, 1, 0.05, t - 60_000, t + 7_140_000,
                        "step 1 passed every check after its hold", List.of(
                                RolloutRecords.slippage(CheckVerdict.PASS, 1.25, 0.75, -0.4, 1.1, 42, 310, "within 2.0 bps"),
                                RolloutRecords.errorRate(CheckVerdict.INCONCLUSIVE, 0.0, 12)), t);
                send(own, Topics.GATE_DECISIONS, "ROLLUSDT", RolloutRecords.decision("ROLLUSDT", 1, t, running));
                await("the rollout's decision", () -> sidecar.view().decision("ROLLUSDT").isPresent());
                WebDriver browser = chromium();
                try {
                    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                    wait.ignoring(StaleElementReferenceException.class);
                    browser.get(client.getOrigin() + "/");

                    // The plan's three steps as a bar, the second one current. The panel is redrawn every
                    // second, so each reading of it is retried until it holds.
                    wait.until(b -> b.findElements(By.cssSelector("#rollout-bar .seg")).size() == 3);
                    wait.until(b -> cell(b, "#rollout-bar .seg[data-step='0']").equals("2% · 1 h")
                            && classOf(b, "#rollout-bar .seg[data-step='0']").contains("done"));
                    wait.until(b -> cell(b, "#rollout-bar .seg[data-step='1']").equals("5% · 2 h")
                            && classOf(b, "#rollout-bar .seg[data-step='1']").equals("seg current running"));
                    wait.until(b -> cell(b, "#rollout-bar .seg[data-step='2']").equals("10% · 30 min")
                            && classOf(b, "#rollout-bar .seg[data-step='2']").contains("todo"));
                    wait.until(b -> text(b, "rollout-state").equals("running"));
                    assertThat(text(browser, "rollout-step")).isEqualTo("2 of 3");
                    assertThat(text(browser, "rollout-share")).isEqualTo("0.0500");
                    assertThat(text(browser, "rollout-reason")).isEqualTo("step 1 passed every check after its hold");
                    assertThat(text(browser, "rollout-next")).isEqualTo(java.time.Instant.ofEpochMilli(t + 7_140_000)
                            .toString().replace("T", " ").substring(0, 19) + " UTC");
                    // Each check's verdict, with its figures and samples.
                    wait.until(b -> b.findElements(By.cssSelector("tr[data-check='slippage'] td")).stream()
                            .map(e -> e.getText()).toList().subList(0, 7).equals(List.of("slippage", "pass", "1.250", "0.750",
                                    "[-0.400, 1.100]", "2.000", "42 / 310")));
                    wait.until(b -> classOf(b, "tr[data-check='slippage'] td[data-field='verdict']").equals("ok"));
                    wait.until(b -> cell(b, "tr[data-check='error_rate'] td[data-field='verdict']").equals("inconclusive")
                            && cell(b, "tr[data-check='error_rate'] td[data-field='samples']").equals("12"));
                    for (String action : List.of("rollout-pause", "rollout-abort")) {
                        assertThat(browser.findElement(By.cssSelector("button[data-action='" + action + "']")).isEnabled())
                                .as(action).isTrue();
                    }
                    assertThat(browser.findElement(By.cssSelector("button[data-action='rollout-resume']")).isEnabled()).isFalse();
                    assertThat(browser.findElement(By.cssSelector("button[data-action='rollout-start']")).isEnabled()).isFalse();

                    // Abort asks first; cancelling sends nothing.
                    int entries = sidecar.audit().recent(100).size();
                    browser.findElement(By.cssSelector("button[data-action='rollout-abort']")).click();
                    wait.until(b -> b.findElement(By.id("confirm")).isDisplayed());
                    assertThat(text(browser, "confirm-text")).contains("Abort the rollout");
                    browser.findElement(By.id("confirm-cancel")).click();
                    wait.until(b -> text(b, "result").contains("cancelled"));
                    assertThat(sidecar.audit().recent(100)).hasSize(entries);

                    // Confirmed the second time, it sends rollout_abort.
                    browser.findElement(By.cssSelector("button[data-action='rollout-abort']")).click();
                    wait.until(b -> b.findElement(By.id("confirm")).isDisplayed());
                    browser.findElement(By.id("confirm-ok")).click();
                    wait.until(b -> text(b, "result").contains("rollout-abort → 200 ok"));
                    AuditEntry call = sidecar.audit().recent(1).get(0);
                    assertThat(call.action()).isEqualTo("POST /api/kit/rollout/abort");
                    assertThat(call.actor()).startsWith("page@");
                    assertThat(call.payload()).contains("\"type\":\"rollout_abort\"").contains("acknowledged");
                    assertThat(own.readUntil(Topics.CONTROL, seen -> seen.size() >= 2, Duration.ofSeconds(15)).get(1).value())
                            .contains("\"type\":\"rollout_abort\"");
                    // Until the job shows it, the page says the abort is sent.
                    wait.until(b -> text(b, "rollout-state").startsWith("aborted"));
                } finally {
                    browser.quit();
                }
            });
        }
    }

    private static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static String classOf(WebDriver browser, String css) {
        return browser.findElement(By.cssSelector(css)).getAttribute("class");
    }

    private static String cell(WebDriver browser, String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1366,768",
                "--user-data-dir=" + dir.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}

package io.canarykit.cli.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.cli.demo.Demo;
import io.canarykit.cli.demo.DemoPorts;
import io.canarykit.cli.demo.desk.Scenario;
import io.canarykit.cli.demo.desk.Scenarios;
import io.canarykit.config.KitConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code kit demo --scenario stale-feed} with its Prometheus, as the demo runs it (its own scrape
 * interval and the project's rules): DataStale fires for the stale symbol within a minute of its
 * primary feed stopping, and for no other; the sidecar's {@code /api/kit/alerts} reports it, and the
 * page shows it in real headless Chromium.
 */
class StaleFeedAlertITCase {

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void dataStaleFiresWithinAMinuteOfThePrimaryFeedStopping() throws Exception {
        DemoPorts ports = DemoPorts.free();
        KitConfig config = ObservedDemo.config(ports, dataDir, SYMBOLS.size(), Map.of());
        Scenario story = Scenarios.named(Scenarios.STALE_FEED, config, SYMBOLS);
        String stale = story.symbol();
        long started = System.nanoTime();
        try (ObservedDemo kit = ObservedDemo.start(dataDir, ports, config, SYMBOLS, story, Demo.SCRAPE_INTERVAL)) {
            long armedAt = kit.preflightAndArm();
            long feedStops = armedAt + story.steps().get(0).atMs();
            // The story's first step stops the feed; the alert must follow within a minute of it.
            long deadline = System.nanoTime() + Duration.ofMillis(feedStops + 60_000 - System.currentTimeMillis()).toNanos();
            String firing = "ALERTS{alertname=\"DataStale\",alertstate=\"firing\"}";
            List<ObservedDemo.Sample> alerts = kit.awaitFinite(firing, deadline);
            long firedAfter = System.currentTimeMillis() - feedStops;
            assertThat(alerts).as("DataStale firing %d ms after the feed stopped", firedAfter)
                    .extracting(s -> s.labels().get("symbol")).containsOnly(stale);
            assertThat(firedAfter).isLessThanOrEqualTo(60_000);
            // Not before the feed stopped and its 30 s held: the alert is about this stop, not a start-up gap.
            assertThat(firedAfter).isGreaterThanOrEqualTo(30_000);

            String sidecar = "http://127.0.0.1:" + kit.demo().ports().sidecar();
            JsonNode answer = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(sidecar + "/api/kit/alerts"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(answer.path("configured").asBoolean()).as(answer.toString()).isTrue();
            assertThat(answer.path("alerts")).as(answer.toString()).anySatisfy(a -> {
                assertThat(a.path("alertname").asText()).isEqualTo("DataStale");
                assertThat(a.path("symbol").asText()).isEqualTo(stale);
            });
            assertThat(answer.path("alerts")).noneMatch(a -> a.path("alertname").asText().equals("DataStale")
                    && !a.path("symbol").asText().equals(stale));

            WebDriver browser = chromium();
            try {
                browser.get(sidecar + "/");
                // The page polls the alerts; the stale symbol's DataStale is listed once it has.
                new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> b.findElement(By.id("alerts")).getText()
                        .lines().anyMatch(line -> line.contains("DataStale") && line.contains(stale)));
            } finally {
                browser.quit();
            }
        }
        System.out.printf("StaleFeedAlertITCase ran in %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1366,768",
                "--user-data-dir=" + dataDir.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}

package io.canarykit.cli.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.cli.demo.Demo;
import io.canarykit.cli.demo.DemoPorts;
import io.canarykit.cli.demo.Scenario;
import io.canarykit.cli.demo.Scenarios;
import io.canarykit.config.KitConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kit demo --scenario stale-feed} with its Prometheus, as the demo runs it (its own scrape
 * interval and the project's rules): DataStale fires for the stale symbol within a minute of its
 * primary feed stopping, and for no other.
 */
class StaleFeedAlertITCase {

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");

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
        }
        System.out.printf("StaleFeedAlertITCase ran in %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }
}

package io.canarykit.admin;

import static io.canarykit.jobs.testing.OrphanScenario.EVENTS;
import static io.canarykit.jobs.testing.OrphanScenario.NOW;
import static io.canarykit.jobs.testing.OrphanScenario.TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.gonogo.Criterion;
import io.canarykit.admin.gonogo.GoNoGo;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.LedgerIngest;
import io.canarykit.admin.ledger.OrphanCounts;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.testing.OrphanScenario;
import io.canarykit.operators.signals.OrderTracker;
import io.canarykit.operators.signals.OrphanTracker;
import io.canarykit.operators.symbol.SymbolSetup;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.InputDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One meaning of {@code orphans}: the job's trackers (wired as the symbol operator wires them), the
 * sidecar's ledger and Go/No-Go read the order events of {@link OrphanScenario} and give its counts,
 * worked by hand there. The job's replay of the same events is checked by {@code OrphansReplayITCase},
 * and the alert's rule ({@code orphans > 0} on the job's gauge) by promtool with the job's counts in
 * deploy/prometheus/tests/alerts-test.yml.
 */
class OrphansAgreeTest {

    @TempDir
    Path dir;

    @Test
    void theJobTheLedgerAndGoNoGoCountTheSameOrphans() {
        OrphanTracker job = jobTracker(NOW);
        assertThat(job.orphans()).as("job: orphans").isEqualTo(OrphanScenario.ORPHANS_AT_NOW);
        assertThat(job.totalOrphans()).as("job: orphans_total").isEqualTo(OrphanScenario.TOTAL_TODAY_AT_NOW);

        KitConfig config = ConfigLoader.load(Map.of("KIT_DB_URL", "jdbc:sqlite:" + dir.resolve("kit.db")), List.of(), Map.of());
        assertThat(config.orphanTimeoutMs()).isEqualTo(TIMEOUT_MS);
        try (Ledger ledger = Ledger.open(config.kitDbUrl())) {
            // The ledger must not depend on the order the events arrive in.
            List<String> shuffled = new ArrayList<>(EVENTS);
            Collections.shuffle(shuffled, new Random(13));
            for (String line : shuffled) {
                ledger.transaction(c -> LedgerIngest.orderEvent(c, decode(line), line));
            }

            long now = ledger.transaction(c -> OrphanCounts.current(c, NOW, TIMEOUT_MS, null));
            long nowOfSymbol = ledger.transaction(c -> OrphanCounts.current(c, NOW, TIMEOUT_MS, OrphanScenario.SYMBOL));
            long nowOfOther = ledger.transaction(c -> OrphanCounts.current(c, NOW, TIMEOUT_MS, "ETHUSDT"));
            long today = ledger.transaction(c -> OrphanCounts.today(c, NOW, TIMEOUT_MS, null));
            assertThat(now).as("ledger: orphans").isEqualTo(OrphanScenario.ORPHANS_AT_NOW);
            assertThat(nowOfSymbol).isEqualTo(OrphanScenario.ORPHANS_AT_NOW);
            assertThat(nowOfOther).isZero();
            assertThat(today).as("ledger: orphans_total").isEqualTo(OrphanScenario.TOTAL_TODAY_AT_NOW);

            GoNoGo goNoGo = new GoNoGo(ledger, new StateView(() -> NOW), config);
            Criterion twoDays = orphans(goNoGo.judge(GoNoGo.DEFAULT_WINDOW_MS));
            assertThat(twoDays.value()).as("Go/No-Go over 48 h").isEqualTo((double) OrphanScenario.BECAME_IN_48H_BEFORE_NOW);
            assertThat(twoDays.pass()).isFalse();
            assertThat(twoDays.detail()).contains(OrphanScenario.ORPHANS_AT_NOW + " orphans now");
            assertThat(orphans(goNoGo.judge(11_000)).value()).as("Go/No-Go over (S+9000, NOW]")
                    .isEqualTo((double) OrphanScenario.BECAME_IN_11S_BEFORE_NOW);
        }
    }

    @Test
    void theJobAndTheLedgerGiveTheSameCurrentCountEveryFiveSeconds() {
        KitConfig config = ConfigLoader.load(Map.of("KIT_DB_URL", "jdbc:sqlite:" + dir.resolve("kit.db")), List.of(), Map.of());
        try (Ledger ledger = Ledger.open(config.kitDbUrl())) {
            for (String line : EVENTS) {
                ledger.transaction(c -> LedgerIngest.orderEvent(c, decode(line), line));
            }
            List<Integer> job = new ArrayList<>();
            List<Integer> ledgerCounts = new ArrayList<>();
            for (long t = OrphanScenario.S; t <= NOW; t += 5_000) {
                long at = t;
                job.add(jobTracker(at).orphans());
                // The ledger holds every event, later ones too: its count at a time must not read them.
                ledgerCounts.add(Math.toIntExact(ledger.transaction(c -> OrphanCounts.current(c, at, TIMEOUT_MS, null))));
            }
            assertThat(job).isEqualTo(OrphanScenario.ORPHANS_EVERY_5S_FROM_S);
            assertThat(ledgerCounts).isEqualTo(OrphanScenario.ORPHANS_EVERY_5S_FROM_S);
        }
    }

    @Test
    void theLedgerDropsAnOrphanFromTheCurrentCountWhenTheJobDoes() {
        assertThat(OrphanCounts.RETENTION_MS).isEqualTo(OrderTracker.OPEN_ORDER_RETENTION_MS);
    }

    /**
     * The symbol operator's wiring, at {@code t}: each order event up to {@code t} through the order
     * tracker into the orphan tracker, then the clock.
     */
    private static OrphanTracker jobTracker(long t) {
        OrderTracker orders = OrderTracker.withDefaults();
        OrphanTracker orphans = new OrphanTracker(TIMEOUT_MS, OrderTracker.OPEN_ORDER_RETENTION_MS);
        for (String line : EVENTS) {
            OrderEvent e = decode(line);
            if (e.ts() > t) {
                break;
            }
            orders.advanceTo(e.ts());
            orders.accept(e).applyTo(orphans);
            orphans.advanceTo(e.ts());
        }
        orphans.advanceTo(t);
        return orphans;
    }

    private static Criterion orphans(GoNoGo.Verdict verdict) {
        return verdict.criteria().stream().filter(c -> c.name().equals("orphans")).findFirst().orElseThrow();
    }

    private static OrderEvent decode(String line) {
        Decoded<OrderEvent> decoded = InputDecoder.order(line.getBytes(StandardCharsets.UTF_8));
        if (decoded instanceof Decoded.Rejected<OrderEvent> r) {
            throw new AssertionError("bad test event " + line + ": " + r.detail());
        }
        return decoded.value();
    }
}

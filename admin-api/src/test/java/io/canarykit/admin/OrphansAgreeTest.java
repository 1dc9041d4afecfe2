package io.canarykit.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.gonogo.Criterion;
import io.canarykit.admin.gonogo.GoNoGo;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.LedgerIngest;
import io.canarykit.admin.ledger.OrphanCounts;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
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
 * One meaning of {@code orphans}: the job's tracker (wired as the symbol operator wires it), the
 * sidecar's ledger and Go/No-Go read the same order events and give the same counts, worked by hand.
 * The alert's rule ({@code orphans > 0} on the job's gauge) is checked by promtool in
 * deploy/prometheus/tests/alerts-test.yml, with the same counts.
 */
class OrphansAgreeTest {

    private static final long TIMEOUT = 5_000;
    /** 2026-11-25T00:00:00Z. */
    private static final long S = 1_795_564_800_000L;
    private static final long NOW = S + 20_000;

    /**
     * Each order's story, in event-time order (a placement before its answers at one timestamp).
     * An order placed at p with no answer by p + 5000 is an orphan from p + 5001 on:
     * <pre>
     * o0  placed S-10000, no answer        orphaned S-4999 (yesterday); at NOW 30000 ms old: orphan now
     * o1  placed S+1000, acked S+1200      answered in time
     * o2  placed S+2000, rejected S+7000   exactly 5000 ms: in time
     * o3  placed S+3000, fill S+9000       orphaned S+8001, answered late by the fill: today, not now
     * o4  placed S+4000, canceled S+6000   the cancel answers in time
     * o5  placed S+5000, no answer         orphaned S+10001: today and now
     * o9  placed S+11000, acked S+17000    orphaned S+16001, answered late: today, not now
     * o10 placed S+12000, fill S+12500     a partial fill answers in time, with no ack
     * o6  placed S+14000, no answer        orphaned S+19001: today and now
     * o7  placed S+15000, no answer        at NOW exactly 5000 ms: not yet
     * o8  error S+16000, placed S+17000    answered before its placement: no clock
     * </pre>
     * At NOW: orphans = 3 (o0, o5, o6); orphans_total today = 4 (o3, o5, o9, o6).
     * Orphaned within the 48 h before NOW: 5 (o0 too); within (S+9000, NOW]: 3 (o5, o9, o6).
     */
    private static final List<String> EVENTS = List.of(
            order(S - 10_000, "placed", "o0"),
            order(S + 1_000, "placed", "o1"),
            order(S + 1_200, "acked", "o1"),
            order(S + 2_000, "placed", "o2"),
            order(S + 3_000, "placed", "o3"),
            order(S + 4_000, "placed", "o4"),
            order(S + 5_000, "placed", "o5"),
            order(S + 6_000, "canceled", "o4"),
            order(S + 7_000, "rejected", "o2"),
            order(S + 9_000, "fill", "o3"),
            order(S + 11_000, "placed", "o9"),
            order(S + 12_000, "placed", "o10"),
            order(S + 12_500, "fill", "o10"),
            order(S + 14_000, "placed", "o6"),
            order(S + 15_000, "placed", "o7"),
            order(S + 16_000, "error", "o8"),
            order(S + 17_000, "placed", "o8"),
            order(S + 17_000, "acked", "o9"));

    @TempDir
    Path dir;

    @Test
    void theJobTheLedgerAndGoNoGoCountTheSameOrphans() {
        OrphanTracker job = jobTracker();
        assertThat(job.orphans()).as("job: orphans").isEqualTo(3);
        assertThat(job.totalOrphans()).as("job: orphans_total").isEqualTo(4);

        KitConfig config = ConfigLoader.load(Map.of("KIT_DB_URL", "jdbc:sqlite:" + dir.resolve("kit.db")), List.of(), Map.of());
        assertThat(config.orphanTimeoutMs()).isEqualTo(TIMEOUT);
        try (Ledger ledger = Ledger.open(config.kitDbUrl())) {
            // The ledger must not depend on the order the events arrive in.
            List<String> shuffled = new ArrayList<>(EVENTS);
            Collections.shuffle(shuffled, new Random(13));
            for (String line : shuffled) {
                ledger.transaction(c -> LedgerIngest.orderEvent(c, decode(line), line));
            }

            long now = ledger.transaction(c -> OrphanCounts.current(c, NOW, TIMEOUT, null));
            long nowBtc = ledger.transaction(c -> OrphanCounts.current(c, NOW, TIMEOUT, "BTCUSDT"));
            long nowEth = ledger.transaction(c -> OrphanCounts.current(c, NOW, TIMEOUT, "ETHUSDT"));
            long today = ledger.transaction(c -> OrphanCounts.today(c, NOW, TIMEOUT, null));
            assertThat(now).as("ledger: orphans").isEqualTo(3);
            assertThat(nowBtc).isEqualTo(3);
            assertThat(nowEth).isZero();
            assertThat(today).as("ledger: orphans_total").isEqualTo(4);

            GoNoGo goNoGo = new GoNoGo(ledger, new StateView(() -> NOW), config);
            Criterion twoDays = orphans(goNoGo.judge(GoNoGo.DEFAULT_WINDOW_MS));
            assertThat(twoDays.value()).as("Go/No-Go over 48 h").isEqualTo(5.0);
            assertThat(twoDays.pass()).isFalse();
            assertThat(twoDays.detail()).contains("3 orphans now");
            assertThat(orphans(goNoGo.judge(11_000)).value()).as("Go/No-Go over (S+9000, NOW]").isEqualTo(3.0);
        }
    }

    @Test
    void theLedgerDropsAnOrphanFromTheCurrentCountWhenTheJobDoes() {
        assertThat(OrphanCounts.RETENTION_MS).isEqualTo(SymbolSetup.OPEN_ORDER_RETENTION_MS);
    }

    /** The symbol operator's wiring: each order event through the order tracker into the orphan tracker, then the clock. */
    private static OrphanTracker jobTracker() {
        OrderTracker orders = OrderTracker.withDefaults();
        OrphanTracker orphans = new OrphanTracker(TIMEOUT, SymbolSetup.OPEN_ORDER_RETENTION_MS);
        for (String line : EVENTS) {
            OrderEvent e = decode(line);
            orders.advanceTo(e.ts());
            orders.accept(e).applyTo(orphans);
            orphans.advanceTo(e.ts());
        }
        orphans.advanceTo(NOW);
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

    private static String order(long ts, String event, String id) {
        String extra = switch (event) {
            case "placed" -> ",\"qty\":4,\"arrival_mid\":100.0";
            case "acked" -> ",\"place_ms\":42";
            case "fill" -> ",\"fill_qty\":1,\"fill_px\":100.0";
            default -> "";
        };
        return "{\"ts\":" + ts + ",\"event\":\"" + event + "\",\"order_id\":\"" + id
                + "\",\"symbol\":\"BTCUSDT\",\"side\":\"buy\",\"model_id\":\"m1\",\"canary\":false" + extra + "}";
    }
}

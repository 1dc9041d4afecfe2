package io.canarykit.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.canarykit.schema.KpiRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay whose reference updates are published out of time order: the champion's newest version
 * first, then an older version of it, then another model's version stamped before both. Each of the
 * champion's versions is in force from its own {@code ts} and not before, whatever the order they
 * were published in, so the PSI of the same 100 values steps from the start profile to the older
 * version to the newest at their times. Here the updates reach the gate before it applies any event;
 * {@code SymbolGateFunctionTest} sends an older version after the symbols have read the book.
 */
class ReferenceOrderReplayITCase {

    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long OTHER_TS = START + 3_000;
    private static final long OLDER_TS = START + 6_000;
    private static final long NEWEST_TS = START + 10_000;
    private static final long END = START + 14_000;
    private static final String SYMBOL = "ETHUSDT";
    private static final String CHAMPION = "champion_1";

    // 60 of the 100 values below the edge at 0 and 40 above, worked by hand against each version:
    // the start profile, 50/50: (0.6-0.5)ln(0.6/0.5) + (0.4-0.5)ln(0.4/0.5) = 0.0182322 + 0.0223144;
    private static final double PSI_START = 0.0405465108;
    // the older version, 70/30: (0.6-0.7)ln(0.6/0.7) + (0.4-0.3)ln(0.4/0.3) = 0.0154151 + 0.0287682;
    private static final double PSI_OLDER = 0.0441832752;
    // the newest version, 90/10: (0.6-0.9)ln(0.6/0.9) + (0.4-0.1)ln(0.4/0.1) = 0.3 * 0.4054651 + 0.3 * 1.3862944.
    private static final double PSI_NEWEST = 0.5375278407;

    @TempDir
    static Path dir;

    private static ReplayResult result;

    @BeforeAll
    static void replay() throws Exception {
        result = ReferenceSession.replay(dir, SYMBOL, CHAMPION, START, END, "", List.of(
                update(NEWEST_TS, CHAMPION, 0.9, 0.1),
                update(OLDER_TS, CHAMPION, 0.7, 0.3),
                update(OTHER_TS, "challenger_2", 0.2, 0.8)));
    }

    private static String update(long ts, String model, double below, double above) {
        return "{\"ts\": " + ts + ", \"model_id\": \"" + model + "\", \"features\": "
                + "{\"x\": {\"edges\": [0.0], \"expected\": [" + below + ", " + above + "]}}}";
    }

    private static List<KpiRecord> kpisIn(long from, long until) {
        return result.kpis().stream()
                .filter(k -> k.symbol().equals(SYMBOL) && k.ts() >= from && k.ts() < until)
                .toList();
    }

    @Test
    void theStartProfileIsInForceUntilTheOlderVersionsTime() {
        List<KpiRecord> kpis = kpisIn(START + 1_099, OLDER_TS);

        assertThat(kpis).hasSizeGreaterThan(2);
        assertThat(kpis).allSatisfy(k -> assertThat(k.psi()).as("psi at %d", k.ts())
                .isCloseTo(PSI_START, offset(1e-9)));
    }

    @Test
    void theOlderVersionPublishedLastIsInForceFromItsTimeUntilTheNewest() {
        List<KpiRecord> kpis = kpisIn(OLDER_TS, NEWEST_TS);

        assertThat(kpis).hasSizeGreaterThan(2);
        assertThat(kpis).allSatisfy(k -> assertThat(k.psi()).as("psi at %d", k.ts())
                .isCloseTo(PSI_OLDER, offset(1e-9)));
    }

    @Test
    void theNewestVersionPublishedFirstIsInForceFromItsTime() {
        List<KpiRecord> kpis = kpisIn(NEWEST_TS, END + 1);

        assertThat(kpis).hasSizeGreaterThan(2);
        assertThat(kpis).allSatisfy(k -> {
            assertThat(k.psi()).as("psi at %d", k.ts()).isCloseTo(PSI_NEWEST, offset(1e-9));
            assertThat(k.samples()).containsEntry("psi.x", 100L);
        });
        assertThat(result.dlq()).isEmpty();
    }
}

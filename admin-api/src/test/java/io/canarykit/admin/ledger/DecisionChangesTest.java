package io.canarykit.admin.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.report.DailyReport;
import io.canarykit.admin.testing.DecisionJson;
import io.canarykit.admin.testing.ZipFiles;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger keeps every change of a symbol's mode, size multiplier and reasons, and no heartbeat. */
class DecisionChangesTest {

    /** 2026-11-25T00:00:00Z. */
    private static final long S = 1_795_564_800_000L;
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    private KitConfig config;
    private Ledger ledger;

    @BeforeEach
    void open() {
        config = ConfigLoader.load(Map.of("KIT_DB_URL", "jdbc:sqlite:" + dir.resolve("kit.db")), List.of(), Map.of());
        ledger = Ledger.open(config.kitDbUrl());
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void keepsChangesAndSkipsHeartbeatsRepeatsAndOlderNews() {
        assertThat(ingest("BTCUSDT", 1, S + 1_000, "normal", 1.0, List.of(), 0.05)).as("the first decision").isTrue();
        assertThat(ingest("BTCUSDT", 2, S + 6_000, "normal", 1.0, List.of(), 0.06)).as("a heartbeat").isFalse();
        assertThat(ingest("BTCUSDT", 3, S + 7_000, "normal", 0.5, List.of("psi_warn"), 0.25)).as("size halved").isTrue();
        assertThat(ingest("BTCUSDT", 4, S + 12_000, "normal", 0.5, List.of("psi_warn"), 0.26))
                .as("a heartbeat whose PSI moved").isFalse();
        assertThat(ingest("BTCUSDT", 3, S + 7_000, "normal", 0.5, List.of("psi_warn"), 0.25)).as("a repeat").isFalse();
        assertThat(ingest("BTCUSDT", 5, S + 13_000, "halted", 0.0, List.of("psi"), 0.35)).as("halted").isTrue();
        assertThat(ingest("BTCUSDT", 6, S + 14_000, "halted", 0.0, List.of("psi", "stale"), 0.35))
                .as("same mode and size, one more reason").isTrue();
        assertThat(ingest("BTCUSDT", 0, S + 500, "halted", 0.0, List.of("stale"), null)).as("older news").isFalse();

        DecisionHistory history = new DecisionHistory(ledger);
        DecisionHistory.Page all = history.since("BTCUSDT", 0);
        assertThat(all.known()).isTrue();
        assertThat(all.truncated()).isFalse();
        assertThat(all.changes()).containsExactly(
                new DecisionHistory.Change(S + 1_000, 1, "normal", 1.0, true, List.of(), 0.05, "champion_20261101"),
                new DecisionHistory.Change(S + 7_000, 3, "normal", 0.5, true, List.of("psi_warn"), 0.25, "champion_20261101"),
                new DecisionHistory.Change(S + 13_000, 5, "halted", 0.0, false, List.of("psi"), 0.35, "champion_20261101"),
                new DecisionHistory.Change(S + 14_000, 6, "halted", 0.0, false, List.of("psi", "stale"), 0.35,
                        "champion_20261101"));
        // since is inclusive.
        assertThat(history.since("BTCUSDT", S + 7_000).changes()).extracting(DecisionHistory.Change::seq).containsExactly(3L, 5L, 6L);
        assertThat(history.since("BTCUSDT", S + 14_001).changes()).isEmpty();
        assertThat(history.since("BTCUSDT", S + 14_001).known()).isTrue();
        assertThat(history.since("NOPE", 0).known()).isFalse();
    }

    @Test
    void answersTheNewestChangesWhenThereAreTooMany() {
        int changes = DecisionHistory.MAX_CHANGES + 2;
        ledger.transaction(c -> {
            for (int seq = 1; seq <= changes; seq++) {
                // Flapping between full and half size: every decision is a change.
                double size = seq % 2 == 0 ? 0.5 : 1.0;
                LedgerIngest.decisionChange(c, DecisionJson.decoded(
                        DecisionJson.of("FLAPUSDT", seq, S + seq, "normal", size, size == 1.0 ? List.of() : List.of("psi_warn"), 0.2)));
            }
            return null;
        });

        DecisionHistory.Page page = new DecisionHistory(ledger).since("FLAPUSDT", 0);

        assertThat(page.truncated()).isTrue();
        assertThat(page.changes()).hasSize(DecisionHistory.MAX_CHANGES);
        // The two oldest (seq 1 and 2) are left out; the newest is last.
        assertThat(page.changes().get(0).seq()).isEqualTo(3);
        assertThat(page.changes().get(DecisionHistory.MAX_CHANGES - 1).seq()).isEqualTo(changes);
    }

    @Test
    void theDailyReportListsTheDaysChangesInDecisionsCsv() throws IOException {
        ingest("BTCUSDT", 1, S + 1_000, "normal", 1.0, List.of(), 0.05);
        ingest("ETHUSDT", 1, S + 2_000, "normal", 1.0, List.of(), null);
        ingest("ETHUSDT", 2, S + 3_000, "reduce_only", 1.0, List.of("max_positions"), null);
        ingest("BTCUSDT", 2, S + 6_000, "normal", 1.0, List.of(), 0.06);
        ingest("BTCUSDT", 3, S + 7_000, "normal", 0.5, List.of("psi_warn"), 0.25);
        ingest("BTCUSDT", 5, S + 13_000, "halted", 0.0, List.of("psi", "stale"), 0.35);
        // The next day's change belongs to the next day's report.
        ingest("BTCUSDT", 7, S + DAY + 500, "normal", 1.0, List.of(), 0.1);

        DailyReport reports = new DailyReport(ledger, config, () -> S + DAY + 1_000);
        Map<String, byte[]> files = ZipFiles.unzip(reports.build(LocalDate.of(2026, 11, 25)).orElseThrow());

        String expected = "symbol,ts,seq,mode,size_multiplier,allow,reasons,psi,model_id\r\n"
                + "BTCUSDT,1795564801000,1,normal,1.0,1,,0.05,champion_20261101\r\n"
                + "ETHUSDT,1795564802000,1,normal,1.0,1,,,champion_20261101\r\n"
                + "ETHUSDT,1795564803000,2,reduce_only,1.0,1,max_positions,,champion_20261101\r\n"
                + "BTCUSDT,1795564807000,3,normal,0.5,1,psi_warn,0.25,champion_20261101\r\n"
                + "BTCUSDT,1795564813000,5,halted,0.0,0,psi;stale,0.35,champion_20261101\r\n";
        assertThat(new String(files.get("decisions.csv"), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(new String(files.get("metadata.json"), StandardCharsets.UTF_8))
                .contains("\"decisions.csv\" : 5")
                .contains("\"decisions.csv\" : \"" + DailyReport.sha256(expected.getBytes(StandardCharsets.UTF_8)) + "\"");
    }

    private boolean ingest(String symbol, long seq, long ts, String mode, double size, List<String> reasons, Double psi) {
        return ledger.transaction(c -> LedgerIngest.decisionChange(c,
                DecisionJson.decoded(DecisionJson.of(symbol, seq, ts, mode, size, reasons, psi))));
    }
}

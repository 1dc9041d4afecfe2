package io.canarykit.admin;

import static io.canarykit.admin.testing.SidecarHarness.await;
import static io.canarykit.admin.testing.SidecarHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.testing.BrokerPerClass;
import io.canarykit.admin.testing.Records;
import io.canarykit.admin.testing.SidecarHarness;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.Topics;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart reads the decisions topic from its start for the view, and leaves the ledger alone for
 * the records it already holds: their offsets are stored with their rows. Rows removed by hand between
 * runs show which records a restart wrote again.
 */
class DecisionRehydrationITCase {

    private static final int SYMBOLS = 40;
    @RegisterExtension
    static final BrokerPerClass BROKER = new BrokerPerClass();

    @TempDir
    Path dir;

    @Test
    void aRestartServesEveryDecisionAndWritesOnlyWhatTheLedgerHasNot() throws Exception {
        long t = System.currentTimeMillis();
        // Each symbol healthy, then halted: two changes each.
        for (int s = 0; s < SYMBOLS; s++) {
            send(BROKER.broker(), Topics.GATE_DECISIONS, "SYM" + s, Records.healthy("SYM" + s, 1, t, 0.05));
            send(BROKER.broker(), Topics.GATE_DECISIONS, "SYM" + s, Records.sloHalted("SYM" + s, 2, t + 1));
        }
        KitConfig config = SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of());
        try (Sidecar first = SidecarHarness.assemble(config)) {
            await("every decision in the ledger", () -> changes(first.ledger(), "SYM%") == 2L * SYMBOLS);
        }
        removeChanges(config);

        try (Sidecar restarted = SidecarHarness.assemble(config)) {
            for (int s = 0; s < SYMBOLS; s++) {
                assertThat(restarted.view().decision("SYM" + s).orElseThrow().decision().seq()).isEqualTo(2);
            }
            // A decision sent after the restart is news to the ledger: it is written, and only it.
            send(BROKER.broker(), Topics.GATE_DECISIONS, "SYM0", Records.healthy("SYM0", 3, t + 2, 0.05));
            await("the new decision in the ledger", () -> changes(restarted.ledger(), "SYM%") == 1);
            assertThat(restarted.view().decision("SYM0").orElseThrow().decision().seq()).isEqualTo(3);
        }
    }

    @Test
    void anOffsetBeyondTheTopicsEndSkipsNothing() throws Exception {
        long t = System.currentTimeMillis();
        for (int s = 0; s < SYMBOLS; s++) {
            send(BROKER.broker(), Topics.GATE_DECISIONS, "NEW" + s, Records.sloHalted("NEW" + s, 1, t));
        }
        KitConfig config = SidecarHarness.config(BROKER.broker().bootstrap(), dir, Map.of());
        try (Sidecar first = SidecarHarness.assemble(config)) {
            await("every decision in the ledger", () -> changes(first.ledger(), "NEW%") == SYMBOLS);
        }
        removeChanges(config);
        // As a ledger kept across a broker whose topic was made again from nothing would hold.
        try (Ledger ledger = Ledger.open(config.kitDbUrl())) {
            ledger.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("UPDATE ingest_offsets SET next_offset = next_offset + 1000000 WHERE topic = '"
                            + Topics.GATE_DECISIONS + "'");
                }
            });
        }

        try (Sidecar restarted = SidecarHarness.assemble(config)) {
            await("every decision written again", () -> changes(restarted.ledger(), "NEW%") == SYMBOLS);
        }
    }

    private static void removeChanges(KitConfig config) {
        try (Ledger ledger = Ledger.open(config.kitDbUrl())) {
            ledger.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("DELETE FROM decision_changes");
                }
            });
        }
    }

    private static long changes(Ledger ledger, String symbols) {
        return ledger.transaction(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM decision_changes WHERE symbol LIKE '" + symbols + "'")) {
                return rows.next() ? rows.getLong(1) : 0L;
            }
        });
    }
}

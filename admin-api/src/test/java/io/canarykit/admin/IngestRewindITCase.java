package io.canarykit.admin;

import static io.canarykit.admin.testing.SidecarHarness.await;
import static io.canarykit.admin.testing.SidecarHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.ingest.TopicIngest;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.testing.Records;
import io.canarykit.admin.view.KpiSeries;
import io.canarykit.admin.view.StateView;
import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.schema.Topics;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger that refuses a write mid-stream: the ingest stops at the chunk it could not write, skips
 * nothing, and carries on from that chunk's first record once the ledger takes writes again.
 */
class IngestRewindITCase {

    private static final int EVENTS = 200;
    private static final int REFUSED = 120;

    @TempDir
    Path dir;

    @Test
    void aChunkTheLedgerRefusesIsReadAgainFromItsFirstRecordAndNothingIsLost() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.start();
                Ledger ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"))) {
            // A real SQLite failure: a trigger aborts the insert of one order's event while armed.
            ledger.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE ingest_fault(armed INTEGER NOT NULL)");
                    s.execute("INSERT INTO ingest_fault VALUES (1)");
                    s.execute("CREATE TRIGGER refuse_one BEFORE INSERT ON order_events WHEN NEW.order_id = 'o-"
                            + REFUSED + "' AND (SELECT armed FROM ingest_fault) = 1 "
                            + "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END");
                }
                return null;
            });
            long t0 = System.currentTimeMillis() - 600_000;
            for (int i = 0; i < EVENTS; i++) {
                send(broker, Topics.ORDERS, "BTCUSDT", Records.placed("o-" + i, "BTCUSDT", t0 + i, false));
            }
            StateView view = new StateView(System::currentTimeMillis);
            try (TopicIngest ingest = new TopicIngest(broker.bootstrap(), ledger, view,
                    new KpiSeries(KpiSeries.DEFAULT_MAX_POINTS, () -> 0.0),
                    new io.canarykit.admin.audit.AuditLog(ledger, System::currentTimeMillis))) {
                ingest.start(System.nanoTime());
                await("the ingest to reach the refused chunk", () -> ingest.ingested() >= REFUSED);
                // Retries of the refused chunk come once a second; give it a few.
                Thread.sleep(2_500);
                List<Integer> whileRefused = orderNumbers(ledger);
                assertThat(whileRefused).as("what was written is a prefix, before the refused order")
                        .isNotEmpty()
                        .isEqualTo(range(whileRefused.size()));
                assertThat(whileRefused.size()).isLessThanOrEqualTo(REFUSED);
                assertThat(storedOffset(ledger)).isEqualTo((long) whileRefused.size());

                ledger.transaction(c -> {
                    try (Statement s = c.createStatement()) {
                        return s.executeUpdate("UPDATE ingest_fault SET armed = 0");
                    }
                });
                await("every event after the ledger recovers", () -> orderNumbers(ledger).size() == EVENTS);
                assertThat(orderNumbers(ledger)).isEqualTo(range(EVENTS));
                assertThat(storedOffset(ledger)).isEqualTo(EVENTS);
                assertThat(ingest.rejected()).isZero();
            }
        }
    }

    private static List<Integer> range(int n) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static List<Integer> orderNumbers(Ledger ledger) {
        return ledger.transaction(c -> {
            List<Integer> numbers = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery(
                            "SELECT CAST(substr(order_id, 3) AS INTEGER) AS n FROM order_events ORDER BY n")) {
                while (rows.next()) {
                    numbers.add(rows.getInt(1));
                }
            }
            return numbers;
        });
    }

    private static long storedOffset(Ledger ledger) {
        return ledger.transaction(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT coalesce(sum(next_offset), 0) FROM ingest_offsets WHERE topic = '"
                            + Topics.ORDERS + "'")) {
                return rows.next() ? rows.getLong(1) : 0L;
            }
        });
    }
}

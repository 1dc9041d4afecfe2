package io.canarykit.admin.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read snapshots: connections of their own that agree on one state of the ledger while it is written. */
class LedgerSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void everyConnectionOfASnapshotSeesTheStateItWasTakenAt() throws Exception {
        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"))) {
            insertMeta(ledger, "a");
            try (Ledger.ReadSnapshot snapshot = ledger.snapshot(3)) {
                assertThat(snapshot.connections()).hasSize(3);
                // Written after the snapshot, from another thread, while it is open.
                CompletableFuture.runAsync(() -> insertMeta(ledger, "b")).get(30, TimeUnit.SECONDS);
                for (Connection c : snapshot.connections()) {
                    assertThat(metaRows(c)).isEqualTo(1);
                }
                assertThatThrownBy(() -> snapshot.connections().get(0).createStatement()
                        .execute("INSERT INTO meta(key, value) VALUES ('c', 'x')"))
                        .as("read-only").isInstanceOf(SQLException.class);
            }
            assertThat(ledger.read(LedgerSnapshotTest::metaRows)).as("a later read").isEqualTo(2);
        }
    }

    @Test
    void anInMemoryLedgerReadsOnItsOwnConnection() {
        try (Ledger ledger = Ledger.open("jdbc:sqlite::memory:")) {
            insertMeta(ledger, "a");
            try (Ledger.ReadSnapshot snapshot = ledger.snapshot(2)) {
                assertThat(snapshot.connections()).hasSize(1);
            }
            assertThat(ledger.read(LedgerSnapshotTest::metaRows)).isEqualTo(1);
            insertMeta(ledger, "b");
            assertThat(ledger.read(LedgerSnapshotTest::metaRows)).as("the connection was given back").isEqualTo(2);
        }
    }

    @Test
    void refusesASnapshotOfNoConnections() {
        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"))) {
            assertThatThrownBy(() -> ledger.snapshot(0)).hasMessageContaining("at least one connection");
        }
    }

    private static void insertMeta(Ledger ledger, String key) {
        ledger.transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO meta(key, value) VALUES ('" + key + "', 'x')");
            }
            return null;
        });
    }

    private static int metaRows(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM meta")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}

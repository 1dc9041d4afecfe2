package io.canarykit.admin.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rehearsal runs its writes and leaves the database as it was, whether the work ends well or not. */
class LedgerRehearsalTest {

    @Test
    void aRehearsalsWritesAreSeenInsideItAndGoneAfterIt() {
        try (Ledger ledger = Ledger.open("jdbc:sqlite::memory:")) {
            ledger.transaction(c -> setMeta(c, "kept", "1"));

            List<String> inside = ledger.rehearse(c -> {
                setMeta(c, "kept", "2");
                setMeta(c, "rehearsed", "1");
                return List.of(meta(c, "kept"), meta(c, "rehearsed"));
            });

            String kept = ledger.transaction(c -> meta(c, "kept"));
            String rehearsed = ledger.transaction(c -> meta(c, "rehearsed"));
            assertThat(inside).containsExactly("2", "1");
            assertThat(kept).isEqualTo("1");
            assertThat(rehearsed).isNull();
        }
    }

    @Test
    void aFailedRehearsalIsALedgerErrorAndLeavesNothing() {
        try (Ledger ledger = Ledger.open("jdbc:sqlite::memory:")) {
            assertThatThrownBy(() -> ledger.rehearse(c -> {
                setMeta(c, "rehearsed", "1");
                throw new SQLException("disk I/O error");
            })).isInstanceOf(LedgerException.class).hasMessageContaining("disk I/O error");

            String rehearsed = ledger.transaction(c -> meta(c, "rehearsed"));
            assertThat(rehearsed).isNull();
            // The connection is free and usable afterwards.
            ledger.transaction(c -> setMeta(c, "after", "1"));
            String after = ledger.transaction(c -> meta(c, "after"));
            assertThat(after).isEqualTo("1");
        }
    }

    private static Void setMeta(java.sql.Connection c, String key, String value) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            upsert.setString(1, key);
            upsert.setString(2, value);
            upsert.executeUpdate();
        }
        return null;
    }

    private static String meta(java.sql.Connection c, String key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            query.setString(1, key);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}

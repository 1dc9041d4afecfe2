package io.canarykit.admin.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path dir;

    @Test
    void aVersionTwoLedgerGetsEachOrdersFirstAnswerOfAnyKindFromItsEvents() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("kit.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            for (Migrations.Migration m : Migrations.ALL.subList(0, 2)) {
                for (String sql : m.statements()) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_version VALUES (" + m.version() + ", 'before', 0)");
            }
            // a: placed 1000, filled 4000, acked 9000: first answer 4000 (the fill, which version 2 ignored).
            // b: placed 2000, canceled 3000. c: placed 5000, no answer. d: rejected 500, placed 600.
            order(s, "a", 1_000, null);
            order(s, "b", 2_000, null);
            order(s, "c", 5_000, null);
            order(s, "d", 600, 500L);
            event(s, "a", 1_000, "placed");
            event(s, "a", 4_000, "fill");
            event(s, "a", 9_000, "acked");
            event(s, "b", 2_000, "placed");
            event(s, "b", 3_000, "canceled");
            event(s, "c", 5_000, "placed");
            event(s, "d", 500, "rejected");
            event(s, "d", 600, "placed");
        }

        Map<String, Long> replied = new HashMap<>();
        try (Ledger ledger = Ledger.open(url)) {
            ledger.transaction(c -> {
                List<Integer> applied = appliedVersions(c);
                assertThat(applied).isEqualTo(Migrations.ALL.stream().map(Migrations.Migration::version).toList());
                assertThat(Migrations.currentVersion(c)).isEqualTo(applied.get(applied.size() - 1));
                try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT order_id, replied_ts FROM orders")) {
                    while (rows.next()) {
                        replied.put(rows.getString(1), rows.getObject(2) == null ? null : rows.getLong(2));
                    }
                }
                return null;
            });
        }
        Map<String, Long> expected = new HashMap<>();
        expected.put("a", 4_000L);
        expected.put("b", 3_000L);
        expected.put("c", null);
        expected.put("d", 500L);
        assertThat(replied).isEqualTo(expected);
    }

    /** The versions recorded in {@code schema_version}, oldest first. */
    private static List<Integer> appliedVersions(Connection c) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }

    private static void order(Statement s, String id, long placed, Long answered) throws Exception {
        s.execute("INSERT INTO orders(order_id, symbol, side, account, model_id, canary, placed_ts, answered_ts,"
                + " first_ts, last_ts, last_event, day) VALUES ('" + id + "', 'BTCUSDT', 'buy', 'main', 'm1', 0, " + placed
                + ", " + answered + ", " + placed + ", " + placed + ", 'placed', '1970-01-01')");
    }

    private static void event(Statement s, String id, long ts, String event) throws Exception {
        s.execute("INSERT INTO order_events(event_key, order_id, symbol, ts, event, body) VALUES ('"
                + id + "|" + event + "|" + ts + "', '" + id + "', 'BTCUSDT', " + ts + ", '" + event + "', '{}')");
    }
}

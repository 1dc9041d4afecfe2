package io.canarykit.admin.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept statements against a real SQLite database, as the ledger uses them. */
class StatementCacheTest {

    private static final String BY_KEY = "SELECT v FROM t WHERE k = ?";
    private static final String INSERT = "INSERT INTO t(k, v) VALUES (?, ?)";

    @TempDir
    Path dir;
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        Connection real = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
        try (Statement s = real.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
        }
        real.setAutoCommit(false);
        connection = StatementCache.over(real);
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void reusesOneStatementPerTextAndReadsWhatEachUseWrote() throws SQLException {
        for (int k = 1; k <= 50; k++) {
            insert(k, "v" + k);
        }
        connection.commit();
        for (int k = 50; k >= 1; k--) {
            assertThat(valueOf(k)).isEqualTo("v" + k);
        }
        assertThat(valueOf(51)).isNull();
        assertThat(StatementCache.keptCount(connection)).isEqualTo(2);
    }

    @Test
    void givesAFreshStatementToTheSameTextPreparedWhileItsFirstIsOpen() throws SQLException {
        for (int k = 1; k <= 5; k++) {
            insert(k, "v" + k);
        }
        List<String> pairs = new ArrayList<>();
        try (PreparedStatement outer = connection.prepareStatement("SELECT k FROM t ORDER BY k");
                ResultSet keys = outer.executeQuery()) {
            while (keys.next()) {
                int k = keys.getInt(1);
                // The same text as the loop's own statement, inside its loop.
                try (PreparedStatement inner = connection.prepareStatement("SELECT k FROM t ORDER BY k")) {
                    assertThat(inner).isNotSameAs(outer);
                }
                pairs.add(k + "=" + valueOf(k));
            }
        }
        assertThat(pairs).containsExactly("1=v1", "2=v2", "3=v3", "4=v4", "5=v5");
    }

    @Test
    void aStatementClosedWithItsResultsUnreadIsReusedAndTheTransactionCommits() throws SQLException {
        insert(1, "a");
        insert(2, "b");
        PreparedStatement left = connection.prepareStatement("SELECT v FROM t ORDER BY k");
        ResultSet unread = left.executeQuery();
        assertThat(unread.next()).isTrue();
        left.close();

        insert(3, "c");
        connection.commit();

        try (PreparedStatement again = connection.prepareStatement("SELECT v FROM t ORDER BY k");
                ResultSet rows = again.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            assertThat(values).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aStatementThatFailedWorksOnItsNextUse() throws SQLException {
        insert(1, "a");
        assertThatThrownBy(() -> insert(1, "again")).isInstanceOf(SQLException.class);
        insert(2, "b");
        connection.commit();

        assertThat(valueOf(1)).isEqualTo("a");
        assertThat(valueOf(2)).isEqualTo("b");
    }

    @Test
    void parametersDoNotCarryOverFromOneUseToTheNext() throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setInt(1, 1);
            insert.setString(2, "a");
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setInt(1, 2);
            // The text is left unset: it must not be the last use's "a".
            assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class);
        }
        assertThat(valueOf(2)).isNull();
    }

    @Test
    void keepsNoMoreThanItsCapacityAndStillPreparesEveryText() throws SQLException {
        insert(7, "seven");
        for (int i = 0; i < StatementCache.CAPACITY + 50; i++) {
            try (PreparedStatement s = connection.prepareStatement("SELECT v || '" + i + "' FROM t WHERE k = ?")) {
                s.setInt(1, 7);
                try (ResultSet rows = s.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("seven" + i);
                }
            }
        }
        assertThat(StatementCache.keptCount(connection)).isEqualTo(StatementCache.CAPACITY);
    }

    @Test
    void closingTheConnectionClosesWhatItKept() throws SQLException {
        PreparedStatement kept = connection.prepareStatement(BY_KEY);
        kept.close();
        assertThat(kept.isClosed()).isTrue();

        connection.close();

        assertThat(StatementCache.keptCount(connection)).isZero();
        assertThatThrownBy(() -> connection.prepareStatement(BY_KEY)).isInstanceOf(SQLException.class);
    }

    private void insert(int k, String v) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setInt(1, k);
            insert.setString(2, v);
            insert.executeUpdate();
        }
    }

    private String valueOf(int k) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(BY_KEY)) {
            query.setInt(1, k);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}

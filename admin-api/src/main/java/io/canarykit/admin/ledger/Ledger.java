package io.canarykit.admin.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The sidecar's SQLite database: one connection in WAL mode, migrated to the latest schema on open,
 * with every read and write serialised through {@link #transaction}, and its prepared statements kept
 * for reuse ({@link StatementCache}).
 */
public final class Ledger implements AutoCloseable {

    private static final String SQLITE_PREFIX = "jdbc:sqlite:";

    /** A unit of work on the connection, run inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String url;
    private final Connection connection;
    // Fair, so an operator's command waiting for the connection goes next rather than behind the
    // ingest thread taking it again and again.
    private final ReentrantLock lock = new ReentrantLock(true);

    private Ledger(String url, Connection connection) {
        this.url = url;
        this.connection = connection;
    }

    /** Opens (creating when needed) the database at {@code jdbcUrl} and applies every pending migration. */
    public static Ledger open(String jdbcUrl) {
        Path file = sqliteFile(jdbcUrl);
        try {
            if (file != null && file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Connection connection = DriverManager.getConnection(jdbcUrl);
            try (Statement statement = connection.createStatement()) {
                // WAL lets a backup or a verifier read while the sidecar writes.
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA busy_timeout=5000");
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA foreign_keys=ON");
            }
            connection.setAutoCommit(false);
            Ledger ledger = new Ledger(jdbcUrl, StatementCache.over(connection));
            ledger.transaction(Migrations::apply);
            return ledger;
        } catch (SQLException | java.io.IOException e) {
            throw new LedgerException("cannot open the database " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** The file behind a SQLite URL, or null for an in-memory database; any other URL is refused. */
    public static Path sqliteFile(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.toLowerCase(Locale.ROOT).startsWith(SQLITE_PREFIX)) {
            throw new LedgerException("KIT_DB_URL must be a SQLite URL (jdbc:sqlite:PATH), got " + jdbcUrl, null);
        }
        String rest = jdbcUrl.substring(SQLITE_PREFIX.length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.isEmpty() || rest.startsWith(":memory:") || rest.startsWith("file:")) {
            return null;
        }
        return Path.of(rest);
    }

    /** The JDBC URL the ledger was opened with. */
    public String url() {
        return url;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Work<T> work) {
        lock.lock();
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            if (e instanceof LedgerException ledgerException) {
                throw ledgerException;
            }
            throw new LedgerException("database error: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} in one read transaction on a read-only connection of its own, so a long read
     * neither waits for the writers nor holds them up, and every query in it sees the same snapshot.
     */
    public <T> T read(Work<T> work) {
        try (ReadSnapshot snapshot = snapshot(1)) {
            return work.run(snapshot.connections().get(0));
        } catch (SQLException | RuntimeException e) {
            throw e instanceof LedgerException ledgerException ? ledgerException
                    : new LedgerException("database error: " + e.getMessage(), e);
        }
    }

    /**
     * Up to {@code connections} read-only connections of their own, each in a read transaction that sees
     * the same snapshot of the ledger (WAL): a day's report reads its files side by side on them while
     * the ledger's writers go on. Each read transaction begins while the ledger's connection is held,
     * so no write of the ledger falls between them. An in-memory database has no second connection:
     * its snapshot is the ledger's own connection, held until the snapshot is closed. Close it on the
     * thread that took it.
     */
    public ReadSnapshot snapshot(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("a snapshot needs at least one connection, got " + connections);
        }
        lock.lock();
        if (sqliteFile(url) == null) {
            return new ReadSnapshot(List.of(connection), this::releaseOwnConnection);
        }
        List<Connection> readers = new ArrayList<>();
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(5_000);
            for (int i = 0; i < connections; i++) {
                Connection reader = DriverManager.getConnection(url, config.toProperties());
                readers.add(reader);
                reader.setAutoCommit(false);
                // A read transaction takes its snapshot at its first read.
                try (Statement first = reader.createStatement()) {
                    first.executeQuery("SELECT COUNT(*) FROM schema_version").close();
                }
            }
        } catch (SQLException e) {
            closeAll(readers);
            throw new LedgerException("cannot open a read snapshot of " + url + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        return new ReadSnapshot(readers, () -> closeAll(readers));
    }

    private void releaseOwnConnection() {
        rollbackQuietly();
        lock.unlock();
    }

    private static void closeAll(List<Connection> connections) {
        for (Connection c : connections) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // Closing ends the read transaction anyway.
            }
            try {
                c.close();
            } catch (SQLException ignored) {
                // A read-only connection has nothing to lose.
            }
        }
    }

    /** Connections that see one snapshot of the ledger; closing ends their read transactions. */
    public static final class ReadSnapshot implements AutoCloseable {
        private final List<Connection> connections;
        private final Runnable release;

        private ReadSnapshot(List<Connection> connections, Runnable release) {
            this.connections = List.copyOf(connections);
            this.release = release;
        }

        /** The connections, at least one. */
        public List<Connection> connections() {
            return connections;
        }

        @Override
        public void close() {
            release.run();
        }
    }

    /**
     * Runs {@code work} in a transaction that is always rolled back, and returns its result: the
     * database is left as it was. For running a write path once ahead of its first real use.
     */
    public <T> T rehearse(Work<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException | RuntimeException e) {
            throw e instanceof LedgerException ledgerException ? ledgerException
                    : new LedgerException("database error: " + e.getMessage(), e);
        } finally {
            rollbackQuietly();
            lock.unlock();
        }
    }

    /**
     * Whether another thread waits for the connection: a long unit of work (a chunk of the job's
     * output) may end its transaction early to let an operator's command in.
     */
    public boolean othersWaiting() {
        return lock.hasQueuedThreads();
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The original failure is the one worth reporting.
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new LedgerException("cannot close the database: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}

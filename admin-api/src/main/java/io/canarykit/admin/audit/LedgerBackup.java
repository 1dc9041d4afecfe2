package io.canarykit.admin.audit;

import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.LedgerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Online backups of the ledger: {@code VACUUM INTO} copies one consistent snapshot while the sidecar
 * keeps writing (WAL mode), then the copy is checked before it is reported.
 */
public final class LedgerBackup {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private LedgerBackup() {}

    /** A checked backup: where it is, its sha256 and size, and its audit chain. */
    public record Result(Path path, String sha256, long bytes, ChainCheck chain) {}

    /** The default backup path: {@code data/backups/kit-<UTC time>.db} next to the database. */
    public static Path defaultPath(String jdbcUrl, Instant now) {
        Path db = Ledger.sqliteFile(jdbcUrl);
        Path dir = db == null || db.toAbsolutePath().getParent() == null
                ? Path.of("data", "backups") : db.toAbsolutePath().getParent().resolve("backups");
        return dir.resolve("kit-" + STAMP.format(now) + ".db");
    }

    /** Opens an existing database; a missing file is an error, not a new empty database. */
    public static Connection openExisting(String jdbcUrl) throws SQLException {
        Path db = Ledger.sqliteFile(jdbcUrl);
        if (db != null && !Files.isRegularFile(db)) {
            throw new LedgerException("there is no database at " + db.toAbsolutePath() + " (KIT_DB_URL=" + jdbcUrl + ")", null);
        }
        Connection connection = DriverManager.getConnection(jdbcUrl);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout=5000");
        }
        return connection;
    }

    /** Copies the database at {@code jdbcUrl} to {@code out}, which must not exist, and checks the copy. */
    public static Result backup(String jdbcUrl, Path out) {
        if (Files.exists(out)) {
            throw new LedgerException(out + " already exists; a backup never overwrites a file", null);
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Connection source = openExisting(jdbcUrl); Statement statement = source.createStatement()) {
                statement.execute("VACUUM INTO '" + out.toAbsolutePath().toString().replace("'", "''") + "'");
            }
            ChainCheck chain;
            try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + out.toAbsolutePath());
                    Statement statement = copy.createStatement()) {
                try (ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
                    String verdict = rows.next() ? rows.getString(1) : "no answer";
                    if (!"ok".equals(verdict)) {
                        throw new LedgerException("the copy at " + out + " fails its integrity check: " + verdict, null);
                    }
                }
                chain = AuditLog.verify(copy);
            }
            return new Result(out.toAbsolutePath(), sha256(out), Files.size(out), chain);
        } catch (SQLException | IOException e) {
            throw new LedgerException("backup to " + out + " failed: " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

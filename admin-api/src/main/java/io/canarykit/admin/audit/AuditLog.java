package io.canarykit.admin.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.admin.ledger.Ledger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The append-only audit log: each entry holds {@code prev_hash} and
 * {@code hash = sha256(prev_hash + canonical entry)}, so an edited, deleted or reordered row breaks
 * the chain at that row.
 */
public final class AuditLog {

    /** The {@code prev_hash} of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    // The head (last seq and hash) is also kept in meta, so a deleted last row is caught too.
    private static final String HEAD_KEY = "audit_head";

    private final Ledger ledger;
    private final LongSupplier clock;

    public AuditLog(Ledger ledger, LongSupplier clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Appends one entry after the current head and returns it. */
    public AuditEntry append(String actor, String action, Object payload) {
        return ledger.transaction(connection -> append(connection, actor, action, payload));
    }

    /**
     * Appends one entry inside the caller's transaction on {@code connection}, so that it commits or
     * rolls back together with the caller's other rows.
     */
    public AuditEntry append(Connection connection, String actor, String action, Object payload) throws SQLException {
        AuditEntry last = lastEntry(connection);
        AuditEntry entry = signed(last == null ? 1 : last.seq() + 1, last == null ? GENESIS : last.hash(), actor, action,
                payload);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_log(seq, ts, actor, action, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?)")) {
            insert.setLong(1, entry.seq());
            insert.setLong(2, entry.ts());
            insert.setString(3, entry.actor());
            insert.setString(4, entry.action());
            insert.setString(5, entry.payload());
            insert.setString(6, entry.prevHash());
            insert.setString(7, entry.hash());
            insert.executeUpdate();
        }
        try (PreparedStatement head = connection.prepareStatement(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            head.setString(1, HEAD_KEY);
            head.setString(2, entry.seq() + " " + entry.hash());
            head.executeUpdate();
        }
        return entry;
    }

    private AuditEntry signed(long seq, String prevHash, String actor, String action, Object payload) {
        String payloadText = CanonicalJson.write(payload == null ? java.util.Map.of() : payload);
        AuditEntry unsigned = new AuditEntry(seq, clock.getAsLong(), actor, action, payloadText, prevHash, "");
        return new AuditEntry(unsigned.seq(), unsigned.ts(), actor, action, payloadText, prevHash,
                hash(prevHash, unsigned.canonicalText()));
    }

    /** The id of every command an entry names, as the intent written before it was sent or in a call's outcome. */
    public Set<String> commandIds() {
        return ledger.transaction(AuditLog::commandIds);
    }

    /** The command ids named by the audit log behind {@code connection}. */
    public static Set<String> commandIds(Connection connection) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT payload FROM audit_log ORDER BY seq");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                JsonNode payload = CanonicalJson.read(rows.getString(1));
                addId(ids, payload.path("command"));
                payload.path("commands").forEach(command -> addId(ids, command));
            }
        }
        return ids;
    }

    private static void addId(Set<String> ids, JsonNode command) {
        if (command.path("id").isTextual()) {
            ids.add(command.path("id").asText());
        }
    }

    /** Checks the whole chain. */
    public ChainCheck verify() {
        return ledger.transaction(AuditLog::verify);
    }

    /** The newest {@code limit} entries, newest first. */
    public List<AuditEntry> recent(int limit) {
        return ledger.transaction(connection -> {
            List<AuditEntry> entries = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT seq, ts, actor, action, payload, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT ?")) {
                query.setInt(1, limit);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(entry(rows));
                    }
                }
            }
            return entries;
        });
    }

    /** Checks the chain in the database behind {@code connection}, row by row in sequence order. */
    public static ChainCheck verify(Connection connection) throws SQLException {
        long count = 0;
        long expectedSeq = 1;
        String prevHash = GENESIS;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT seq, ts, actor, action, payload, prev_hash, hash FROM audit_log ORDER BY seq");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                AuditEntry entry = entry(rows);
                count++;
                if (entry.seq() != expectedSeq) {
                    return ChainCheck.broken(count, expectedSeq, entry.seq() > expectedSeq
                            ? "entry " + expectedSeq + " is missing (the next one is " + entry.seq() + ")"
                            : "sequence goes back to " + entry.seq());
                }
                if (!entry.prevHash().equals(prevHash)) {
                    return ChainCheck.broken(count, entry.seq(),
                            "prev_hash does not match the hash of the entry before it (deleted or reordered)");
                }
                if (!hash(entry.prevHash(), entry.canonicalText()).equals(entry.hash())) {
                    return ChainCheck.broken(count, entry.seq(), "hash does not match its content (edited or moved)");
                }
                prevHash = entry.hash();
                expectedSeq++;
            }
        }
        String head = headRecord(connection);
        if (head != null) {
            long headSeq = Long.parseLong(head.substring(0, head.indexOf(' ')));
            if (headSeq >= expectedSeq) {
                return ChainCheck.broken(count, expectedSeq,
                        "entry " + expectedSeq + " is missing (the log ends at " + (expectedSeq - 1)
                                + " but its head says " + headSeq + ")");
            }
        }
        return ChainCheck.intact(count);
    }

    static String hash(String prevHash, String canonicalText) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(prevHash.getBytes(StandardCharsets.UTF_8));
            sha256.update(canonicalText.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static AuditEntry lastEntry(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT seq, ts, actor, action, payload, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
                ResultSet rows = query.executeQuery()) {
            return rows.next() ? entry(rows) : null;
        }
    }

    private static String headRecord(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            query.setString(1, HEAD_KEY);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static AuditEntry entry(ResultSet rows) throws SQLException {
        return new AuditEntry(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getString(7));
    }
}

package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.ledger.Ledger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCommandsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void verifyAuditChainCountsAnIntactChainAndNamesTheFirstEditedEntry() {
        Path db = dir.resolve("kit.db");
        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + db)) {
            AuditLog audit = new AuditLog(ledger, System::currentTimeMillis);
            for (int n = 0; n < 3; n++) {
                audit.append("ops", "POST /api/kit/risk/reset", Map.of("n", n));
            }
        }
        assertThat(kit("verify-audit-chain", "--db", db.toString())).isZero();
        assertThat(out.toString()).contains("audit chain intact: 3 entries");

        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + db)) {
            ledger.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("UPDATE audit_log SET action = 'POST /api/kit/arm' WHERE seq = 2");
                }
            });
        }
        assertThat(kit("verify-audit-chain", "--db", db.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("audit chain broken at entry 2");
    }

    @Test
    void verifyAuditChainRefusesAMissingDatabaseInsteadOfCreatingOne() {
        Path missing = dir.resolve("nothing-here.db");

        assertThat(kit("verify-audit-chain", "--db", missing.toString())).isEqualTo(2);
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void backupWhileTheLogIsWrittenIsConsistentAndRestores() throws Exception {
        Path db = dir.resolve("kit.db");
        Path copy = dir.resolve("backups/kit-copy.db");
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + db)) {
            AuditLog audit = new AuditLog(ledger, System::currentTimeMillis);
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    audit.append("ops", "PATCH /api/kit/model/canary_share", Map.of("n", written.incrementAndGet()));
                }
            });
            writer.start();
            while (written.get() < 50) {
                Thread.sleep(5);
            }
            int exit = kit("backup-db", "--db", db.toString(), "--out", copy.toString());
            writing.set(false);
            writer.join();

            assertThat(exit).as(err.toString()).isZero();
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(copy)));
        assertThat(out.toString()).contains("backup: " + copy.toAbsolutePath()).contains("sha256: " + sha)
                .contains("integrity_check: ok").contains("audit chain intact");

        // Restore: the copy opens as the sidecar's database, with an intact chain that the writer can continue.
        try (Ledger restored = Ledger.open("jdbc:sqlite:" + copy)) {
            AuditLog audit = new AuditLog(restored, System::currentTimeMillis);
            long entries = audit.verify().entries();
            assertThat(entries).isGreaterThanOrEqualTo(50);
            assertThat(audit.append("ops", "POST /api/kit/arm", Map.of()).seq()).isEqualTo(entries + 1);
            assertThat(audit.verify().intact()).isTrue();
        }
        assertThat(kit("backup-db", "--db", db.toString(), "--out", copy.toString())).as("never overwrites").isEqualTo(1);
    }

    private int kit(String... args) {
        CommandLine kit = KitCommand.commandLine();
        kit.setOut(new PrintWriter(out, true));
        kit.setErr(new PrintWriter(err, true));
        return kit.execute(args);
    }
}

package io.canarykit.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.audit.AuditEntry;
import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.audit.ChainCheck;
import io.canarykit.admin.ledger.Ledger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000);
    private Ledger ledger;
    private AuditLog audit;

    @BeforeEach
    void open() {
        ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"));
        audit = new AuditLog(ledger, clock::get);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void firstEntryHashesGenesisPlusItsCanonicalText() throws Exception {
        AuditEntry entry = audit.append("ana@127.0.0.1", "POST /api/kit/arm", Map.of("status", 200, "b", "x"));

        // Keys sorted at every level, no spaces: the payload {"b":"x","status":200} sits between action/actor and seq/ts.
        String canonical = "{\"action\":\"POST /api/kit/arm\",\"actor\":\"ana@127.0.0.1\","
                + "\"payload\":{\"b\":\"x\",\"status\":200},\"seq\":1,\"ts\":1000}";
        assertThat(entry.canonicalText()).isEqualTo(canonical);
        assertThat(entry.prevHash()).isEqualTo("0".repeat(64));
        assertThat(entry.hash()).isEqualTo(sha256("0".repeat(64) + canonical));
    }

    @Test
    void intactChainCountsItsEntries() {
        appendThree();

        assertThat(audit.verify()).isEqualTo(new ChainCheck(true, 3, null, null));
        assertThat(audit.verify().describe()).isEqualTo("audit chain intact: 3 entries");
    }

    @Test
    void editedPayloadBreaksTheChainAtThatEntry() throws Exception {
        appendThree();
        sql("UPDATE audit_log SET payload = '{\"n\":20}' WHERE seq = 2");

        ChainCheck check = audit.verify();

        assertThat(check.intact()).isFalse();
        assertThat(check.firstBadSeq()).isEqualTo(2);
        assertThat(check.describe()).startsWith("audit chain broken at entry 2:").contains("edited");
    }

    @Test
    void editedActorIsCaughtEvenWithItsHashRecomputedWithoutTheChain() throws Exception {
        appendThree();
        // A forger who rewrites row 2 and its hash still breaks row 3's prev_hash.
        AuditEntry second = audit.recent(3).get(1);
        AuditEntry forged = new AuditEntry(2, second.ts(), "mallory", second.action(), second.payload(), second.prevHash(), "");
        String forgedHash = sha256(second.prevHash() + forged.canonicalText());
        sql("UPDATE audit_log SET actor = 'mallory', hash = '" + forgedHash + "' WHERE seq = 2");

        ChainCheck check = audit.verify();

        assertThat(check.firstBadSeq()).isEqualTo(3);
        assertThat(check.problem()).contains("prev_hash");
    }

    @Test
    void deletedMiddleEntryIsNamed() throws Exception {
        appendThree();
        sql("DELETE FROM audit_log WHERE seq = 2");

        assertThat(audit.verify().describe()).isEqualTo(
                "audit chain broken at entry 2: entry 2 is missing (the next one is 3)");
    }

    @Test
    void deletedLastEntryIsCaughtByTheHead() throws Exception {
        appendThree();
        sql("DELETE FROM audit_log WHERE seq = 3");

        ChainCheck check = audit.verify();

        assertThat(check.intact()).isFalse();
        assertThat(check.firstBadSeq()).isEqualTo(3);
    }

    @Test
    void reorderedEntriesBreakTheChainAtTheFirstMovedOne() throws Exception {
        appendThree();
        // Swap rows 2 and 3 wholesale, sequence numbers kept in place.
        sql("UPDATE audit_log SET seq = -2 WHERE seq = 2");
        sql("UPDATE audit_log SET seq = 2 WHERE seq = 3");
        sql("UPDATE audit_log SET seq = 3 WHERE seq = -2");

        ChainCheck check = audit.verify();

        assertThat(check.intact()).isFalse();
        assertThat(check.firstBadSeq()).isEqualTo(2);
    }

    @Test
    void appendContinuesTheChainAcrossReopening() {
        appendThree();
        ledger.close();
        ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"));
        audit = new AuditLog(ledger, clock::get);

        AuditEntry fourth = audit.append("ops", "POST /api/kit/disarm", Map.of());

        assertThat(fourth.seq()).isEqualTo(4);
        assertThat(audit.verify().intact()).isTrue();
        assertThat(audit.verify().entries()).isEqualTo(4);
    }

    private void appendThree() {
        for (int n = 1; n <= 3; n++) {
            clock.addAndGet(10);
            audit.append("ops", "POST /api/kit/risk/reset", Map.of("n", n));
        }
    }

    private void sql(String statement) {
        ledger.transaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(statement);
            }
        });
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}

package io.canarykit.admin.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.admin.audit.AuditEntry;
import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.audit.CanonicalJson;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServiceTest {

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000);
    private Ledger ledger;
    private AuditLog audit;

    @BeforeEach
    void open() {
        ledger = Ledger.open(url());
        audit = new AuditLog(ledger, clock::get);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void theIntentAndAPendingRowAreCommittedBeforeTheCommandIsPublished() {
        List<String> seenAtPublish = new ArrayList<>();
        ControlPublisher publisher = publisher(command -> {
            // Another connection sees only committed rows: what a SIGKILL at this instant would leave.
            seenAtPublish.add(outcomeOnDisk(command.id()) + " " + auditedOnDisk().contains(command.id()));
        });
        ControlService control = new ControlService(publisher, ledger, audit, clock::get);

        ControlService.Sent sent = control.send(caller(), ControlType.KILL, Map.of());

        assertThat(seenAtPublish).containsExactly("pending true");
        assertThat(sent.acknowledged()).isTrue();
        assertThat(outcomeOnDisk(sent.command().id())).isEqualTo("acknowledged");
        AuditEntry intent = audit.recent(1).get(0);
        JsonNode payload = CanonicalJson.read(intent.payload());
        assertThat(intent.action()).isEqualTo("POST /api/kit/kill");
        assertThat(intent.actor()).isEqualTo("ana@127.0.0.1");
        assertThat(payload.get("phase").asText()).isEqualTo("intent");
        assertThat(payload.get("command").get("id").asText()).isEqualTo(sent.command().id());
        assertThat(payload.get("command").get("type").asText()).isEqualTo("kill");
        assertThat(payload.get("path").asText()).isEqualTo("/api/kit/kill");
        assertThat(control.state().killSwitch()).isTrue();
    }

    @Test
    void primingRunsTheCommandPathWithoutWritingSendingOrChangingAnything() {
        List<ControlCommand> published = new ArrayList<>();
        AtomicLong prepared = new AtomicLong();
        ControlPublisher inner = publisher(published::add);
        ControlPublisher publisher = new ControlPublisher() {
            @Override
            public void publish(ControlCommand command) {
                inner.publish(command);
            }

            @Override
            public void publish(io.canarykit.schema.ReferenceProfile profile) {
                inner.publish(profile);
            }

            @Override
            public void prepare() {
                prepared.incrementAndGet();
            }

            @Override
            public void close() {}
        };
        ControlService control = new ControlService(publisher, ledger, audit, clock::get);

        control.prime();

        assertThat(prepared.get()).as("the topic's way readied").isEqualTo(1);
        assertThat(published).isEmpty();
        assertThat(audit.recent(10)).isEmpty();
        long rows = ledger.transaction(c -> count(c, "SELECT COUNT(*) FROM control_commands"));
        assertThat(rows).isZero();
        assertThat(control.state().killSwitch()).isFalse();
        // The chain still starts at the first real command, and holds.
        ControlService.Sent sent = control.send(caller(), ControlType.KILL, Map.of());
        assertThat(audit.recent(10)).singleElement().satisfies(intent -> {
            assertThat(intent.seq()).isEqualTo(1);
            assertThat(intent.payload()).contains(sent.command().id());
        });
        assertThat(audit.verify().intact()).isTrue();
        assertThat(control.state().killSwitch()).isTrue();
    }

    @Test
    void aCommandTheBrokerRefusesIsRecordedAsSuchAndChangesNothing() {
        ControlPublisher publisher = publisher(command -> {
            throw new BrokerUnavailableException("Kafka did not acknowledge the command within 5 s", null);
        });
        ControlService control = new ControlService(publisher, ledger, audit, clock::get);

        ControlService.Sent sent = control.send(caller(), ControlType.KILL, Map.of());

        assertThat(sent.acknowledged()).isFalse();
        assertThat(outcomeOnDisk(sent.command().id())).isEqualTo("broker_unavailable");
        assertThat(auditedOnDisk()).containsExactly(sent.command().id());
        assertThat(control.state().killSwitch()).isFalse();
    }

    @Test
    void nothingIsPublishedWhenTheIntentCannotBeWritten() {
        List<ControlCommand> published = new ArrayList<>();
        ControlService control = new ControlService(publisher(published::add), ledger, audit, clock::get);
        ledger.transaction(c -> c.createStatement().executeUpdate("DROP TABLE audit_log"));

        assertThatThrownBy(() -> control.send(caller(), ControlType.KILL, Map.of()))
                .isInstanceOfSatisfying(CommandNotRecordedException.class, e -> assertThat(e.published()).isFalse());

        assertThat(published).isEmpty();
        long rows = ledger.transaction(c -> count(c, "SELECT COUNT(*) FROM control_commands"));
        assertThat(rows).isZero();
    }

    @Test
    void anAcknowledgedCommandWhoseOutcomeCannotBeRecordedIsStillInTheAuditLog() {
        ControlPublisher publisher = publisher(command ->
                ledger.transaction(c -> c.createStatement().executeUpdate("ALTER TABLE control_commands RENAME TO gone")));
        ControlService control = new ControlService(publisher, ledger, audit, clock::get);

        assertThatThrownBy(() -> control.send(caller(), ControlType.KILL, Map.of()))
                .isInstanceOfSatisfying(CommandNotRecordedException.class, e -> {
                    assertThat(e.published()).isTrue();
                    assertThat(e.acknowledged()).isTrue();
                    assertThat(auditedOnDisk()).containsExactly(e.command().id());
                });
    }

    @Test
    void aRestartSettlesPendingCommandsAgainstTheTopicAndFoldsTheFoundOnes() {
        // The previous run: a kill on the topic but killed before its outcome, and an arm never sent.
        ControlService first = new ControlService(publisher(command -> {}), ledger, audit, clock::get);
        String kill = first.send(caller(), ControlType.KILL, Map.of()).command().id();
        String arm = first.send(caller(), ControlType.ARM, Map.of()).command().id();
        ledger.transaction(c -> c.createStatement().executeUpdate("UPDATE control_commands SET outcome = 'pending'"));

        ControlService restarted = new ControlService(publisher(command -> {}), ledger, audit, clock::get);
        assertThat(restarted.pendingAtStart()).containsExactly(kill, arm);
        assertThat(restarted.state().killSwitch()).isFalse();
        restarted.reconcile(Set.of(kill, "someone-else"));

        assertThat(outcomeOnDisk(kill)).isEqualTo("acknowledged");
        assertThat(outcomeOnDisk(arm)).isEqualTo("not_sent");
        assertThat(restarted.state().killSwitch()).isTrue();
        assertThat(restarted.state().armed()).isFalse();
        AuditEntry settled = audit.recent(1).get(0);
        assertThat(settled.action()).isEqualTo("RECONCILE kit.control");
        assertThat(CanonicalJson.read(settled.payload()).toString())
                .isEqualTo("{\"acknowledged\":[\"" + kill + "\"],\"not_sent\":[\"" + arm + "\"]}");
        assertThat(audit.verify().intact()).isTrue();
    }

    private static ControlService.Caller caller() {
        return new ControlService.Caller("ana@127.0.0.1", "POST /api/kit/kill",
                CanonicalJson.read("{\"method\":\"POST\",\"path\":\"/api/kit/kill\"}"));
    }

    private static ControlPublisher publisher(java.util.function.Consumer<ControlCommand> onPublish) {
        return new ControlPublisher() {
            @Override
            public void publish(ControlCommand command) {
                onPublish.accept(command);
            }

            @Override
            public void publish(io.canarykit.schema.ReferenceProfile profile) {
                throw new AssertionError("no profile is published here");
            }

            @Override
            public void close() {}
        };
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("kit.db");
    }

    private String outcomeOnDisk(String id) {
        try (Connection c = DriverManager.getConnection(url());
                PreparedStatement q = c.prepareStatement("SELECT outcome FROM control_commands WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? rows.getString(1) : "absent";
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Set<String> auditedOnDisk() {
        try (Connection c = DriverManager.getConnection(url())) {
            return AuditLog.commandIds(c);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long count(Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement q = c.prepareStatement(sql); ResultSet rows = q.executeQuery()) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }
}

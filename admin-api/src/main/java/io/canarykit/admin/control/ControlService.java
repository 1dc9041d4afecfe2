package io.canarykit.admin.control;

import io.canarykit.admin.audit.CanonicalJson;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.LedgerIngest;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.codec.InputDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Turns an operator's request into a command on {@code kit.control}: publishes it, waits for the
 * broker's acknowledgement, and records the attempt and its outcome in the ledger.
 */
public final class ControlService {

    /** Outcome of a command that the broker acknowledged. */
    public static final String ACKNOWLEDGED = "acknowledged";
    /** Outcome of a command that the broker did not acknowledge. */
    public static final String BROKER_UNAVAILABLE = "broker_unavailable";

    private final ControlPublisher publisher;
    private final Ledger ledger;
    private final LongSupplier clock;
    private volatile CommandedState state;

    public ControlService(ControlPublisher publisher, Ledger ledger, LongSupplier clock) {
        this.publisher = publisher;
        this.ledger = ledger;
        this.clock = clock;
        this.state = replay(ledger);
    }

    /** The outcome of one command: the command itself, whether the broker took it, and why not. */
    public record Sent(ControlCommand command, boolean acknowledged, String detail) {}

    /** Publishes a command of {@code type}; a broker that does not acknowledge gives {@code acknowledged=false}. */
    public Sent send(String actor, ControlType type, Map<String, String> args) {
        ControlCommand command = new ControlCommand(UUID.randomUUID().toString(), clock.getAsLong(), actor, type, args);
        Sent sent;
        try {
            publisher.publish(command);
            sent = new Sent(command, true, null);
        } catch (BrokerUnavailableException e) {
            sent = new Sent(command, false, e.getMessage());
        }
        record(sent);
        if (sent.acknowledged()) {
            synchronized (this) {
                state = state.after(command);
            }
        }
        return sent;
    }

    /** What operators have commanded so far, as acknowledged. */
    public CommandedState state() {
        return state;
    }

    private void record(Sent sent) {
        ControlCommand command = sent.command();
        ledger.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR IGNORE INTO control_commands(id, ts, actor, type, args, outcome, detail) VALUES (?,?,?,?,?,?,?)")) {
                insert.setString(1, command.id());
                insert.setLong(2, command.ts());
                insert.setString(3, command.actor());
                insert.setString(4, command.type().wire());
                insert.setString(5, CanonicalJson.write(command.args()));
                insert.setString(6, sent.acknowledged() ? ACKNOWLEDGED : BROKER_UNAVAILABLE);
                insert.setString(7, sent.detail());
                insert.executeUpdate();
            }
            if (sent.acknowledged() && command.type() == ControlType.CANARY_SHARE) {
                LedgerIngest.shareChange(connection, command.ts(), "*", "operator",
                        command.numberArg("pct").orElse(0.0), null, null);
            }
            if (sent.acknowledged() && (command.type() == ControlType.ROLLBACK || command.type() == ControlType.PROMOTE)) {
                LedgerIngest.shareChange(connection, command.ts(), "*", "operator", 0.0, null, null);
            }
            return null;
        });
    }

    // The commanded state survives a restart: it is the fold of the acknowledged commands.
    private static CommandedState replay(Ledger ledger) {
        return ledger.transaction(connection -> {
            CommandedState folded = CommandedState.initial();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, ts, actor, type, args FROM control_commands WHERE outcome = ? ORDER BY ts, rowid")) {
                query.setString(1, ACKNOWLEDGED);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String json = "{\"id\":" + CanonicalJson.quote(rows.getString(1)) + ",\"ts\":" + rows.getLong(2)
                                + ",\"actor\":" + CanonicalJson.quote(rows.getString(3)) + ",\"type\":"
                                + CanonicalJson.quote(rows.getString(4)) + ",\"args\":" + rows.getString(5) + "}";
                        var decoded = InputDecoder.control(json.getBytes(StandardCharsets.UTF_8));
                        if (decoded.isAccepted()) {
                            folded = folded.after(decoded.value());
                        }
                    }
                }
            }
            return folded;
        });
    }
}

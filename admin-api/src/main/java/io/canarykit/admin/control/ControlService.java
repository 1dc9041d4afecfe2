package io.canarykit.admin.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.audit.CanonicalJson;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.LedgerException;
import io.canarykit.admin.ledger.LedgerIngest;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.codec.InputDecoder;
import io.canarykit.schema.codec.JsonCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * Turns an operator's request into a command on {@code kit.control}, write-ahead: the audit entry and
 * a {@code pending} row are committed first, then the command is published and its outcome recorded,
 * so no command reaches the topic without its audit entry.
 */
public final class ControlService {

    /** Outcome of a command written ahead but not yet known to be on the topic. */
    public static final String PENDING = "pending";
    /** Outcome of a command that the broker acknowledged. */
    public static final String ACKNOWLEDGED = "acknowledged";
    /** Outcome of a command that the broker did not acknowledge. */
    public static final String BROKER_UNAVAILABLE = "broker_unavailable";
    /** Outcome of a pending command that a restart found was never sent. */
    public static final String NOT_SENT = "not_sent";
    /** The actor of the audit entries the sidecar writes on its own behalf. */
    public static final String SIDECAR_ACTOR = "kit-sidecar";

    private final ControlPublisher publisher;
    private final Ledger ledger;
    private final AuditLog audit;
    private final LongSupplier clock;
    private final List<String> pendingAtStart;
    private volatile CommandedState state;
    private volatile CommandedRollout rollout;

    public ControlService(ControlPublisher publisher, Ledger ledger, AuditLog audit, LongSupplier clock) {
        this.publisher = publisher;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
        this.state = replay(ledger, CommandedState.initial(), CommandedState::after);
        this.rollout = replay(ledger, CommandedRollout.initial(), CommandedRollout::after);
        this.pendingAtStart = idsWithOutcome(ledger, PENDING);
    }

    /**
     * Who asked, for the intent entry.
     *
     * @param actor the operator and client address
     * @param action the call, {@code METHOD path}
     * @param request what was asked (method, path, query, body)
     */
    public record Caller(String actor, String action, JsonNode request) {}

    /** The outcome of one command: the command itself, whether the broker took it, and why not. */
    public record Sent(ControlCommand command, boolean acknowledged, String detail) {}

    /**
     * Writes the intent, publishes a command of {@code type} and records its outcome; a broker that does
     * not acknowledge gives {@code acknowledged=false}.
     *
     * @throws CommandNotRecordedException when the ledger fails: before the send, nothing was sent
     */
    public Sent send(Caller caller, ControlType type, Map<String, String> args) {
        ControlCommand command = new ControlCommand(UUID.randomUUID().toString(), clock.getAsLong(), caller.actor(), type, args);
        try {
            ledger.transaction(connection -> writeIntent(connection, caller, command));
        } catch (LedgerException e) {
            throw new CommandNotRecordedException(command, false, false, e);
        }
        Sent sent;
        try {
            publisher.publish(command);
            sent = new Sent(command, true, null);
        } catch (BrokerUnavailableException e) {
            sent = new Sent(command, false, e.getMessage());
        }
        if (sent.acknowledged()) {
            fold(command);
        }
        Sent outcome = sent;
        try {
            ledger.transaction(connection -> recordOutcome(connection, outcome.command(),
                    outcome.acknowledged() ? ACKNOWLEDGED : BROKER_UNAVAILABLE, outcome.detail()));
        } catch (LedgerException e) {
            // The row stays pending; the next start settles it against kit.control.
            throw new CommandNotRecordedException(command, true, sent.acknowledged(), e);
        }
        return sent;
    }

    /**
     * Runs a command's path once without its effects, so that an operator's first command, the kill
     * switch most likely, does not also pay for loading it: a kill's intent and outcome are written in
     * a transaction that is rolled back, the kill is folded into a copy of the commanded state that is
     * dropped, its wire form is encoded, and the control topic's metadata is fetched. Nothing is kept
     * or sent.
     */
    public void prime() {
        Caller caller = new Caller("sidecar", "POST /api/kit/kill", JsonNodeFactory.instance.objectNode());
        ControlCommand kill = new ControlCommand(UUID.randomUUID().toString(), clock.getAsLong(), caller.actor(),
                ControlType.KILL, Map.of());
        ledger.rehearse(connection -> {
            writeIntent(connection, caller, kill);
            return recordOutcome(connection, kill, ACKNOWLEDGED, null);
        });
        state.after(kill);
        rollout.after(kill);
        ControlArgs.wire(kill);
        publisher.prepare();
    }

    private static ObjectNode intent(Caller caller, ControlCommand command) {
        ObjectNode payload = caller.request() instanceof ObjectNode request ? request.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        payload.put("phase", "intent");
        ObjectNode described = payload.putObject("command");
        described.put("id", command.id());
        described.put("ts", command.ts());
        described.put("type", command.type().wire());
        described.set("args", ControlArgs.json(command));
        return payload;
    }

    /** The outcome of publishing a reference profile: the profile as sent, whether the broker took it, and why not. */
    public record Published(ReferenceProfile profile, boolean acknowledged, String detail) {}

    /**
     * Writes the intent, then publishes {@code profile} on {@code kit.reference} stamped with this
     * sidecar's clock, so it holds from now on: the same write-ahead audit as a command's.
     *
     * @throws LedgerException when the intent cannot be written; nothing was sent
     */
    public Published publishReference(Caller caller, ReferenceProfile profile) {
        ReferenceProfile stamped = profile.at(clock.getAsLong());
        ledger.transaction(connection -> {
            ObjectNode payload = caller.request() instanceof ObjectNode request ? request.deepCopy()
                    : JsonNodeFactory.instance.objectNode();
            payload.put("phase", "intent");
            ObjectNode described = payload.putObject("reference");
            described.put("model_id", stamped.modelId());
            described.put("ts", stamped.ts());
            stamped.features().keySet().stream().sorted().forEach(described.putArray("features")::add);
            audit.append(connection, caller.actor(), caller.action(), payload);
            return null;
        });
        try {
            publisher.publish(stamped);
            return new Published(stamped, true, null);
        } catch (BrokerUnavailableException e) {
            return new Published(stamped, false, e.getMessage());
        }
    }

    /** What operators have commanded so far, as acknowledged. */
    public CommandedState state() {
        return state;
    }

    /** The automatic rollout as commanded so far, as acknowledged. */
    public CommandedRollout rollout() {
        return rollout;
    }

    /** Commands left {@code pending} by the previous run, which {@link #reconcile} settles. */
    public List<String> pendingAtStart() {
        return pendingAtStart;
    }

    /**
     * Settles the commands the previous run left pending: acknowledged when {@code onTopic} holds them,
     * else not sent; one audit entry says which.
     */
    public void reconcile(Set<String> onTopic) {
        if (pendingAtStart.isEmpty()) {
            return;
        }
        List<String> found = new ArrayList<>();
        List<String> notSent = new ArrayList<>();
        for (String id : pendingAtStart) {
            (onTopic.contains(id) ? found : notSent).add(id);
        }
        ledger.transaction(connection -> {
            for (String id : found) {
                Optional<ControlCommand> command = pendingCommand(connection, id);
                if (command.isPresent()) {
                    recordOutcome(connection, command.get(), ACKNOWLEDGED, "found on kit.control after a restart");
                }
            }
            for (String id : notSent) {
                Optional<ControlCommand> command = pendingCommand(connection, id);
                if (command.isPresent()) {
                    recordOutcome(connection, command.get(), NOT_SENT,
                            "not on kit.control after a restart: the sidecar stopped before sending it");
                }
            }
            ObjectNode payload = JsonNodeFactory.instance.objectNode();
            found.forEach(payload.putArray(ACKNOWLEDGED)::add);
            notSent.forEach(payload.putArray(NOT_SENT)::add);
            audit.append(connection, SIDECAR_ACTOR, "RECONCILE kit.control", payload);
            return null;
        });
        state = replay(ledger, CommandedState.initial(), CommandedState::after);
        rollout = replay(ledger, CommandedRollout.initial(), CommandedRollout::after);
    }

    private synchronized void fold(ControlCommand command) {
        state = state.after(command);
        rollout = rollout.after(command);
    }

    // The intent and the pending row commit together, before anything is sent.
    private Void writeIntent(Connection connection, Caller caller, ControlCommand command) throws SQLException {
        audit.append(connection, caller.actor(), caller.action(), intent(caller, command));
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO control_commands(id, ts, actor, type, args, outcome, detail) VALUES (?,?,?,?,?,?,NULL)")) {
            insert.setString(1, command.id());
            insert.setLong(2, command.ts());
            insert.setString(3, command.actor());
            insert.setString(4, command.type().wire());
            insert.setString(5, CanonicalJson.write(command.args()));
            insert.setString(6, PENDING);
            insert.executeUpdate();
        }
        return null;
    }

    private static Void recordOutcome(Connection connection, ControlCommand command, String outcome, String detail)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE control_commands SET outcome = ?, detail = ? WHERE id = ?")) {
            update.setString(1, outcome);
            update.setString(2, detail);
            update.setString(3, command.id());
            update.executeUpdate();
        }
        if (ACKNOWLEDGED.equals(outcome) && command.type() == ControlType.CANARY_SHARE) {
            LedgerIngest.shareChange(connection, command.ts(), "*", "operator", command.numberArg("pct").orElse(0.0), null, null);
        }
        if (ACKNOWLEDGED.equals(outcome) && (command.type() == ControlType.ROLLBACK || command.type() == ControlType.PROMOTE)) {
            LedgerIngest.shareChange(connection, command.ts(), "*", "operator", 0.0, null, null);
        }
        return null;
    }

    private static Optional<ControlCommand> pendingCommand(Connection connection, String id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, ts, actor, type, args FROM control_commands WHERE id = ? AND outcome = ?")) {
            query.setString(1, id);
            query.setString(2, PENDING);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? decode(rows) : Optional.empty();
            }
        }
    }

    private static List<String> idsWithOutcome(Ledger ledger, String outcome) {
        return ledger.transaction(connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id FROM control_commands WHERE outcome = ? ORDER BY ts, rowid")) {
                query.setString(1, outcome);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            return List.copyOf(ids);
        });
    }

    // The commanded state survives a restart: it is the fold of the acknowledged commands.
    private static <S> S replay(Ledger ledger, S initial, BiFunction<S, ControlCommand, S> after) {
        return ledger.transaction(connection -> {
            S folded = initial;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, ts, actor, type, args FROM control_commands WHERE outcome = ? ORDER BY ts, rowid")) {
                query.setString(1, ACKNOWLEDGED);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Optional<ControlCommand> command = decode(rows);
                        if (command.isPresent()) {
                            folded = after.apply(folded, command.get());
                        }
                    }
                }
            }
            return folded;
        });
    }

    // Through the same decoder as the topic's commands, so a row reads back as the job would read it.
    private static Optional<ControlCommand> decode(ResultSet row) throws SQLException {
        Optional<JsonNode> args = storedArgs(row.getString(5));
        if (args.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", row.getString(1));
        json.put("ts", row.getLong(2));
        json.put("actor", row.getString(3));
        json.put("type", row.getString(4));
        json.set("args", args.get());
        var decoded = InputDecoder.control(JsonCodec.encode(json));
        return decoded.isAccepted() ? Optional.of(decoded.value()) : Optional.empty();
    }

    /** The args column as a tree: JSON null when the column is empty, nothing when it is not JSON. */
    private static Optional<JsonNode> storedArgs(String text) {
        if (text == null) {
            return Optional.of(JsonNodeFactory.instance.nullNode());
        }
        try {
            JsonNode args = CanonicalJson.read(text);
            return args == null || args.isMissingNode() ? Optional.empty() : Optional.of(args);
        } catch (IllegalArgumentException notJson) {
            return Optional.empty();
        }
    }
}

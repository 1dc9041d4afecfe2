package io.canarykit.admin.ledger;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import io.canarykit.schema.WireEnum;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The automatic rollout's transitions as the sidecar saw them on {@code kit.gate-decisions}: a row
 * each time a decision newer than the last row shows another state, step or share. Every symbol's
 * decision carries the same rollout, so the first one to show a change records it and the others,
 * like heartbeats and a re-read of the compacted topic, change nothing.
 */
public final class RolloutEvents {

    /** The most transitions an answer carries, as the job keeps. */
    public static final int MAX_EVENTS = 200;

    /**
     * One transition.
     *
     * @param ts the time of the decision that first showed it, on the job's clock
     * @param state the state after it
     * @param step the step after it
     * @param share the share the rollout commands after it
     * @param reason why, as the job said it
     */
    public record Event(long ts, RolloutState state, int step, double share, String reason) {}

    private RolloutEvents() {}

    /**
     * Records the rollout {@code decision} shows when it is newer than the last row and differs from it
     * in state, step or share; a decision with no rollout counts as idle once a rollout was seen.
     *
     * @return the transition recorded, or empty when there was none
     */
    public static Optional<Event> observe(Connection c, GateDecision decision) throws SQLException {
        RolloutStatus rollout = decision.rollout();
        Event seen = rollout == null
                ? new Event(decision.ts(), RolloutState.IDLE, 0, 0.0, null)
                : new Event(decision.ts(), rollout.state(), rollout.step(), rollout.share(), rollout.reason());
        Optional<Event> last = last(c);
        if (last.isEmpty() ? seen.state() == RolloutState.IDLE : !changes(last.get(), seen)) {
            return Optional.empty();
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO rollout_events(ts, state, step, share, reason, symbol, decision_seq) VALUES (?,?,?,?,?,?,?)")) {
            insert.setLong(1, seen.ts());
            insert.setString(2, seen.state().wire());
            insert.setInt(3, seen.step());
            insert.setDouble(4, seen.share());
            insert.setString(5, seen.reason());
            insert.setString(6, decision.symbol());
            insert.setLong(7, decision.seq());
            insert.executeUpdate();
        }
        return Optional.of(seen);
    }

    /** The newest {@code limit} transitions, oldest first. */
    public static List<Event> recent(Connection c, int limit) throws SQLException {
        List<Event> newestFirst = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT ts, state, step, share, reason FROM rollout_events ORDER BY seq DESC LIMIT ?")) {
            q.setInt(1, limit);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    newestFirst.add(read(rows));
                }
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** Whether a transition to {@code state} was seen at or after {@code since}. */
    public static boolean shown(Connection c, RolloutState state, long since) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM rollout_events WHERE state = ? AND ts >= ? LIMIT 1")) {
            q.setString(1, state.wire());
            q.setLong(2, since);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next();
            }
        }
    }

    // Older news (a symbol that stopped sending, read again at start) never rewrites the history.
    private static boolean changes(Event last, Event seen) {
        return seen.ts() > last.ts() && (seen.state() != last.state() || seen.step() != last.step()
                || Double.compare(seen.share(), last.share()) != 0);
    }

    private static Optional<Event> last(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT ts, state, step, share, reason FROM rollout_events ORDER BY seq DESC LIMIT 1");
                ResultSet rows = q.executeQuery()) {
            return rows.next() ? Optional.of(read(rows)) : Optional.empty();
        }
    }

    private static Event read(ResultSet rows) throws SQLException {
        RolloutState state = WireEnum.byWire(RolloutState.class, rows.getString(2))
                .orElseThrow(() -> new SQLException("unknown rollout state in the ledger"));
        return new Event(rows.getLong(1), state, rows.getInt(3), rows.getDouble(4), rows.getString(5));
    }
}

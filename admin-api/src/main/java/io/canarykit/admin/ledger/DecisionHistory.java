package io.canarykit.admin.ledger;

import io.canarykit.schema.GateReason;
import io.canarykit.schema.RolloutState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every change of a symbol's mode, size multiplier or reasons, as the ledger kept them from
 * {@code kit.gate-decisions}: the runbook's "size halved (log)"; and the automatic rollout's transitions.
 */
public final class DecisionHistory {

    /** The most changes one answer carries: the newest ones, so a flapping symbol cannot make it unbounded. */
    public static final int MAX_CHANGES = 1_000;

    /** Reasons are kept as their wire names joined by this, in the decision's order. */
    private static final String REASON_SEPARATOR = ";";

    private final Ledger ledger;

    /** One change: the decision that made it, with the PSI it was taken at. */
    public record Change(long ts, long seq, String mode, double sizeMultiplier, boolean allow, List<String> reasons,
            Double psi, String modelId) {}

    /**
     * The changes since a time, oldest first; {@code known} is false when the ledger has no decision
     * of the symbol at all, and {@code truncated} true when older changes were left out.
     */
    public record Page(boolean known, List<Change> changes, boolean truncated) {}

    public DecisionHistory(Ledger ledger) {
        this.ledger = ledger;
    }

    /** The changes of {@code symbol} with {@code ts >= since}, newest last; at most {@link #MAX_CHANGES}, the newest. */
    public Page since(String symbol, long since) {
        return ledger.transaction(c -> {
            List<Change> newestFirst = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT ts, seq, mode, size_multiplier, allow, reasons, psi, model_id FROM decision_changes
                    WHERE symbol = ? AND ts >= ? ORDER BY seq DESC LIMIT ?""")) {
                q.setString(1, symbol);
                q.setLong(2, since);
                q.setInt(3, MAX_CHANGES + 1);
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        newestFirst.add(new Change(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getDouble(4),
                                rows.getInt(5) == 1, splitReasons(rows.getString(6)),
                                rows.getObject(7) == null ? null : rows.getDouble(7), rows.getString(8)));
                    }
                }
            }
            boolean truncated = newestFirst.size() > MAX_CHANGES;
            List<Change> changes = new ArrayList<>(newestFirst.subList(0, Math.min(newestFirst.size(), MAX_CHANGES)));
            Collections.reverse(changes);
            return new Page(!changes.isEmpty() || known(c, symbol), changes, truncated);
        });
    }

    /** The automatic rollout's transitions the sidecar saw, newest last: at most {@link RolloutEvents#MAX_EVENTS}, the newest. */
    public List<RolloutEvents.Event> rolloutEvents() {
        return ledger.transaction(c -> RolloutEvents.recent(c, RolloutEvents.MAX_EVENTS));
    }

    /** Whether a transition to {@code state} at or after {@code since} was seen. */
    public boolean rolloutShown(RolloutState state, long since) {
        return ledger.transaction(c -> RolloutEvents.shown(c, state, since));
    }

        /** The reasons of a decision as the ledger keeps them. */
    static String joinReasons(List<GateReason> reasons) {
        return reasons == null ? "" : reasons.stream().map(GateReason::wire).collect(Collectors.joining(REASON_SEPARATOR));
    }

    private static List<String> splitReasons(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(REASON_SEPARATOR));
    }

    private static boolean known(Connection c, String symbol) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM decision_changes WHERE symbol = ? LIMIT 1")) {
            q.setString(1, symbol);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next();
            }
        }
    }
}

package io.canarykit.admin.view;

import io.canarykit.admin.ledger.Ledger;
import io.canarykit.schema.GateReason;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The models the sidecar knows of: those in decisions and KPI records, those that traded, and those
 * with a reference profile on {@code kit.reference}.
 */
public final class ModelCatalog {

    private final StateView view;
    private final Ledger ledger;

    public ModelCatalog(StateView view, Ledger ledger) {
        this.view = view;
        this.ledger = ledger;
    }

    /** Every known model id, sorted. */
    public TreeSet<String> known() {
        TreeSet<String> models = new TreeSet<>(view.references().keySet());
        for (StateView.DecisionEntry entry : view.decisions()) {
            addIfPresent(models, entry.decision().modelId());
            addIfPresent(models, entry.decision().champion());
            addIfPresent(models, entry.decision().challenger());
        }
        for (StateView.KpiEntry entry : view.kpis().values()) {
            addIfPresent(models, entry.kpi().modelId());
            addIfPresent(models, entry.kpi().challenger() == null ? null : entry.kpi().challenger().modelId());
        }
        ledger.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT DISTINCT model_id FROM orders UNION SELECT DISTINCT model_id FROM tca");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    addIfPresent(models, rows.getString(1));
                }
            }
            return null;
        });
        return models;
    }

    public boolean knows(String modelId) {
        return known().contains(modelId);
    }

    /** The models with a reference profile on {@code kit.reference}, sorted. */
    public TreeSet<String> profiled() {
        return new TreeSet<>(view.references().keySet());
    }

    /** The models that symbols use with no reference profile: their latest decisions say {@code no_reference_profile}. */
    public TreeSet<String> inUseWithoutProfile() {
        TreeSet<String> models = new TreeSet<>();
        for (StateView.DecisionEntry entry : view.decisions()) {
            if (entry.decision().reasons().contains(GateReason.NO_REFERENCE_PROFILE)) {
                addIfPresent(models, entry.decision().modelId());
            }
        }
        return models;
    }

    /** The challenger named by the newest decision that has one. */
    public Optional<String> challenger() {
        return view.decisions().stream()
                .max(java.util.Comparator.comparingLong(e -> e.decision().ts()))
                .map(e -> e.decision().challenger());
    }

    private static void addIfPresent(TreeSet<String> models, String id) {
        if (id != null && !id.isBlank()) {
            models.add(id);
        }
    }
}

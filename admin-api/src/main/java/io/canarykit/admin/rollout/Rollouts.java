package io.canarykit.admin.rollout;

import io.canarykit.admin.control.CommandedRollout;
import io.canarykit.admin.control.ControlService;
import io.canarykit.admin.ledger.DecisionHistory;
import io.canarykit.admin.ledger.RolloutEvents;
import io.canarykit.admin.view.StateView;
import io.canarykit.schema.GateDecision;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The automatic rollout as the sidecar knows it: what it commanded, what the decisions show, what it saw happen. */
public final class Rollouts {

    private final ControlService control;
    private final StateView view;
    private final DecisionHistory history;

    public Rollouts(ControlService control, StateView view, DecisionHistory history) {
        this.control = control;
        this.view = view;
        this.history = history;
    }

    /** Where the rollout stands now. */
    public RolloutStanding standing() {
        Optional<GateDecision> newest = view.decisions().stream().map(StateView.DecisionEntry::decision)
                .max(Comparator.comparingLong(GateDecision::ts));
        return RolloutStanding.of(control.rollout(), newest.map(GateDecision::rollout).orElse(null),
                newest.map(GateDecision::ts).orElse(null), history::rolloutShown);
    }

    /** The rollout commands the sidecar sent, with the last start's plan. */
    public CommandedRollout commanded() {
        return control.rollout();
    }

    /** The transitions the sidecar saw, newest last. */
    public List<RolloutEvents.Event> history() {
        return history.rolloutEvents();
    }
}

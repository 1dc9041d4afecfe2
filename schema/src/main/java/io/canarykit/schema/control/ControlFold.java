package io.canarykit.schema.control;

import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.TextValues;
import java.util.Optional;

/**
 * The one reading of an operator command: what it changes and why it is refused. The job's control
 * state and the sidecar's commanded state each fold commands through it, so every rule stands here
 * once and each state only says how it holds the change.
 */
public final class ControlFold {

    /** The largest canary share an operator may set ({@code pct} outside [0, 0.25] is refused). */
    public static final double MAX_CANARY_SHARE = 0.25;

    private ControlFold() {}

    /**
     * How one kind of state takes each change a command can make.
     *
     * @param <S> the state
     */
    public interface Changes<S> {

        S armed(boolean armed);

        S killSwitch(boolean on);

        /** The model pinned from now on; null unpins. */
        S pinned(String modelId);

        /** The operator's canary share, in [0, {@link #MAX_CANARY_SHARE}]. */
        S canaryShare(double share);

        /** The challenger becomes the champion and the canary share drops to 0. */
        S promoted();

        /** The canary share drops to 0. */
        S rolledBack();

        S preflight(boolean passed);

        S riskReset();

        /** The state as it was: the command is accepted but is not this fold's to apply, or is refused. */
        S unchanged();
    }

    /**
     * The state after one command, and why the command was refused (null when it was accepted).
     *
     * @param state the new state; the unchanged one when the command was refused
     * @param refusal why the command was refused, or null
     * @param <S> the state
     */
    public record Folded<S>(S state, String refusal) {

        /** Whether the command was accepted. */
        public boolean accepted() {
            return refusal == null;
        }
    }

    /**
     * The state after {@code command}, given the challenger the state knows of (null when none).
     * set_limits, refresh and the rollout's commands are accepted and change nothing here: the job's
     * limits and the rollout fold them elsewhere.
     */
    public static <S> Folded<S> apply(ControlCommand command, String challenger, Changes<S> state) {
        if (command == null || command.type() == null) {
            throw new IllegalArgumentException("command and its type must not be null, got " + command);
        }
        return switch (command.type()) {
            case ARM -> accepted(state.armed(true));
            case DISARM -> accepted(state.armed(false));
            case KILL -> accepted(state.killSwitch(true));
            case UNKILL -> accepted(state.killSwitch(false));
            case PIN -> pin(command, state);
            case UNPIN -> accepted(state.pinned(null));
            case CANARY_SHARE -> canaryShare(command, state);
            case PROMOTE -> challenger == null
                    ? refused(state, "promote needs a challenger, and there is none")
                    : accepted(state.promoted());
            case ROLLBACK -> accepted(state.rolledBack());
            case PREFLIGHT -> preflight(command, state);
            case RISK_RESET -> accepted(state.riskReset());
            case SET_LIMITS, REFRESH, ROLLOUT_START, ROLLOUT_PAUSE, ROLLOUT_RESUME, ROLLOUT_ABORT ->
                    accepted(state.unchanged());
        };
    }

    private static <S> Folded<S> pin(ControlCommand command, Changes<S> state) {
        String modelId = command.arg("model_id").map(String::trim).orElse("");
        if (modelId.isEmpty()) {
            return refused(state, "pin needs a non-blank model_id");
        }
        return accepted(state.pinned(modelId));
    }

    private static <S> Folded<S> canaryShare(ControlCommand command, Changes<S> state) {
        if (command.arg("pct").isEmpty()) {
            return refused(state, "canary_share needs pct");
        }
        Double pct = command.numberArg("pct").orElse(null);
        if (pct == null) {
            return refused(state, "canary_share pct must be a finite number, got " + command.arg("pct").get());
        }
        if (pct < 0 || pct > MAX_CANARY_SHARE) {
            return refused(state, "canary_share pct must be in [0, " + MAX_CANARY_SHARE + "], got " + pct);
        }
        // 0.0 and -0.0 both mean "no canary"; keep one of them so equal states compare equal.
        return accepted(state.canaryShare(pct == 0 ? 0.0 : pct));
    }

    private static <S> Folded<S> preflight(ControlCommand command, Changes<S> state) {
        Optional<Boolean> ok = command.arg("ok").map(String::trim).flatMap(TextValues::trueOrFalse);
        return ok.isPresent()
                ? accepted(state.preflight(ok.get()))
                : refused(state, "preflight ok must be true or false, got " + command.arg("ok").orElse("nothing"));
    }

    private static <S> Folded<S> accepted(S state) {
        return new Folded<>(state, null);
    }

    private static <S> Folded<S> refused(Changes<S> state, String reason) {
        return new Folded<>(state.unchanged(), reason);
    }
}

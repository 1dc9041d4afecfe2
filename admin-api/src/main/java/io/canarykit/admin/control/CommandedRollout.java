package io.canarykit.admin.control;

import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;

/**
 * The automatic rollout as the sidecar commanded it: the plan of the last {@code rollout_start} it
 * sent, who sent it and when, and the last rollout command since (a {@code rollback} counts, as the
 * job aborts a rollout on it). The job's decisions say what took effect.
 *
 * @param plan the plan's JSON text as sent, or null before any start
 * @param startId the start command's id
 * @param startedAt when it was sent, on the sidecar's clock
 * @param startedBy who sent it
 * @param last the last rollout command sent, or null before any start
 * @param lastAt when it was sent
 */
public record CommandedRollout(String plan, String startId, Long startedAt, String startedBy, ControlType last,
        Long lastAt) {

    /** Before any start. */
    public static CommandedRollout initial() {
        return new CommandedRollout(null, null, null, null, null, null);
    }

    /** Whether a rollout was ever started through this sidecar. */
    public boolean started() {
        return plan != null;
    }

    /** The rollout after an acknowledged {@code command}; commands about anything else leave it as it is. */
    public CommandedRollout after(ControlCommand command) {
        return switch (command.type()) {
            case ROLLOUT_START -> new CommandedRollout(command.arg(ControlArgs.PLAN).orElse("{}"), command.id(),
                    command.ts(), command.actor(), ControlType.ROLLOUT_START, command.ts());
            // A rollback before any start has no rollout to abort.
            case ROLLOUT_PAUSE, ROLLOUT_RESUME, ROLLOUT_ABORT, ROLLBACK -> started()
                    ? new CommandedRollout(plan, startId, startedAt, startedBy, command.type(), command.ts()) : this;
            default -> this;
        };
    }
}

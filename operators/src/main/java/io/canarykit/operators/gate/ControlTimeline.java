package io.canarykit.operators.gate;

import io.canarykit.schema.ControlCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * Operator commands in time order, so the control state can be read as of any time: the job applies
 * a command at its own timestamp in replay (the same input always gives the same output), and on
 * arrival live ({@link #latest()}). Commands older than the watermark are folded into the base state.
 *
 * @param base the state before every held command
 * @param commands the held commands, ordered by timestamp then arrival
 */
public record ControlTimeline(ControlState base, List<ControlCommand> commands) {

    public ControlTimeline {
        if (base == null) {
            throw new IllegalArgumentException("base must not be null");
        }
        commands = List.copyOf(commands);
    }

    /** A timeline with no commands yet. */
    public static ControlTimeline startingAt(ControlState initial) {
        return new ControlTimeline(initial, List.of());
    }

    /** This timeline with {@code command} in its place; a command of an earlier time lands before later ones. */
    public ControlTimeline with(ControlCommand command) {
        List<ControlCommand> updated = new ArrayList<>(commands.size() + 1);
        int at = commands.size();
        while (at > 0 && commands.get(at - 1).ts() > command.ts()) {
            at--;
        }
        updated.addAll(commands.subList(0, at));
        updated.add(command);
        updated.addAll(commands.subList(at, commands.size()));
        return new ControlTimeline(base, updated);
    }

    /** The state after every command with {@code ts <= t}. Refused commands change nothing. */
    public ControlState asOf(long t) {
        ControlState state = base;
        for (ControlCommand c : commands) {
            if (c.ts() > t) {
                break;
            }
            state = state.apply(c).state();
        }
        return state;
    }

    /** The state after every command held, whatever its timestamp. */
    public ControlState latest() {
        return asOf(Long.MAX_VALUE);
    }

    /** Folds the commands with {@code ts <= watermark} into the base; no later read can need them apart. */
    public ControlTimeline foldUpTo(long watermark) {
        int n = 0;
        while (n < commands.size() && commands.get(n).ts() <= watermark) {
            n++;
        }
        if (n == 0) {
            return this;
        }
        return new ControlTimeline(asOf(watermark), commands.subList(n, commands.size()));
    }
}

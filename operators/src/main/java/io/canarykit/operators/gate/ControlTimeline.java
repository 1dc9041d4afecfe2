package io.canarykit.operators.gate;

import io.canarykit.operators.risk.RiskLimits;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.util.ArrayList;
import java.util.List;

/**
 * Operator commands in time order, so the control state can be read as of any time: the job applies
 * a command at its own timestamp in replay (the same input always gives the same output), and on
 * arrival live ({@link #latest()}). Commands older than the watermark are folded into the base state.
 *
 * <p>It also carries the gate limits, which the operator's {@code set_limits} command changes.
 *
 * @param base the state before every held command
 * @param baseLimits the gate limits before every held command
 * @param commands the held commands, ordered by timestamp then arrival
 */
public record ControlTimeline(ControlState base, GateLimits baseLimits, List<ControlCommand> commands) {

    /** Stands in for the account's limits, which the symbols' timeline does not hold. */
    private static final RiskLimits ANY_RISK_LIMITS = new RiskLimits(100_000, 0.01, 8, 0.25);

    public ControlTimeline {
        if (base == null || baseLimits == null) {
            throw new IllegalArgumentException("base and baseLimits must not be null");
        }
        commands = List.copyOf(commands);
    }

    /** A timeline with no commands yet, and the default limits. */
    public static ControlTimeline startingAt(ControlState initial) {
        return startingAt(initial, GateLimits.defaults());
    }

    /** A timeline with no commands yet. */
    public static ControlTimeline startingAt(ControlState initial, GateLimits limits) {
        return new ControlTimeline(initial, limits, List.of());
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
        return new ControlTimeline(base, baseLimits, updated);
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

    /** The gate limits after every {@code set_limits} with {@code ts <= t}; refused ones change nothing. */
    public GateLimits limitsAsOf(long t) {
        GateLimits limits = baseLimits;
        for (ControlCommand c : commands) {
            if (c.ts() > t) {
                break;
            }
            if (c.type() == ControlType.SET_LIMITS) {
                SetLimits.Applied applied = SetLimits.apply(c, limits, ANY_RISK_LIMITS);
                if (applied.accepted()) {
                    limits = applied.gate();
                }
            }
        }
        return limits;
    }

    /** The gate limits after every command held. */
    public GateLimits latestLimits() {
        return limitsAsOf(Long.MAX_VALUE);
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
        return new ControlTimeline(asOf(watermark), limitsAsOf(watermark), commands.subList(n, commands.size()));
    }
}

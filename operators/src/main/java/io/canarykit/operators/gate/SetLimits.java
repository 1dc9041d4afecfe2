package io.canarykit.operators.gate;

import io.canarykit.config.ConfigKey;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import io.canarykit.operators.risk.RiskLimits;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies an operator's {@code set_limits} command, whose args name config variables (e.g.
 * {@code {"MAX_TRADES_PER_DAY": "5"}}), to the settings in force: every change or none.
 *
 * <p>The values are read, range-checked and checked across variables by {@link ConfigLoader}, as at
 * load time; only the variables {@link ConfigKey#settable()} may change. {@code ENABLE_LIVE_TRADING}
 * is not one of them: real money is switched on in the configuration, beside {@code PROFILE=live},
 * never by a command.
 */
public final class SetLimits {

    /** The variables set_limits may change; a per-symbol family stands for each of its variables. */
    public static final Set<ConfigKey> SETTABLE = Collections.unmodifiableSet(Arrays.stream(ConfigKey.values())
            .filter(ConfigKey::settable)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(ConfigKey.class))));

    private SetLimits() {}

    /** The settings after {@code command}, or the unchanged settings and every reason it was refused. */
    public static Applied apply(ControlCommand command, KitConfig config) {
        if (command == null || command.type() != ControlType.SET_LIMITS) {
            throw new IllegalArgumentException("command must be a set_limits command, got " + command);
        }
        if (config == null) {
            throw new IllegalArgumentException("config is required but not provided");
        }
        if (command.args().isEmpty()) {
            return new Applied(config,
                    List.of("set_limits needs at least one variable, e.g. {\"MAX_TRADES_PER_DAY\": \"5\"}"));
        }
        ConfigLoader.Overridden overridden =
                ConfigLoader.override(config, command.args(), ConfigKey::settable, ConfigLoader.Wording.COMMAND);
        return new Applied(overridden.config(), overridden.problems());
    }

    /**
     * The settings after a set_limits command, and why it was refused.
     *
     * @param config the new settings; the old ones when refused
     * @param problems every reason for the refusal, each naming its variable; empty when accepted
     */
    public record Applied(KitConfig config, List<String> problems) {

        public Applied {
            problems = List.copyOf(problems);
        }

        /** Whether the command was accepted. */
        public boolean accepted() {
            return problems.isEmpty();
        }

        /** The problems on one line, or null when the command was accepted. */
        public String refusal() {
            return accepted() ? null : "set_limits refused: " + String.join("; ", problems);
        }

        /** The gate limits of the settings after the command. */
        public GateLimits gate() {
            return GateLimits.from(config);
        }

        /** The account's limits of the settings after the command. */
        public RiskLimits risk() {
            return RiskLimits.from(config);
        }
    }
}

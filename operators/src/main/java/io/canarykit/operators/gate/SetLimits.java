package io.canarykit.operators.gate;

import io.canarykit.config.ConfigException;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
     * Folds {@code command} into the variables set before it, over the settings the job was
     * configured with: the symbols' control timeline and the account both keep their settings this
     * way, so a command is checked against the same numbers on both sides.
     *
     * @param configured the settings the job was configured with
     * @param before the variables earlier set_limits commands set, as text
     */
    public static Folded fold(KitConfig configured, Map<String, String> before, ControlCommand command) {
        Map<String, String> kept = fitting(configured, before);
        Applied applied = apply(command, configOf(configured, kept));
        if (!applied.accepted()) {
            return new Folded(applied, before);
        }
        Map<String, String> after = new TreeMap<>(kept);
        after.putAll(command.args());
        return new Folded(applied, Map.copyOf(after));
    }

    /** The settings in force: the configured ones under the variables set so far that still fit them. */
    public static KitConfig configOf(KitConfig configured, Map<String, String> settings) {
        Map<String, String> fitting = fitting(configured, settings);
        return fitting.isEmpty() ? configured : configured.with(fitting);
    }

    /**
     * {@code settings}, or none when they no longer fit with the configured settings: only after a
     * restart with other settings, where what the job is configured with now wins.
     */
    static Map<String, String> fitting(KitConfig configured, Map<String, String> settings) {
        if (settings.isEmpty()) {
            return settings;
        }
        try {
            configured.with(settings);
            return settings;
        } catch (ConfigException clash) {
            return Map.of();
        }
    }

    /**
     * A set_limits command folded into the variables set before it.
     *
     * @param applied the settings after the command, or why it was refused
     * @param settings the variables set so far: those before it, and its own when accepted
     */
    public record Folded(Applied applied, Map<String, String> settings) {}

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

package io.canarykit.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Builds a {@link KitConfig} from defaults, {@code .env} files, the environment and flags, in that
 * precedence, and applies overrides to one ({@link KitConfig#with}, an operator's {@code set_limits}).
 * It is the one home of how a value is read, which values are allowed, and the rules across settings.
 */
public final class ConfigLoader {

    private static final String DEFAULT = "default";
    private static final String ENVIRONMENT = "environment";
    private static final String FLAG = "flag";
    private static final String REDACTED = "<redacted>";
    private static final int MAX_TYPO_DISTANCE = 2;

    /** A raw value and where it came from (null for a command, whose problems name no origin). */
    private record Setting(String value, String origin) {}

    /** How problems read: at load time naming where a value came from, or in answer to a command. */
    public enum Wording {
        /** {@code X=v (flag) is out of range; allowed: ...}, as a configuration's problems read. */
        FILE,
        /** {@code X=v is out of range (allowed: ...)}, as a refused {@code set_limits} reads. */
        COMMAND;

        String problem(String shown, String what, String allowed) {
            return this == FILE ? shown + " " + what + "; allowed: " + allowed : shown + " " + what + " (allowed: " + allowed + ")";
        }
    }

    /**
     * The settings after overrides, and why they were refused.
     *
     * @param config the new settings; the old ones when refused
     * @param problems every reason for the refusal, each naming its variable; empty when accepted
     */
    public record Overridden(KitConfig config, List<String> problems) {

        public Overridden {
            problems = List.copyOf(problems);
        }

        /** Whether every override was taken. */
        public boolean accepted() {
            return problems.isEmpty();
        }
    }

    private final Map<String, Setting> settings = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Wording wording;

    private ConfigLoader(Wording wording) {
        this.wording = wording;
    }

    /**
     * The configuration from defaults, then each of {@code envFiles} in order, then {@code env}, then
     * {@code flags}, the maps keyed by variable name (e.g. {@code MAX_TRADES_PER_DAY}).
     *
     * @throws ConfigException naming every variable, value and allowed range that is wrong, all at once
     */
    public static KitConfig load(Map<String, String> env, List<Path> envFiles, Map<String, String> flags) {
        requirePresent(env, "env");
        requirePresent(envFiles, "envFiles");
        requirePresent(flags, "flags");
        ConfigLoader loader = new ConfigLoader(Wording.FILE);
        envFiles.forEach(loader::addFile);
        new TreeMap<>(env).forEach((name, value) -> loader.add(name, value, ENVIRONMENT, false));
        new TreeMap<>(flags).forEach((name, value) -> loader.add(name, value, FLAG, true));
        return loader.resolve();
    }

    /**
     * {@code base} with {@code overrides} (variable to text) applied: each value read and checked as at
     * load time, then the rules across settings over the result. A variable that {@code changeable}
     * refuses is a problem; with any problem nothing is applied.
     */
    public static Overridden override(KitConfig base, Map<String, String> overrides,
            Predicate<ConfigKey> changeable, Wording wording) {
        requirePresent(base, "base");
        requirePresent(overrides, "overrides");
        ConfigLoader loader = new ConfigLoader(wording);
        String origin = wording == Wording.FILE ? "override" : null;
        Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            Object current = base.value(key);
            if (current != null) {
                values.put(key, key.isPerSymbol() ? new TreeMap<>(base.bySymbol(key)) : current);
            }
        }
        // In variable order, each read as it comes, so the problems list in the order of the variables.
        new TreeMap<>(overrides).forEach((name, value) -> {
            Optional<ConfigKey> key = ConfigKey.byVariable(name);
            if (key.isPresent() && !changeable.test(key.get())) {
                loader.problems.add(name + " cannot be changed by set_limits, only in the configuration at start");
                return;
            }
            loader.add(name, value, origin, true);
            Setting setting = loader.settings.get(name);
            if (key.isEmpty() || setting == null) {
                return;
            }
            loader.typed(key.get(), name, setting).ifPresent(typed -> {
                if (key.get().isPerSymbol()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Double> bySymbol = (Map<String, Double>) values.get(key.get());
                    bySymbol.put(name.substring(key.get().symbolPrefix().length()), (Double) typed);
                } else {
                    values.put(key.get(), typed);
                }
            });
        });
        if (loader.problems.isEmpty()) {
            loader.checkTogether(values);
        }
        if (!loader.problems.isEmpty()) {
            return new Overridden(base, loader.problems);
        }
        return new Overridden(new KitConfig(values), List.of());
    }

    private void addFile(Path path) {
        try {
            EnvFile file = EnvFile.read(path);
            for (EnvFile.Entry entry : file.entries()) {
                add(entry.name(), entry.value(), file.source() + " line " + entry.line(), true);
            }
        } catch (ConfigException unreadable) {
            problems.addAll(unreadable.problems());
        }
    }

    private void add(String name, String value, String origin, boolean strict) {
        Optional<ConfigKey> key = ConfigKey.byVariable(name);
        // Files and flags hold only our variables, so an unknown one is a typo; the environment
        // holds much else, so there it is ignored.
        if (key.isEmpty()) {
            if (strict) {
                problems.add(named(name, origin) + " is not a Canary Kit setting" + suggestion(name));
            }
            return;
        }
        if (value == null && origin != null) {
            problems.add(named(name, origin) + " has no value");
            return;
        }
        if (key.get().isPerSymbol()
                && !ConfigKey.isSymbolSuffix(name.substring(key.get().symbolPrefix().length()))) {
            problems.add(named(name, origin) + " needs a symbol of upper-case letters, digits and _ after "
                    + key.get().symbolPrefix());
            return;
        }
        settings.put(name, new Setting(value == null ? "" : value.strip(), origin));
    }

    private KitConfig resolve() {
        Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            if (key.isPerSymbol()) {
                values.put(key, perSymbol(key));
                continue;
            }
            Setting setting = settings.get(key.name());
            if (setting == null) {
                setting = key.defaultValue().map(text -> new Setting(text, DEFAULT)).orElse(null);
            }
            if (setting != null) {
                typed(key, key.name(), setting).ifPresent(value -> values.put(key, value));
            }
        }
        checkTogether(values);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new KitConfig(values);
    }

    private Map<String, Double> perSymbol(ConfigKey key) {
        Map<String, Double> bySymbol = new TreeMap<>();
        new TreeMap<>(settings).forEach((name, setting) -> {
            if (ConfigKey.byVariable(name).orElse(null) == key) {
                typed(key, name, setting).ifPresent(value ->
                        bySymbol.put(name.substring(key.symbolPrefix().length()), (Double) value));
            }
        });
        return bySymbol;
    }

    /** The typed value of one setting, or empty (after noting the problem) when it is not allowed. */
    private Optional<Object> typed(ConfigKey key, String name, Setting setting) {
        String text = setting.value();
        boolean secret = key.type() == ConfigKey.Type.SECRET;
        if (text.isEmpty()) {
            if (!key.type().emptyMeansUnset()) {
                problems.add(wording.problem(named(name, setting.origin()), "is empty", key.allowed()));
            }
            return Optional.empty();
        }
        String shown = named(name + "=" + (secret ? REDACTED : text), setting.origin());
        Optional<Object> value = key.type().parse(text);
        if (value.isEmpty()) {
            problems.add(wording.problem(shown, "is not " + key.type().kind(), key.allowed()));
            return Optional.empty();
        }
        Optional<String> rejection = key.rejection(value.get());
        if (rejection.isPresent()) {
            problems.add(wording.problem(shown, rejection.get(), key.allowed()));
            return Optional.empty();
        }
        return value;
    }

    /** Rules that tie keys together, checked only when both sides are valid on their own. */
    private void checkTogether(Map<ConfigKey, Object> values) {
        Object warn = values.get(ConfigKey.PSI_WARN);
        Object halt = values.get(ConfigKey.PSI_HALT);
        if (warn != null && halt != null && !CrossRules.psiInOrder((Double) warn, (Double) halt)) {
            problems.add(ConfigKey.PSI_WARN + "=" + ValueRange.plain((Double) warn) + " must not exceed "
                    + ConfigKey.PSI_HALT + "=" + ValueRange.plain((Double) halt));
        }
        Object heartbeat = values.get(ConfigKey.DECISION_HEARTBEAT_MS);
        Object ttl = values.get(ConfigKey.DECISION_TTL_MS);
        if (heartbeat != null && ttl != null && !CrossRules.heartbeatBeforeExpiry((Long) heartbeat, (Long) ttl)) {
            problems.add(ConfigKey.DECISION_HEARTBEAT_MS + "=" + heartbeat + " must be below "
                    + ConfigKey.DECISION_TTL_MS + "=" + ttl + ", or decisions expire between heartbeats");
        }
        Object profile = values.get(ConfigKey.PROFILE);
        if (Boolean.TRUE.equals(values.get(ConfigKey.ENABLE_LIVE_TRADING)) && profile == Profile.PAPER) {
            problems.add(ConfigKey.ENABLE_LIVE_TRADING + "=true requires " + ConfigKey.PROFILE + "=live, got "
                    + ConfigKey.PROFILE + "=paper");
        }
        if (profile == Profile.LIVE && values.get(ConfigKey.KIT_ADMIN_TOKEN) == null) {
            problems.add(ConfigKey.KIT_ADMIN_TOKEN + " is required when " + ConfigKey.PROFILE + "=live");
        }
    }

    private static void requirePresent(Object argument, String name) {
        if (argument == null) {
            throw new IllegalArgumentException(name + " is required but not provided.");
        }
    }

    private static String named(String text, String origin) {
        return origin == null ? text : text + " (" + origin + ")";
    }

    // A lower-case spelling of a variable gets the variable; anything else the nearest one, if near.
    private static String suggestion(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.equals(name) && ConfigKey.byVariable(upper).isPresent()) {
            return " (variables are upper-case: " + upper + ")";
        }
        String best = null;
        int bestDistance = MAX_TYPO_DISTANCE + 1;
        for (ConfigKey key : ConfigKey.values()) {
            int distance = editDistance(name, key.variable());
            if (distance < bestDistance) {
                best = key.variable();
                bestDistance = distance;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /** Levenshtein distance, for suggesting the variable a typo was meant to be. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

package io.canarykit.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds a {@link KitConfig} from defaults, {@code .env} files, the environment and flags, in that precedence. */
public final class ConfigLoader {

    private static final String DEFAULT = "default";
    private static final String ENVIRONMENT = "environment";
    private static final String FLAG = "flag";
    private static final String REDACTED = "<redacted>";
    private static final int MAX_TYPO_DISTANCE = 2;

    /** A raw value and where it came from. */
    private record Setting(String value, String origin) {}

    private final Map<String, Setting> settings = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader() {}

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
        ConfigLoader loader = new ConfigLoader();
        envFiles.forEach(loader::addFile);
        new TreeMap<>(env).forEach((name, value) -> loader.add(name, value, ENVIRONMENT, false));
        new TreeMap<>(flags).forEach((name, value) -> loader.add(name, value, FLAG, true));
        return loader.resolve();
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
                problems.add(name + " (" + origin + ") is not a Canary Kit setting" + suggestion(name));
            }
            return;
        }
        if (value == null) {
            problems.add(name + " (" + origin + ") has no value");
            return;
        }
        if (key.get().isPerSymbol()
                && !ConfigKey.isSymbolSuffix(name.substring(ConfigKey.PER_SYMBOL_PREFIX.length()))) {
            problems.add(name + " (" + origin + ") needs a symbol of upper-case letters, digits and _ after "
                    + ConfigKey.PER_SYMBOL_PREFIX);
            return;
        }
        settings.put(name, new Setting(value.strip(), origin));
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
        return KitConfig.fromValues(values);
    }

    private Map<String, Double> perSymbol(ConfigKey key) {
        Map<String, Double> bySymbol = new TreeMap<>();
        new TreeMap<>(settings).forEach((name, setting) -> {
            if (ConfigKey.byVariable(name).orElse(null) == key) {
                typed(key, name, setting).ifPresent(value ->
                        bySymbol.put(name.substring(ConfigKey.PER_SYMBOL_PREFIX.length()), (Double) value));
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
                problems.add(name + " (" + setting.origin() + ") is empty; allowed: " + key.allowed());
            }
            return Optional.empty();
        }
        String shown = name + "=" + (secret ? REDACTED : text) + " (" + setting.origin() + ")";
        Optional<Object> value = key.type().parse(text);
        if (value.isEmpty()) {
            problems.add(shown + " is not " + key.type().kind() + "; allowed: " + key.allowed());
            return Optional.empty();
        }
        Optional<String> rejection = key.rejection(value.get());
        if (rejection.isPresent()) {
            problems.add(shown + " " + rejection.get() + "; allowed: " + key.allowed());
            return Optional.empty();
        }
        return value;
    }

    /** Rules that tie keys together, checked only when both sides are valid on their own. */
    private void checkTogether(Map<ConfigKey, Object> values) {
        Object warn = values.get(ConfigKey.PSI_WARN);
        Object halt = values.get(ConfigKey.PSI_HALT);
        if (warn != null && halt != null && (Double) warn > (Double) halt) {
            problems.add(ConfigKey.PSI_WARN + "=" + ValueRange.plain((Double) warn) + " must not exceed "
                    + ConfigKey.PSI_HALT + "=" + ValueRange.plain((Double) halt));
        }
        Object heartbeat = values.get(ConfigKey.DECISION_HEARTBEAT_MS);
        Object ttl = values.get(ConfigKey.DECISION_TTL_MS);
        if (heartbeat != null && ttl != null && (Long) heartbeat >= (Long) ttl) {
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

    private static String suggestion(String name) {
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

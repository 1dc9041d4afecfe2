package io.canarykit.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job's command-line flags, {@code --name value} or {@code --name=value}; a flag may repeat.
 * Unknown flags are errors, so a typo never passes silently.
 */
final class JobArgs {

    private final Map<String, List<String>> values;

    private JobArgs(Map<String, List<String>> values) {
        this.values = values;
    }

    static JobArgs parse(String[] args, Set<String> known) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                problems.add("unexpected argument '" + arg + "' (flags look like --name value)");
                continue;
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    problems.add("--" + name + " needs a value");
                    continue;
                }
                value = args[++i];
            }
            if (!known.contains(name)) {
                problems.add("unknown flag --" + name + "; known flags: --" + String.join(", --", known));
                continue;
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new JobArgs(values);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    String get(String name, String fallback) {
        List<String> v = all(name);
        return v.isEmpty() ? fallback : v.get(v.size() - 1);
    }

    long getLong(String name, long fallback) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }
}

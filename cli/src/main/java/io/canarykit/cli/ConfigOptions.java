package io.canarykit.cli;

import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The configuration options every command shares: {@code .env} files and {@code --set KEY=VALUE}
 * flags, over the environment and the defaults (see docs/configuration.md for the precedence).
 */
public final class ConfigOptions {

    /** Read when no {@code --env-file} is given and it exists. */
    static final Path DEFAULT_ENV_FILE = Path.of(".env");

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "A .env file of settings; repeat for several, later wins. Default: ./.env if present.")
    private List<Path> envFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "One setting, over files and environment, e.g. --set MAX_TRADES_PER_DAY=5.")
    private Map<String, String> flags = new LinkedHashMap<>();

    /** The effective configuration; a {@code ConfigException} names every bad setting. */
    public KitConfig load() {
        return ConfigLoader.load(System.getenv(), files(), flags);
    }

    /**
     * The effective configuration with {@code defaults} under the environment and the flags, and
     * {@code forced} over everything.
     */
    public KitConfig load(Map<String, String> defaults, Map<String, String> forced) {
        Map<String, String> env = System.getenv();
        Map<String, String> merged = new LinkedHashMap<>();
        defaults.forEach((key, value) -> {
            if (!env.containsKey(key)) {
                merged.put(key, value);
            }
        });
        merged.putAll(flags);
        merged.putAll(forced);
        return ConfigLoader.load(env, files(), merged);
    }

    /** The .env files in the order they are read. */
    List<Path> files() {
        if (!envFiles.isEmpty()) {
            return List.copyOf(envFiles);
        }
        return Files.isRegularFile(DEFAULT_ENV_FILE) ? List.of(DEFAULT_ENV_FILE) : List.of();
    }
}

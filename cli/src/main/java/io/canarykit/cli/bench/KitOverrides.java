package io.canarykit.cli.bench;

import io.canarykit.config.ConfigLoader;
import io.canarykit.config.ConfigKey;
import io.canarykit.config.KitConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The user's settings with a few forced over them, checked again by {@link ConfigLoader}. */
final class KitOverrides {

    private KitOverrides() {}

    /**
     * {@code base} with each of {@code forced} (keyed by variable name, e.g. {@code KAFKA_BOOTSTRAP})
     * set over it; every other setting, the admin token included, stays as the user gave it.
     */
    static KitConfig over(KitConfig base, Map<String, String> forced) {
        Map<String, String> settings = new LinkedHashMap<>();
        // describe() writes every setting as a .env line, so the loader reads back what it wrote.
        for (String line : base.describe().split("\n")) {
            int eq = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                settings.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        if (base.hasAdminToken()) {
            // The description hides the token; the bench's own calls still need it.
            settings.put(ConfigKey.KIT_ADMIN_TOKEN.variable(), base.kitAdminToken());
        }
        settings.putAll(forced);
        return ConfigLoader.load(Map.of(), List.of(), settings);
    }
}

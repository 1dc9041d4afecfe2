package io.canarykit.cli.demo;

import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The settings `kit demo` gives its parts, for a demo started in a test on its own ports and directory. */
final class DemoTestConfig {

    private DemoTestConfig() {}

    /** The demo's desk limits for {@code symbolCount} symbols, its broker and its database. */
    static KitConfig of(DemoPorts ports, Path dataDir, int symbolCount) {
        Map<String, String> settings = new HashMap<>(Demo.deskLimits(symbolCount));
        settings.put("KAFKA_BOOTSTRAP", Demo.bootstrap(ports));
        settings.put("KIT_DB_URL", Demo.dbUrl(dataDir));
        return ConfigLoader.load(Map.of(), List.of(), settings);
    }
}

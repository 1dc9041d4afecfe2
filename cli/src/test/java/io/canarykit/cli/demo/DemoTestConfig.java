package io.canarykit.cli.demo;

import io.canarykit.cli.demo.desk.Scenarios;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The settings `kit demo` gives its parts, and a demo started with them, for tests on their own ports and directory. */
final class DemoTestConfig {

    private DemoTestConfig() {}

    /** The demo's desk limits for {@code symbolCount} symbols, its broker and its database. */
    static KitConfig of(DemoPorts ports, Path dataDir, int symbolCount) {
        Map<String, String> settings = new HashMap<>(Demo.deskLimits(symbolCount));
        settings.put("KAFKA_BOOTSTRAP", Demo.bootstrap(ports));
        settings.put("KIT_DB_URL", Demo.dbUrl(dataDir));
        return ConfigLoader.load(Map.of(), List.of(), settings);
    }

    /** A demo on free ports in {@code dataDir}, its desk playing {@code scenario} {@code speed} times faster, started. */
    static Demo startPlaying(Path dataDir, List<String> symbols, String scenario, double speed, Consumer<String> narrator)
            throws Exception {
        DemoPorts ports = DemoPorts.free();
        KitConfig config = of(ports, dataDir, symbols.size());
        return new Demo(dataDir, ports, config, symbols, 48)
                .playing(Scenarios.named(scenario, config, symbols).faster(speed), narrator)
                .start();
    }
}

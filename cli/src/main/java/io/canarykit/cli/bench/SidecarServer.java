package io.canarykit.cli.bench;

import io.canarykit.admin.Sidecar;
import io.canarykit.admin.SidecarOptions;
import io.canarykit.config.ConfigKey;
import io.canarykit.config.KitConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The admin sidecar as the bench runs it: in this process, on a free loopback port, its database in
 * the scratch directory, its per-request log off.
 */
final class SidecarServer {

    /** The sidecar's request log (see {@code Routes}), off while the bench loads it. */
    static final String REQUEST_LOG = "io.canarykit.admin.http.Requests";

    private SidecarServer() {}

    /** The run's configuration with the sidecar's broker and database replaced. */
    static KitConfig config(BenchContext ctx, String bootstrap, Path database) {
        return KitOverrides.over(ctx.kit(), Map.of(
                ConfigKey.KAFKA_BOOTSTRAP.variable(), bootstrap,
                ConfigKey.KIT_DB_URL.variable(), "jdbc:sqlite:" + database));
    }

    /** Assembles the sidecar and opens its port; closed at the end of the run at the latest. */
    static Sidecar start(BenchContext ctx, KitConfig config) {
        // One log line per request would flood the bench's stderr with tens of thousands of lines.
        Configurator.setLevel(REQUEST_LOG, Level.WARN);
        Sidecar sidecar = Sidecar.assemble(config, new SidecarOptions("127.0.0.1", 0, null, System::currentTimeMillis));
        ctx.closeAtEnd(sidecar);
        return sidecar.serve();
    }

    /** The sidecar's base URL, e.g. {@code http://127.0.0.1:41234}. */
    static String base(Sidecar sidecar) {
        return "http://127.0.0.1:" + sidecar.app().port();
    }
}

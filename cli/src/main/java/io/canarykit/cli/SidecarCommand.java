package io.canarykit.cli;

import io.canarykit.admin.Sidecar;
import io.canarykit.admin.SidecarOptions;
import io.canarykit.config.KitConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kit sidecar}: the admin sidecar, serving {@code /api/kit}, the live page and metrics. */
@Command(
        name = "sidecar",
        mixinStandardHelpOptions = true,
        header = "Run the admin sidecar: /api/kit, the live page at /, /metrics and /health.",
        description = {
            "Consumes kit.gate-decisions, kit.kpis, kit.tca and kit.orders into its view and its SQLite ledger, "
                    + "and sends operator commands to kit.control. Settings come from the environment, --env-file "
                    + "and --set (KAFKA_BOOTSTRAP, KIT_DB_URL, KIT_ADMIN_TOKEN, PROFILE, ...). Under PROFILE=live it will not start "
                    + "without KIT_ADMIN_TOKEN. Stop it with Ctrl-C."
        })
public final class SidecarCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "8000")
    private int port;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}); 0.0.0.0 exposes it to the network.",
            defaultValue = SidecarOptions.DEFAULT_BIND)
    private String bind;

    @Mixin
    private ConfigOptions settings;

    @Option(names = "--flink-rest-url", paramLabel = "URL",
            description = "Flink REST API used by preflight to see the job running (default: $FLINK_REST_URL; "
                    + "unset means decision heartbeats fresher than 10 s).")
    private String flinkRestUrl;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        KitConfig config = settings.load();
        String flink = flinkRestUrl != null ? flinkRestUrl : System.getenv("FLINK_REST_URL");
        long started = System.nanoTime();
        Sidecar sidecar = Sidecar.assemble(config, new SidecarOptions(bind, port, flink, System::currentTimeMillis)).serve();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sidecar.close();
            stopped.countDown();
        }, "kit-sidecar-shutdown"));
        var out = spec.commandLine().getOut();
        out.printf("kit sidecar: http://%s:%d/ (profile %s, Kafka %s, database %s)%n", bind, sidecar.app().port(),
                config.profile().wire(), config.kafkaBootstrap(), config.kitDbUrl());
        out.flush();
        if (sidecar.awaitRehydrated(Duration.ofSeconds(30))) {
            out.printf("kit sidecar: ready in %d ms (rehydrated in %d ms)%n", (System.nanoTime() - started) / 1_000_000,
                    sidecar.view().rehydrateMillis().orElse(-1L));
        } else {
            out.println("kit sidecar: still rehydrating after 30 s; serving what it has");
        }
        out.flush();
        stopped.await();
        return 0;
    }
}

package io.canarykit.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.canarykit.cli.observability.PrometheusServer;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kit cluster}: a real Flink session cluster and Kafka broker on this machine. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        header = "Run a Flink 2.2 session cluster and a Kafka broker on this machine, and the gating job on it.",
        description = {
            "One JobManager, one TaskManager (from deploy/local/config.yaml) and one KRaft Kafka broker, each "
                    + "its own JVM with its log and PID file under ./data/cluster/."
        },
        subcommands = {
            ClusterCommand.Up.class,
            ClusterCommand.Submit.class,
            ClusterCommand.Status.class,
            ClusterCommand.Down.class,
            ClusterCommand.TaskManager.class
        })
public final class ClusterCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options every subcommand shares. */
    static class Where {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data/cluster",
                description = "Where the cluster keeps its configuration, logs, PIDs and state (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0",
                description = "Add N to every port (REST 8081, Kafka 9092, ...), the same for every subcommand "
                        + "(default: ${DEFAULT-VALUE}).")
        int portOffset;

        LocalCluster cluster() {
            Path root = projectRoot();
            return new LocalCluster(dir, root.resolve("deploy/local/config.yaml"),
                    root.resolve("cli/src/main/jvm/java17.args"), ClusterPorts.defaults().shifted(portOffset));
        }

        FlinkRest rest() {
            return new FlinkRest(cluster().restUrl());
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, header = "Start the broker, the JobManager and a TaskManager.")
    static final class Up implements Callable<Integer> {
        @Option(names = "--timeout", defaultValue = "90", description = "Seconds to wait for the cluster (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Option(names = "--no-prometheus",
                description = "Leave Prometheus out; otherwise the prometheus on the PATH runs with the project's rules.")
        boolean noPrometheus;

        @picocli.CommandLine.Mixin
        Where where = new Where();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LocalCluster cluster = where.cluster();
            Optional<java.nio.file.Path> prometheus = noPrometheus ? Optional.empty() : PrometheusServer.findBinary();
            prometheus.ifPresent(cluster::withPrometheus);
            long start = System.nanoTime();
            cluster.start();
            cluster.awaitReady(Duration.ofSeconds(timeoutSeconds), new FlinkRest(cluster.restUrl()));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("kit cluster: up in %.1f s; Flink %s, Kafka %s%n", (System.nanoTime() - start) / 1e9,
                    cluster.restUrl(), cluster.kafkaBootstrap());
            out.println(prometheus.isPresent()
                    ? "  Prometheus " + cluster.prometheusUrl() + "/alerts (the project's rules; scrapes both reporters every "
                            + LocalCluster.SCRAPE_INTERVAL.toSeconds() + " s)"
                    : "  Prometheus not started: " + (noPrometheus ? "--no-prometheus"
                            : "no prometheus on the PATH; " + PrometheusServer.howToInstall()));
            cluster.describeProcesses().forEach(line -> out.println("  " + line));
            out.flush();
            return 0;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            header = "Upload the shaded job jar through REST and run it.",
            description = "Job flags after -- replace the defaults (the sample profiles of deploy/compose/reference).")
    static final class Submit implements Callable<Integer> {
        @Option(names = "--jar", paramLabel = "JAR", description = "The job jar (default: jobs/target/jobs-*-job.jar).")
        Path jar;

        @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Restore the job's state from this savepoint.")
        String savepoint;

        @Option(names = "--allow-non-restored-state",
                description = "With --from-savepoint: leave behind state that no operator of this version claims"
                        + " (an upgrade across a change of operator ids; see docs/deploy.md).")
        boolean allowNonRestoredState;

        @Option(names = "--parallelism", paramLabel = "N",
                description = "Tasks per operator (default: 2, the local TaskManager's slots).", defaultValue = "2")
        int parallelism;

        @Parameters(paramLabel = "JOB_FLAG", description = "Flags for the gating job (see docs/deploy.md).")
        List<String> jobFlags = new ArrayList<>();

        @picocli.CommandLine.Mixin
        Where where = new Where();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LocalCluster cluster = where.cluster();
            FlinkRest rest = new FlinkRest(cluster.restUrl());
            Path job = jar != null ? jar : shadedJar();
            List<String> flags = new ArrayList<>(List.of("--set", "KAFKA_BOOTSTRAP=" + cluster.kafkaBootstrap()));
            if (jobFlags.isEmpty()) {
                flags.addAll(List.of("--reference", projectRoot().resolve("deploy/compose/reference").toString(),
                        "--champion", "champion-v1", "--challenger", "challenger-v2"));
            } else {
                flags.addAll(jobFlags);
            }
            if (parallelism < 1) {
                throw new ParameterException(spec.commandLine(), "--parallelism must be at least 1, got " + parallelism);
            }
            if (allowNonRestoredState && savepoint == null) {
                throw new ParameterException(spec.commandLine(), "--allow-non-restored-state needs --from-savepoint");
            }
            String jobId = rest.run(rest.upload(job), flags, savepoint, parallelism, allowNonRestoredState);
            spec.commandLine().getOut().printf("kit cluster: submitted %s as job %s%s%n", job.getFileName(), jobId,
                    savepoint == null ? "" : " from " + savepoint);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            header = "Print the job's state, its last checkpoint and the TaskManagers; non-zero when no job runs.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Where where = new Where();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LocalCluster cluster = where.cluster();
            FlinkRest rest = new FlinkRest(cluster.restUrl());
            PrintWriter out = spec.commandLine().getOut();
            cluster.describeProcesses().forEach(out::println);
            if (rest.taskManagerCount() == 0 && cluster.running(LocalCluster.JOB_MANAGER).isEmpty()) {
                out.println("job: none (the cluster is down)");
                out.flush();
                return 3;
            }
            List<String> tms = rest.taskManagers();
            out.println("taskmanagers: " + tms.size());
            tms.forEach(line -> out.println("  " + line));
            Optional<JsonNode> job = rest.currentJob();
            if (job.isEmpty()) {
                out.println("job: none");
                out.flush();
                return 3;
            }
            String id = job.get().path("jid").asText();
            out.printf("job: %s %s%n", id, job.get().path("state").asText());
            Optional<JsonNode> checkpoint = rest.lastCheckpoint(id);
            out.println("last checkpoint: " + checkpoint
                    .map(c -> "#" + c.path("id").asLong() + " at "
                            + Instant.ofEpochMilli(c.path("latest_ack_timestamp").asLong()) + " " + c.path("external_path").asText())
                    .orElse("none yet"));
            rest.restoredFrom(id).ifPresent(r -> out.println("restored from: "
                    + (r.path("is_savepoint").asBoolean() ? "savepoint " : "checkpoint #" + r.path("id").asLong() + " ")
                    + r.path("external_path").asText()));
            out.flush();
            return job.get().path("state").asText().equals("RUNNING") ? 0 : 4;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            header = "Stop the processes that `up` started, by their PIDs; --savepoint stops the job with one first.")
    static final class Down implements Callable<Integer> {
        @Option(names = "--savepoint", description = "Stop the running job with a savepoint and print its path.")
        boolean savepoint;

        @picocli.CommandLine.Mixin
        Where where = new Where();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LocalCluster cluster = where.cluster();
            PrintWriter out = spec.commandLine().getOut();
            if (savepoint) {
                FlinkRest rest = new FlinkRest(cluster.restUrl());
                Optional<JsonNode> job = rest.currentJob();
                if (job.isPresent()) {
                    String path = rest.stopWithSavepoint(job.get().path("jid").asText(), cluster.savepointDir(),
                            Duration.ofMinutes(2));
                    out.println("savepoint: " + path);
                } else {
                    out.println("no job runs; no savepoint taken");
                }
            }
            List<String> stopped = cluster.stop();
            out.println("kit cluster: stopped " + (stopped.isEmpty() ? "nothing (none was running)" : String.join(", ", stopped)));
            out.flush();
            return 0;
        }
    }

    @Command(name = "tm", mixinStandardHelpOptions = true, header = "Failure drills: `tm kill` SIGKILLs the TaskManager, `tm start` starts one.")
    static final class TaskManager implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "kill|start")
        String action;

        @picocli.CommandLine.Mixin
        Where where = new Where();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LocalCluster cluster = where.cluster();
            PrintWriter out = spec.commandLine().getOut();
            switch (action) {
                case "kill" -> out.println(cluster.killTaskManager() ? "taskmanager killed (SIGKILL)" : "no taskmanager runs");
                case "start" -> {
                    cluster.startTaskManager();
                    out.println("taskmanager started");
                }
                default -> throw new IllegalArgumentException("tm takes kill or start, got '" + action + "'");
            }
            out.flush();
            return 0;
        }
    }

    /** The checkout the kit runs from: three levels above cli/target/kit.jar, else the working directory. */
    static Path projectRoot() {
        try {
            Path code = Path.of(ClusterCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("deploy/local/config.yaml"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | SecurityException ignored) {
            // Fall back to the working directory.
        }
        return Path.of("").toAbsolutePath();
    }

    private static Path shadedJar() throws IOException {
        Path target = projectRoot().resolve("jobs/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("jobs-.*-job\\.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no shaded job jar in " + target + "; build with ./kit build"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no " + target + "; build with ./kit build", e);
        }
    }
}

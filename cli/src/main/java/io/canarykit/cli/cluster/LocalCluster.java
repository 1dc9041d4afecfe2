package io.canarykit.cli.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.canarykit.cli.demo.broker.KraftServerProperties;
import io.canarykit.cli.observability.PrometheusServer;
import io.canarykit.jobs.StateBackendConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A Flink session cluster and a Kafka broker on this machine, as three JVMs started from the kit's
 * own classpath, each with its log and PID file under the cluster directory.
 */
public final class LocalCluster {

    static final String JOB_MANAGER = "jobmanager";
    static final String TASK_MANAGER = "taskmanager";
    static final String KAFKA = "kafka";
    static final String PROMETHEUS = "prometheus";
    /** How often the cluster's Prometheus scrapes the reporters and evaluates the rules. */
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(5);

    private static final String JM_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String KAFKA_MAIN = "kafka.Kafka";
    /** How much of a dead process's output a failure quotes. */
    private static final int LAST_LINES = 20;
    private static final String RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";
    /** Flink's config.yaml is flat: one dotted key per setting, in the template's order. */
    private static final TypeReference<LinkedHashMap<String, Object>> FLINK_CONFIG = new TypeReference<>() {};
    private static final YAMLMapper FLINK_YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private final Path dir;
    private final Path configTemplate;
    private final Path javaArgs;
    private final ClusterPorts ports;

    /**
     * @param dir where the cluster keeps its configuration, logs, PID files and state
     * @param configTemplate the Flink config.yaml to start from (deploy/local/config.yaml)
     * @param javaArgs the file of Java 17 --add-opens flags every JVM gets
     * @param ports the ports to use
     */
    private Path prometheusBinary;

    public LocalCluster(Path dir, Path configTemplate, Path javaArgs, ClusterPorts ports) {
        this.dir = dir.toAbsolutePath();
        this.configTemplate = configTemplate;
        this.javaArgs = javaArgs.toAbsolutePath();
        this.ports = ports;
    }

    public Path dir() {
        return dir;
    }

    public String restUrl() {
        return "http://127.0.0.1:" + ports.rest();
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + ports.kafka();
    }

    public Path savepointDir() {
        return dir.resolve("savepoints");
    }

    /**
     * Runs a Prometheus from {@code binary} with the cluster (before {@link #start()}): the project's
     * rules, scraping the JobManager's and the TaskManager's reporters.
     */
    public LocalCluster withPrometheus(Path binary) {
        this.prometheusBinary = binary;
        return this;
    }

    /** The cluster's Prometheus, e.g. {@code http://127.0.0.1:9090}. */
    public String prometheusUrl() {
        return prometheus(prometheusBinary == null ? Path.of("prometheus") : prometheusBinary).url();
    }

    private PrometheusServer prometheus(Path binary) {
        return new PrometheusServer(binary, dir.resolve(PROMETHEUS), ports.prometheus(), SCRAPE_INTERVAL, List.of(
                new PrometheusServer.Target("flink-jobmanager", "127.0.0.1:" + ports.jobManagerMetrics(), "/metrics"),
                new PrometheusServer.Target("flink-taskmanager", "127.0.0.1:" + ports.taskManagerMetrics(), "/metrics")));
    }

    /** Writes the configuration and starts the broker, the JobManager, the TaskManager and Prometheus that are not running. */
    public void start() throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("conf"));
        writeFlinkConfig();
        writeLog4jConfig();
        Files.deleteIfExists(taskManagerFlagsFile());
        requirePortsFree();
        if (pidOf(KAFKA).isEmpty()) {
            startKafka();
        }
        if (pidOf(JOB_MANAGER).isEmpty()) {
            List<String> cmd = java("jobmanager", "-Xmx512m");
            cmd.addAll(memoryFlags("GET_JM_RESOURCE_PARAMS").get(0));
            cmd.add(JM_MAIN);
            cmd.addAll(List.of("--configDir", dir.resolve("conf").toString()));
            cmd.addAll(List.of("-D", "metrics.reporter.prom.port=" + ports.jobManagerMetrics()));
            launch(JOB_MANAGER, cmd);
        }
        if (pidOf(TASK_MANAGER).isEmpty()) {
            startTaskManager();
        }
        if (prometheusBinary != null && pidOf(PROMETHEUS).isEmpty()) {
            launch(PROMETHEUS, prometheus(prometheusBinary).prepare());
        }
    }

    /** Starts a TaskManager when none runs. */
    public void startTaskManager() throws IOException, InterruptedException {
        List<List<String>> computed = taskManagerFlags();
        List<String> jvm = computed.get(0);
        List<String> settings = computed.get(1);
        List<String> cmd = java("taskmanager");
        cmd.addAll(jvm);
        cmd.add(TM_MAIN);
        cmd.addAll(List.of("--configDir", dir.resolve("conf").toString()));
        cmd.addAll(settings);
        cmd.addAll(List.of("-D", "metrics.reporter.prom.port=" + ports.taskManagerMetrics()));
        launch(TASK_MANAGER, cmd);
    }

    /**
     * Refuses to start when a port of a process still to be started is taken: another program on
     * 8081 would answer in our JobManager's place, and our process would die on its own.
     */
    void requirePortsFree() {
        Map<String, Integer> needed = new LinkedHashMap<>();
        if (pidOf(KAFKA).isEmpty()) {
            needed.put("Kafka", ports.kafka());
            needed.put("the Kafka controller", ports.kafkaController());
        }
        if (pidOf(JOB_MANAGER).isEmpty()) {
            needed.put("the Flink REST API", ports.rest());
            needed.put("the JobManager RPC", ports.jobManagerRpc());
            needed.put("the blob server", ports.blob());
            needed.put("the JobManager's metrics", ports.jobManagerMetrics());
        }
        if (pidOf(TASK_MANAGER).isEmpty()) {
            needed.put("the TaskManager RPC", ports.taskManagerRpc());
            needed.put("the TaskManager's metrics", ports.taskManagerMetrics());
        }
        if (prometheusBinary != null && pidOf(PROMETHEUS).isEmpty()) {
            needed.put("Prometheus", ports.prometheus());
        }
        List<String> taken = new ArrayList<>();
        needed.forEach((what, port) -> {
            if (!isFree(port)) {
                taken.add(port + " (" + what + ")");
            }
        });
        if (!taken.isEmpty()) {
            throw new IllegalStateException("port" + (taken.size() > 1 ? "s " : " ") + String.join(", ", taken)
                    + (taken.size() > 1 ? " are" : " is") + " in use by another program; stop it, or move the whole"
                    + " cluster with --port-offset N");
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /**
     * Waits until the cluster reports a TaskManager with free or used slots and the broker answers;
     * fails at once, naming its log, when a process this cluster started has died.
     */
    public void awaitReady(Duration timeout, FlinkRest rest) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean flink = false;
        boolean kafka = false;
        while (System.nanoTime() < deadline && !(flink && kafka)) {
            for (String name : List.of(KAFKA, JOB_MANAGER, TASK_MANAGER)) {
                if (running(name).isEmpty()) {
                    throw new IllegalStateException("the " + name + " process has stopped; see " + log(name)
                            + " and " + dir.resolve(name + ".out") + lastLines(name));
                }
            }
            flink = flink || rest.taskManagerCount() > 0;
            kafka = kafka || brokerAnswers();
            if (!(flink && kafka)) {
                Thread.sleep(250);
            }
        }
        if (!flink || !kafka) {
            throw new IllegalStateException("the cluster is not ready after " + timeout.toSeconds() + " s ("
                    + (flink ? "" : "no TaskManager; ") + (kafka ? "" : "the broker does not answer; ")
                    + "logs in " + dir + ")");
        }
    }

    /** SIGKILLs the TaskManager, as a crash would; true when one ran. */
    public boolean killTaskManager() throws InterruptedException {
        Optional<ProcessHandle> tm = running(TASK_MANAGER);
        if (tm.isEmpty()) {
            return false;
        }
        tm.get().destroyForcibly();
        tm.get().onExit().orTimeout(10, TimeUnit.SECONDS).join();
        deletePid(TASK_MANAGER);
        return true;
    }

    /** Stops the processes this cluster started, by their PID files, TaskManager first; returns their names. */
    public List<String> stop() {
        List<String> stopped = new ArrayList<>();
        for (String name : List.of(PROMETHEUS, TASK_MANAGER, JOB_MANAGER, KAFKA)) {
            running(name).ifPresent(p -> {
                p.destroy();
                try {
                    p.onExit().get(20, TimeUnit.SECONDS);
                } catch (Exception slow) {
                    p.destroyForcibly();
                    p.onExit().join();
                }
                stopped.add(name);
            });
            deletePid(name);
        }
        return stopped;
    }

    /** The live process behind a PID file, checked to be the program this cluster starts under that name. */
    public Optional<ProcessHandle> running(String name) {
        // The marker comes first on the command line, which Linux may cut short after a long classpath.
        return pidOf(name).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).filter(p -> p.info().commandLine()
                .map(line -> line.contains(marker(name)))
                .orElse(true));
    }

    /** The PIDs of the running processes, by name. */
    public List<String> describeProcesses() {
        List<String> lines = new ArrayList<>();
        for (String name : List.of(KAFKA, JOB_MANAGER, TASK_MANAGER, PROMETHEUS)) {
            Optional<ProcessHandle> process = running(name);
            if (process.isEmpty() && name.equals(PROMETHEUS) && prometheusBinary == null) {
                continue;
            }
            lines.add(process.map(p -> name + " pid " + p.pid() + ", log " + log(name))
                    .orElse(name + " not running"));
        }
        return lines;
    }

    /** The end of a process's output and log, so a failure explains itself where the logs are gone. */
    String lastLines(String name) {
        StringBuilder text = new StringBuilder();
        for (Path file : List.of(dir.resolve(name + ".out"), log(name))) {
            List<String> lines;
            try {
                lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            } catch (IOException | UncheckedIOException e) {
                lines = List.of("(unreadable: " + e.getMessage() + ")");
            }
            if (!lines.isEmpty()) {
                text.append(System.lineSeparator()).append("--- the end of ").append(file.getFileName()).append(':');
                lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size())
                        .forEach(line -> text.append(System.lineSeparator()).append(line));
            }
        }
        return text.toString();
    }

    Path log(String name) {
        // Prometheus writes no log file of its own; its output is kept as it runs.
        return dir.resolve(name + (name.equals(PROMETHEUS) ? ".out" : ".log"));
    }

    private Optional<Long> pidOf(String name) {
        Path file = dir.resolve(name + ".pid");
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void deletePid(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name + ".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A system property naming the cluster directory and the role, by which its processes are recognised. */
    private String marker(String name) {
        if (name.equals(PROMETHEUS)) {
            // Prometheus takes no -D flags; its configuration's path tells it from another one.
            return "--config.file=" + dir.resolve(PROMETHEUS).resolve("prometheus.yml");
        }
        return "-Dkit.cluster.process=" + dir.resolve(name);
    }

    private void startKafka() throws IOException, InterruptedException {
        Path kafkaDir = dir.resolve("kafka");
        Path props = kafkaDir.resolve("server.properties");
        Path logs = kafkaDir.resolve("data");
        Files.createDirectories(kafkaDir);
        String controller = "127.0.0.1:" + ports.kafkaController();
        KraftServerProperties.singleNode("127.0.0.1", ports.kafka(), ports.kafkaController(), logs)
                .with("advertised.listeners", "PLAINTEXT://" + kafkaBootstrap() + ",CONTROLLER://" + controller)
                .writeTo(props);
        if (!Files.isDirectory(logs)) {
            List<String> format = new ArrayList<>(List.of("kafka.tools.StorageTool"));
            format.addAll(KraftServerProperties.storageFormatArgs(props));
            runToEnd(java("kafka-storage", format.toArray(String[]::new)));
        }
        List<String> cmd = java(KAFKA, "-Xmx512m", KAFKA_MAIN, props.toString());
        launch(KAFKA, cmd);
    }

    private boolean brokerAnswers() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        try (Admin admin = Admin.create(p)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    /**
     * The TaskManager's memory flags, computed once per {@link #start()} and kept, since computing
     * them takes a JVM of its own and a replacement TaskManager should start as fast as it can.
     */
    private List<List<String>> taskManagerFlags() throws IOException, InterruptedException {
        Path file = taskManagerFlagsFile();
        if (Files.isRegularFile(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() == 2) {
                return List.of(List.of(lines.get(0).split("\t")), List.of(lines.get(1).split("\t")));
            }
        }
        List<List<String>> computed = memoryFlags("GET_TM_RESOURCE_PARAMS");
        Files.write(file, List.of(String.join("\t", computed.get(0)), String.join("\t", computed.get(1))),
                StandardCharsets.UTF_8);
        return computed;
    }

    private Path taskManagerFlagsFile() {
        return dir.resolve("conf").resolve("taskmanager.flags");
    }

    /** The JVM flags and the -D settings that Flink's scripts would compute, in that order. */
    private List<List<String>> memoryFlags(String command) throws IOException, InterruptedException {
        String out = runToEnd(java("memory", "org.apache.flink.runtime.util.bash.BashJavaUtils", command,
                "--configDir", dir.resolve("conf").toString()));
        List<String> results = out.lines().filter(l -> l.startsWith(RESULT))
                .map(l -> l.substring(RESULT.length()).trim()).toList();
        if (results.size() < 2) {
            throw new IllegalStateException("Flink's memory calculation failed:\n" + out);
        }
        List<List<String>> both = new ArrayList<>();
        for (String line : results.subList(0, 2)) {
            List<String> flags = new ArrayList<>();
            for (String part : line.split("\\s+")) {
                if (!part.isBlank()) {
                    flags.add(part);
                }
            }
            both.add(flags);
        }
        return both;
    }

    private List<String> java(String logName, String... rest) {
        return javaWith(logName, classpath(!logName.startsWith(KAFKA)), rest);
    }

    private List<String> javaWith(String logName, String classpath, String... rest) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(marker(logName));
        cmd.add("@" + javaArgs);
        cmd.add("-Dlog4j.configurationFile=" + dir.resolve("conf").resolve("log4j.properties"));
        cmd.add("-Dlog.file=" + log(logName));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.addAll(List.of(rest));
        return cmd;
    }

    /**
     * The kit's classpath, expanded through jar manifests. For Flink processes it leaves out the Kafka
     * connector and client and the kit's own modules, as a real cluster would: the job jar brings them,
     * and a second copy on the cluster's classpath breaks class loading.
     */
    static String classpath(boolean forFlink) {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            expand(Path.of(entry).toAbsolutePath(), entries);
        }
        List<String> kept = new ArrayList<>();
        for (Path p : entries) {
            String name = p.getFileName().toString();
            boolean kafka = name.startsWith("flink-connector-kafka") || name.startsWith("kafka");
            boolean ours = p.toString().contains("/io/canarykit/") || isModuleOutput(p);
            if (!forFlink || !(kafka || ours)) {
                kept.add(p.toString());
            }
        }
        return String.join(java.io.File.pathSeparator, kept);
    }

    private static boolean isModuleOutput(Path p) {
        String s = p.toString();
        return s.matches(".*/(schema|operators|jobs|admin-api|cli)/target/(classes|test-classes|[^/]+\\.jar)");
    }

    private static void expand(Path entry, List<Path> out) {
        if (out.contains(entry) || !Files.exists(entry)) {
            return;
        }
        boolean manifestOnly = false;
        if (entry.toString().endsWith(".jar")) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entry.toFile())) {
                java.util.jar.Manifest m = jar.getManifest();
                String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                manifestOnly = jar.stream().noneMatch(e -> e.getName().endsWith(".class"));
                if (!manifestOnly) {
                    out.add(entry);
                }
                if (cp != null) {
                    for (String ref : cp.trim().split("\\s+")) {
                        Path resolved = ref.startsWith("file:")
                                ? Path.of(java.net.URI.create(ref))
                                : entry.getParent().resolve(ref);
                        expand(resolved.normalize(), out);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            out.add(entry);
        }
    }

    private void launch(String name, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .start();
        Files.writeString(dir.resolve(name + ".pid"), p.pid() + "\n");
    }

    private String runToEnd(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd.subList(cmd.size() - 2, cmd.size())) + "\n" + out);
        }
        return out;
    }

    /** Writes conf/config.yaml: the template with this cluster's ports, and its directories added. */
    void writeFlinkConfig() throws IOException {
        Map<String, Object> conf = FLINK_YAML.readValue(configTemplate.toFile(), FLINK_CONFIG);
        conf.putAll(portSettings());
        Path state = dir.resolve("state");
        conf.put("io.tmp.dirs", dir.resolve("tmp").toString());
        conf.put("web.tmpdir", dir.resolve("web").toString());
        conf.put("execution.checkpointing.dir", "file://" + state.resolve("checkpoints"));
        conf.put("execution.checkpointing.savepoint-dir", "file://" + savepointDir());
        // The changelog's storage is the TaskManager's setting, read from this file, not from the job.
        conf.putAll(StateBackendConfig.changelogSettings("file://" + state.resolve("changelog")));
        conf.put("state.backend.rocksdb.log.dir", dir.resolve("rocksdb-logs").toString());
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("web"));
        Files.createDirectories(dir.resolve("rocksdb-logs"));
        Files.createDirectories(dir.resolve("conf"));
        FLINK_YAML.writeValue(dir.resolve("conf").resolve("config.yaml").toFile(), conf);
    }

    /** The template's ports, moved to this cluster's. */
    private Map<String, Object> portSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("rest.port", ports.rest());
        settings.put("jobmanager.rpc.port", ports.jobManagerRpc());
        settings.put("taskmanager.rpc.port", ports.taskManagerRpc());
        settings.put("blob.server.port", ports.blob());
        return settings;
    }

    private void writeLog4jConfig() throws IOException {
        Files.writeString(dir.resolve("conf").resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = MainAppender",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                "appender.main.name = MainAppender",
                "appender.main.type = File",
                "appender.main.append = true",
                "appender.main.fileName = ${sys:log.file}",
                "appender.main.layout.type = PatternLayout",
                "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                ""));
    }
}

package io.canarykit.cli.demo.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A single-node Apache Kafka broker in KRaft mode, run as a supervised child process on loopback,
 * with its data kept in one directory between starts.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private Process process;

    /**
     * @param dir where the broker keeps its configuration, log and data
     * @param port the client port on 127.0.0.1
     * @param controllerPort the KRaft controller port on 127.0.0.1
     * @param heap the child JVM's maximum heap, e.g. {@code 512m}
     */
    public KafkaBroker(Path dir, int port, int controllerPort, String heap) {
        if (dir == null) {
            throw new IllegalArgumentException("dir is required but not provided.");
        }
        checkPort("port", port);
        checkPort("controllerPort", controllerPort);
        if (port == controllerPort) {
            throw new IllegalArgumentException("controllerPort must differ from port, both are " + port);
        }
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = heap;
    }

    /** The address clients connect to. */
    public String bootstrap() {
        return HOST + ":" + port;
    }

    /** The file the broker's own output goes to. */
    public Path logFile() {
        return dir.resolve("broker.log");
    }

    /** The broker JVM's collections, a line each, stamped with the wall clock at their end. */
    public Path gcLogFile() {
        return dir.resolve("gc.log");
    }

    /** Formats the storage on first use, starts the broker and waits until it answers clients. */
    public KafkaBroker start(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        Files.createDirectories(dir.resolve("logs"));
        Path config = writeConfig();
        Path logConfig = writeLogConfig();
        if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            format(config, logConfig);
        }
        // Its collector's pauses stop every client's requests, so they are logged beside its output.
        process = javaProcess(logConfig, List.of("-Xmx" + heap, "-Xms64m", "-Xlog:gc:file=\"" + gcLogFile() + "\":time"),
                "kafka.Kafka", config.toString()).start();
        awaitReady(timeout);
        return this;
    }

    /** True while the child process runs. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The child process id, or -1 before the start. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Stops the broker with SIGTERM, so it flushes and closes its logs; kills it if it hangs. */
    @Override
    public void close() {
        stop(STOP_GRACE);
    }

    /** Stops the broker with SIGTERM and kills it when it has not exited within {@code grace}. */
    public void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the broker with SIGKILL and waits briefly for it to go, for a stop that has run out of time. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void format(Path config, Path logConfig) throws IOException, InterruptedException {
        Process format = javaProcess(logConfig, List.of("-Xmx256m"), "kafka.tools.StorageTool",
                KraftServerProperties.storageFormatArgs(config).toArray(String[]::new)).start();
        if (!format.waitFor(60, TimeUnit.SECONDS)) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting Kafka storage took over 60 s; see " + logFile());
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("formatting Kafka storage failed (exit " + format.exitValue() + "); see " + logFile());
        }
    }

    private ProcessBuilder javaProcess(Path logConfig, List<String> jvmFlags, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-Dlog4j2.configurationFile=" + logConfig.toUri());
        command.add("-Dkafka.logs.dir=" + dir.toAbsolutePath());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
    }

    private void awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Wait for the listener first, so the admin client does not log a warning per retry.
        while (System.nanoTime() < deadline && process.isAlive() && !listening()) {
            Thread.sleep(200);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see " + logFile());
                }
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    Thread.sleep(200);
                }
            }
        }
        close();
        throw new TimeoutException("the Kafka broker did not answer on " + bootstrap() + " within " + timeout + "; see " + logFile());
    }

    private boolean listening() {
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path writeConfig() throws IOException {
        return KraftServerProperties.singleNode(HOST, port, controllerPort, dir.resolve("logs"))
                // A demo keeps a day of data, not a week.
                .with("log.retention.hours", "24")
                .writeTo(dir.resolve("server.properties"));
    }

    private Path writeLogConfig() throws IOException {
        String text = String.join("\n",
                "rootLogger.level = WARN",
                "rootLogger.appenderRef.console.ref = console",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{ISO8601} %-5p %c{1} - %m%n",
                // The start and stop lines say when the broker was ready and when it shut down.
                "logger.server.name = kafka.server.KafkaRaftServer",
                "logger.server.level = INFO",
                "");
        return write("log4j2.properties", text);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static void checkPort(String name, int value) {
        if (value < 1 || value > 65_535) {
            throw new IllegalArgumentException(name + " must be within 1..65535, got " + value);
        }
    }

    /** A port free on loopback right now, for tests and for a broker whose port is not fixed: {@link LoopbackPorts#free()}. */
    public static int freePort() {
        return LoopbackPorts.free();
    }
}

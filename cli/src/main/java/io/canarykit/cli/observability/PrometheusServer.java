package io.canarykit.cli.observability;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Prometheus, run as a supervised child process on loopback: it loads the project's alert and
 * recording rules (the ones {@code deploy/prometheus} holds and promtool tests) and scrapes the
 * targets it is given, keeping its data in one directory between starts.
 */
public final class PrometheusServer implements AutoCloseable {

    /** The Debian package that provides the binary. */
    public static final String PACKAGE = "prometheus";
    /** The rule files, as the jar carries them. */
    static final List<String> RULE_FILES = List.of("alerts.yml", "recording.yml");

    private static final String HOST = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final Path binary;
    private final Path dir;
    private final int port;
    private final Duration interval;
    private final List<Target> targets;
    private Process process;

    /**
     * One scrape job.
     *
     * @param job the job label, e.g. {@code canary-kit-job}
     * @param address host:port
     * @param path the metrics path, e.g. {@code /metrics}
     */
    public record Target(String job, String address, String path) {}

    /**
     * @param binary the {@code prometheus} executable
     * @param dir where its configuration, rules, log and data go
     * @param port its HTTP port on 127.0.0.1
     * @param interval how often it scrapes and evaluates the rules
     * @param targets what it scrapes
     */
    public PrometheusServer(Path binary, Path dir, int port, Duration interval, List<Target> targets) {
        if (binary == null || dir == null || interval == null || targets == null) {
            throw new IllegalArgumentException("binary, dir, interval and targets are required but not provided.");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        if (interval.toMillis() < 1_000 || interval.toMillis() % 1_000 != 0) {
            throw new IllegalArgumentException("interval must be whole seconds, at least 1, got " + interval);
        }
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.interval = interval;
        this.targets = List.copyOf(targets);
    }

    /** The {@code prometheus} executable on the PATH, if there is one. */
    public static Optional<Path> findBinary() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "prometheus");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What a user reads when the binary is missing: how to get it, or how to go on without it. */
    public static String howToInstall() {
        return "install the Debian package " + PACKAGE + " (sudo apt-get install " + PACKAGE + ")";
    }

    /** Where it answers, e.g. {@code http://127.0.0.1:9090}. */
    public String url() {
        return "http://" + HOST + ":" + port;
    }

    /** Where it keeps its series. */
    public Path dataDir() {
        return dir.resolve("data");
    }

    /** The file its own output goes to. */
    public Path logFile() {
        return dir.resolve("prometheus.log");
    }

    /** Writes its configuration and rules, starts it, and waits until it is ready with its rules loaded. */
    public PrometheusServer start(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        ProcessBuilder builder = new ProcessBuilder(prepare())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        process = builder.start();
        awaitReady(timeout);
        return this;
    }

    /**
     * Writes its configuration and rules and returns the command that runs it, for a caller that
     * supervises the process itself (the local cluster keeps it running after {@code kit} exits).
     */
    public List<String> prepare() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        List<Path> ruleFiles = new ArrayList<>();
        for (String name : RULE_FILES) {
            try (InputStream in = PrometheusServer.class.getResourceAsStream("/prometheus/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the rule file " + name + " is missing from the jar");
                }
                Path file = rules.resolve(name);
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                ruleFiles.add(file);
            }
        }
        Files.writeString(configFile(), config(ruleFiles));
        return List.of(binary.toString(),
                "--config.file=" + configFile(),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=" + HOST + ":" + port,
                "--storage.tsdb.retention.time=7d");
    }

    /** The configuration it is started with; its path on the command line tells this Prometheus from others. */
    public Path configFile() {
        return dir.resolve("prometheus.yml");
    }

    /** Waits until the Prometheus at {@link #url()} answers that it is ready. */
    public void awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with " + process.exitValue() + "; see " + logFile());
            }
            try {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(100);
        }
        close();
        throw new TimeoutException("Prometheus was not ready within " + timeout.toSeconds() + " s; see " + logFile());
    }

    /** True while the child process runs. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    String config(List<Path> ruleFiles) {
        long seconds = interval.toSeconds();
        StringBuilder yaml = new StringBuilder()
                .append("# Written by Canary Kit at each start; edits are lost.\n")
                .append("global:\n")
                .append("  scrape_interval: ").append(seconds).append("s\n")
                .append("  evaluation_interval: ").append(seconds).append("s\n")
                .append("rule_files:\n");
        ruleFiles.forEach(f -> yaml.append("  - '").append(f.toAbsolutePath()).append("'\n"));
        yaml.append("scrape_configs:\n");
        for (Target t : targets) {
            yaml.append("  - job_name: '").append(t.job()).append("'\n")
                    .append("    metrics_path: '").append(t.path()).append("'\n")
                    .append("    static_configs:\n")
                    .append("      - targets: ['").append(t.address()).append("']\n");
        }
        return yaml.toString();
    }
}

package io.canarykit.cli.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code wrk}, the load at the maximum: found on the PATH, or installed by the repository's
 * {@code .ci/prerequisites bench} (the one place that knows how the kit's tools are installed).
 */
public final class Wrk {

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)\\s*$");

    private final Path executable;

    private Wrk(Path executable) {
        this.executable = executable;
    }

    /**
     * {@code wrk} from the PATH; when it is missing, the prerequisites script is run once to install it
     * (it does so only as root with apt-get). Empty, with the reason in {@code why}, when there is none.
     */
    public static Optional<Wrk> locate(BenchContext ctx, String section, StringBuilder why) throws InterruptedException {
        Optional<Path> found = onPath("wrk");
        if (found.isPresent()) {
            return found.map(Wrk::new);
        }
        Optional<Path> script = prerequisites();
        if (script.isEmpty()) {
            why.append("wrk is not installed: install the Debian package wrk (apt-get install wrk)");
            return Optional.empty();
        }
        ctx.progress(section, "wrk is missing; running %s bench", script.get());
        try {
            Process p = new ProcessBuilder(script.get().toString(), "bench").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            ctx.progress(section, "could not run %s: %s", script.get(), e.getMessage());
        }
        found = onPath("wrk");
        if (found.isEmpty()) {
            why.append("wrk is not installed and ").append(script.get())
                    .append(" bench could not install it: install the Debian package wrk (apt-get install wrk)");
        }
        return found.map(Wrk::new);
    }

    /**
     * Requests per second of {@code wrk -t threads -c connections -d seconds url}.
     *
     * @throws IOException when wrk fails or prints no rate
     */
    public double requestsPerSecond(String url, int threads, int connections, int seconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-t" + threads, "-c" + connections,
                "-d" + seconds + "s", url));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                throw new IOException("wrk did not finish: " + command);
            }
        } finally {
            p.destroyForcibly();
        }
        if (p.exitValue() != 0) {
            throw new IOException("wrk exited with " + p.exitValue() + ": " + output.strip());
        }
        if (output.contains("Non-2xx or 3xx responses")) {
            throw new IOException("wrk saw error answers from " + url + ": " + output.strip());
        }
        return parseRequestsPerSecond(output).orElseThrow(() -> new IOException("wrk printed no rate: " + output.strip()));
    }

    /** The {@code Requests/sec:} figure of wrk's report, if it has one. */
    static Optional<Double> parseRequestsPerSecond(String output) {
        Matcher m = REQUESTS_PER_SECOND.matcher(output);
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    // The script sits at the repository's root; the kit runs from cli/target/kit.jar or from the root itself.
    private static Optional<Path> prerequisites() {
        List<Path> roots = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        try {
            Path code = Path.of(Wrk.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                roots.add(p);
            }
        } catch (URISyntaxException | SecurityException | NullPointerException unknown) {
            // Only the working directory is looked at.
        }
        return roots.stream().map(r -> r.resolve(".ci/prerequisites")).filter(Files::isExecutable).findFirst();
    }
}

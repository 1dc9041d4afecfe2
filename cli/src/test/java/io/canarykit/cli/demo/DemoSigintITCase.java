package io.canarykit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.cli.KitCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kit demo} as its own process, stopped with SIGINT as Ctrl-C would: its shutdown hook stops everything. */
class DemoSigintITCase {

    private static final Duration CTRL_C_LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Process kit;

    @AfterEach
    void killWhatIsLeft() {
        if (kit != null) {
            kit.descendants().forEach(ProcessHandle::destroyForcibly);
            kit.destroyForcibly();
        }
    }

    @Test
    void sigintStopsTheDemoAndItsBrokerWithinTenSeconds() throws Exception {
        DemoPorts ports = freeStandardPortsShifted();
        // Through env, as ./kit starts it: a test run in the background would pass SIGINT on ignored.
        kit = new ProcessBuilder("env", "--default-signal=INT", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("src/main/jvm/java17.args").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), KitCommand.class.getName(),
                "demo", "--data-dir", dir.resolve("data").toString(), "--symbols", "BTCUSDT",
                "--port-offset", String.valueOf(ports.sidecar() - 8000))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        List<String> out = readLines(kit);
        awaitLine(out, "Stop with Ctrl-C.", Duration.ofSeconds(150));
        List<ProcessHandle> children = kit.children().toList();

        long started = System.nanoTime();
        new ProcessBuilder("kill", "-INT", String.valueOf(kit.pid())).start().waitFor();
        boolean exited = kit.waitFor(CTRL_C_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("DemoSigintITCase: the demo exited " + took.toMillis() + " ms after SIGINT");

        assertThat(exited).as("the demo exits within 10 s of SIGINT; it said: %s", out).isTrue();
        assertThat(children).as("the broker child process").isNotEmpty().noneMatch(ProcessHandle::isAlive);
        assertThat(out).anyMatch(line -> line.startsWith("kit demo: stopped; the data is kept in"));
    }

    /** The demo's usual ports moved up by one offset under which every one of them is free now. */
    private static DemoPorts freeStandardPortsShifted() {
        for (int attempt = 0; attempt < 100; attempt++) {
            DemoPorts shifted = DemoPorts.standard(8000).shifted(ThreadLocalRandom.current().nextInt(20_000, 40_000));
            if (IntStream.of(shifted.sidecar(), shifted.kafka(), shifted.kafkaController(), shifted.flinkUi(),
                    shifted.prometheus()).allMatch(DemoSigintITCase::free)) {
                return shifted;
            }
        }
        throw new IllegalStateException("no free offset for the demo's ports");
    }

    private static boolean free(int port) {
        // The wildcard address, as the Prometheus reporter binds it: taken there means taken for it.
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static List<String> readLines(Process process) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException ended) {
                // The process is gone; the lines read so far are all there is.
            }
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private void awaitLine(List<String> out, String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!out.contains(line)) {
            assertThat(kit.isAlive()).as("the demo runs; it said: %s", out).isTrue();
            assertThat(System.nanoTime()).as("'%s' within %s; the demo said: %s", line, timeout, out).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}

package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./kit} launcher, run as a user runs it, around a probe program in place of the kit's jar. */
class KitLauncherTest {

    @Test
    void sigintStopsTheJvmEvenWhenTheShellStartedItWithSigintIgnored(@TempDir Path root) throws Exception {
        // The bug: `./kit demo &` in a script inherits SIGINT ignored, so the JVM never installs its handler.
        Path kit = launcherAround(root);
        Process launched = new ProcessBuilder("bash", "-c", "trap '' INT; exec \"$0\" demo", kit.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(launched.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = out.readLine(); line != null && !line.equals(SigintProbe.UP); line = out.readLine()) {
                lines.add(line);
            }
            assertThat(launched.isAlive()).as("the probe is up, after: %s", lines).isTrue();

            // The shell and the launcher exec their way to Java, so the JVM keeps the process id bash started with.
            new ProcessBuilder("kill", "-INT", String.valueOf(launched.pid())).start().waitFor();

            assertThat(launched.waitFor(10, TimeUnit.SECONDS)).as("the JVM exits on SIGINT").isTrue();
            assertThat(out.lines().toList()).contains(SigintProbe.HOOK);
        } finally {
            launched.destroyForcibly();
        }
    }

    /** A copy of the launcher in {@code root}, whose kit.jar runs {@link SigintProbe} from the test classes. */
    private static Path launcherAround(Path root) throws Exception {
        // Tests run in the module's directory; the launcher sits one level up.
        Path project = Path.of("").toAbsolutePath().getParent();
        Path kit = Files.copy(project.resolve("kit"), root.resolve("kit"));
        Path args = root.resolve("cli/src/main/jvm/java17.args");
        Files.createDirectories(args.getParent());
        Files.copy(project.resolve("cli/src/main/jvm/java17.args"), args);
        Path jar = root.resolve("cli/target/kit.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, SigintProbe.class.getName());
        Path classes = Path.of(SigintProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(file, manifest)) {
            // The manifest is the whole jar: the probe's class comes through its Class-Path.
        }
        return kit;
    }
}

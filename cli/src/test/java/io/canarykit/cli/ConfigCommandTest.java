package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine kit = KitCommand.commandLine();
        kit.setOut(new PrintWriter(out, true));
        kit.setErr(new PrintWriter(err, true));
        return kit.execute(args);
    }

    @Test
    void flagOverridesTheEnvFileAndIsShown(@TempDir Path dir) throws Exception {
        Path env = dir.resolve("desk.env");
        Files.writeString(env, "MAX_TRADES_PER_DAY=6\nRISK_PER_TRADE_PCT=0.002\n");

        int code = run("config", "--env-file", env.toString(), "--set", "MAX_TRADES_PER_DAY=5");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("MAX_TRADES_PER_DAY=5").contains("RISK_PER_TRADE_PCT=0.002");
    }

    @Test
    void invalidSettingExitsTwoNamingTheVariable() {
        int code = run("config", "--set", "MAX_DAILY_DRAWDOWN_PCT=3");

        assertThat(code).isEqualTo(ConfigCommand.INVALID);
        assertThat(err.toString()).contains("MAX_DAILY_DRAWDOWN_PCT");
    }

    @Test
    void listsBreachesOfTheInitialLiveLimits() {
        int code = run("config", "--set", "MAX_TRADES_PER_DAY=20");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("initial live limits").contains("MAX_TRADES_PER_DAY");
    }

    @Test
    void neverPrintsTheAdminToken() {
        int code = run("config", "--set", "KIT_ADMIN_TOKEN=s3cret-value");

        assertThat(code).isZero();
        assertThat(out.toString()).doesNotContain("s3cret-value");
    }

    @Test
    void printsEverySettingWhenNoLimitIsBreached(@TempDir Path dir) throws Exception {
        int code = run(withinLiveLimits(dir));

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("MAX_TRADES_PER_DAY=6", "RISK_PER_TRADE_PCT=0.0015", "MAX_OPEN_POSITIONS=2", "PROFILE=")
                .doesNotContain("initial live limits");
    }

    @Test
    void mainPrintsTheWholeOutputWhenNoLimitIsBreached(@TempDir Path dir) throws Exception {
        // The bug: main exited without flushing, and with no breach nothing ever called println's flush.
        String[] args = withinLiveLimits(dir);
        run(args);

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KitCommand.class.getName()));
        command.addAll(List.of(args));
        Process kit = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String printed = new String(kit.getInputStream().readAllBytes(), Charset.defaultCharset());

        assertThat(kit.waitFor(60, TimeUnit.SECONDS)).as("kit config exits").isTrue();
        assertThat(kit.exitValue()).isZero();
        assertThat(printed).isNotEmpty().isEqualTo(out.toString());
    }

    /** Arguments that read no .env file and keep every limit the runbook checks within its range. */
    private static String[] withinLiveLimits(Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.env"), "");
        return new String[] {"config", "--env-file", empty.toString(),
            "--set", "MAX_TRADES_PER_DAY=6", "--set", "RISK_PER_TRADE_PCT=0.0015",
            "--set", "MAX_OPEN_POSITIONS=2", "--set", "MAX_DAILY_DRAWDOWN_PCT=0.01"};
    }
}

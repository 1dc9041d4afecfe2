package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
}

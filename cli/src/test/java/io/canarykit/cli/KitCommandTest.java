package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KitCommandTest {

    @Test
    void everySubcommandAnswersHelp() {
        CommandLine kit = KitCommand.commandLine();
        assertThat(kit.getSubcommands()).isNotEmpty();
        for (var entry : kit.getSubcommands().entrySet()) {
            StringWriter out = new StringWriter();
            CommandLine sub = KitCommand.commandLine();
            sub.setOut(new PrintWriter(out));
            int code = sub.execute(entry.getKey(), "--help");
            assertThat(code).as("exit code of kit %s --help", entry.getKey()).isZero();
            assertThat(out.toString()).as("help of %s", entry.getKey()).contains("Usage: kit " + entry.getKey());
        }
    }

    @Test
    void demoRefusesAScenarioThisBuildDoesNotPlay() {
        StringWriter err = new StringWriter();
        CommandLine kit = KitCommand.commandLine();
        kit.setErr(new PrintWriter(err));

        int code = kit.execute("demo", "--scenario", "meteor-strike");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--scenario meteor-strike is not in this build")
                .contains("healthy, drift, stale-feed, dislocation, latency-spike, error-burst, drawdown, canary-bad, rollout");
    }

    @Test
    void demoHelpListsEveryScenario() {
        StringWriter out = new StringWriter();
        CommandLine kit = KitCommand.commandLine();
        kit.setOut(new PrintWriter(out));

        assertThat(kit.execute("demo", "--help")).isZero();
        for (String name : io.canarykit.cli.demo.desk.Scenarios.NAMES) {
            assertThat(out.toString()).as("help of kit demo").containsPattern("(?m)^\\s+" + name + "\\s");
        }
    }

    @Test
    void benchRefusesANonPositiveProbeCountBeforeStartingAnything() {
        StringWriter err = new StringWriter();
        CommandLine kit = KitCommand.commandLine();
        kit.setErr(new PrintWriter(err));

        assertThat(kit.execute("bench", "--only", "latency", "--probes", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--probes must be positive, got 0");
    }

    @Test
    void demoRefusesLowerCaseSymbols() {
        StringWriter err = new StringWriter();
        CommandLine kit = KitCommand.commandLine();
        kit.setErr(new PrintWriter(err));

        assertThat(kit.execute("demo", "--symbols", "btcusdt")).isEqualTo(2);
        assertThat(err.toString()).contains("--symbols must be upper-case");
    }

    @Test
    void aFailingSubcommandSaysItsWholeNameInOneLine() {
        var kit = KitCommand.commandLine();
        StringWriter err = new StringWriter();
        kit.setErr(new PrintWriter(err));
        kit.setOut(new PrintWriter(new StringWriter()));
        int code = kit.execute("cluster", "submit", "--jar", "/no/such/job.jar", "--port-offset", "40000");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("kit cluster submit: ").doesNotContain("\tat ");
    }

    @Test
    void demoDurationReadsSecondsMinutesHoursAndIso() {
        assertThat(DemoCommand.parseDuration("90s")).hasSeconds(90);
        assertThat(DemoCommand.parseDuration("10m")).hasMinutes(10);
        assertThat(DemoCommand.parseDuration("2h")).hasHours(2);
        assertThat(DemoCommand.parseDuration("PT45S")).hasSeconds(45);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoCommand.parseDuration("soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoCommand.parseDuration("0s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
    }
}

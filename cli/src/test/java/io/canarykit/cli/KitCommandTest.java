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
    void demoSaysItIsNotBuiltYetAndFails() {
        StringWriter out = new StringWriter();
        CommandLine kit = KitCommand.commandLine();
        kit.setOut(new PrintWriter(out));

        int code = kit.execute("demo");

        assertThat(code).isEqualTo(DemoCommand.NOT_BUILT);
        assertThat(out.toString()).contains("not built yet").contains("Kafka").contains("Flink");
    }
}

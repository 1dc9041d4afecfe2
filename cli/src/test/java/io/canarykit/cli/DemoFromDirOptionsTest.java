package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kit demo --from-dir}: the options it refuses, before anything starts. */
class DemoFromDirOptionsTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int demo(String... args) {
        CommandLine kit = KitCommand.commandLine();
        kit.setErr(new PrintWriter(err));
        kit.setOut(new PrintWriter(new StringWriter()));
        String[] all = new String[args.length + 1];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        return kit.execute(all);
    }

    @Test
    void refusesRateWithARecording() {
        assertThat(demo("--from-dir", dir.toString(), "--rate", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate").contains("--from-dir");
    }

    @Test
    void refusesSymbolsWithARecording() {
        assertThat(demo("--from-dir", dir.toString(), "--symbols", "BTCUSDT")).isEqualTo(2);
        assertThat(err.toString()).contains("--symbols");
    }

    @Test
    void refusesAScenarioOtherThanHealthyWithARecording() {
        assertThat(demo("--from-dir", dir.toString(), "--scenario", "drift")).isEqualTo(2);
        assertThat(err.toString()).contains("--scenario drift").contains("--from-dir");
    }

    @Test
    void refusesSpeedWithoutARecordingAndASpeedThatIsNotPositive() {
        assertThat(demo("--speed", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--speed applies to --from-dir only");
        assertThat(demo("--from-dir", dir.toString(), "--speed", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--speed must be a positive number");
    }

    @Test
    void namesAMissingDirectory() {
        Path missing = dir.resolve("no-such-recording");

        assertThat(demo("--from-dir", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--from-dir").contains(missing.toString());
    }

    @Test
    void namesADirectoryWithoutRecordedFiles() {
        assertThat(demo("--from-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(dir.toString()).contains("market.jsonl");
    }

    @Test
    void refusesToWipeARecordingInsideTheDataDirectory() throws Exception {
        Path recording = Files.createDirectories(dir.resolve("rec"));

        assertThat(demo("--from-dir", recording.toString(), "--data-dir", dir.toString(), "--fresh")).isEqualTo(2);
        assertThat(err.toString()).contains("--fresh");
    }

    @Test
    void spansReadAsHoursMinutesAndTenthsOfSeconds() {
        assertThat(DemoCommand.span(119_995)).isEqualTo("2 min 0.0 s");
        assertThat(DemoCommand.span(59_940)).isEqualTo("59.9 s");
        assertThat(DemoCommand.span(3_723_400)).isEqualTo("1 h 2 min 3.4 s");
    }
}

package io.canarykit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {

    private static List<EnvFile.Entry> entries(String text) {
        return EnvFile.parse("test.env", text).entries();
    }

    private static String only(String text) {
        List<EnvFile.Entry> entries = entries(text);
        assertThat(entries).hasSize(1);
        return entries.get(0).value();
    }

    @Test
    void readsKeyValueLinesWithTheirLineNumbers() {
        assertThat(entries("A=1\n\n# comment\n  # indented comment\nB=two\n")).containsExactly(
                new EnvFile.Entry("A", "1", 1), new EnvFile.Entry("B", "two", 5));
    }

    @Test
    void dropsAnExportPrefix() {
        assertThat(entries("export A=1\nexport\tB=2")).containsExactly(
                new EnvFile.Entry("A", "1", 1), new EnvFile.Entry("B", "2", 2));
    }

    @Test
    void keepsAKeyThatMerelyStartsWithExport() {
        assertThat(entries("exported=1")).containsExactly(new EnvFile.Entry("exported", "1", 1));
    }

    @Test
    void allowsSpacesAroundTheEqualsSign() {
        assertThat(only("A = 1 ")).isEqualTo("1");
    }

    @Test
    void readsSingleQuotedValuesLiterally() {
        assertThat(only("A='a # b \\\" c'")).isEqualTo("a # b \\\" c");
    }

    @Test
    void readsDoubleQuotedValuesWithEscapes() {
        assertThat(only("A=\"say \\\"hi\\\" \\\\ # not a comment\"")).isEqualTo("say \"hi\" \\ # not a comment");
    }

    @Test
    void keepsSpacesInsideQuotes() {
        assertThat(only("A=\"  padded  \"")).isEqualTo("  padded  ");
    }

    @Test
    void allowsACommentAfterAClosingQuote() {
        assertThat(only("A='x' # why")).isEqualTo("x");
        assertThat(only("A=\"x\"   # why")).isEqualTo("x");
    }

    @Test
    void cutsAnUnquotedValueAtACommentAfterASpace() {
        assertThat(only("A=5 # bps")).isEqualTo("5");
        assertThat(only("A=# all comment")).isEmpty();
    }

    @Test
    void keepsAHashInsideAnUnquotedWord() {
        assertThat(only("A=abc#def")).isEqualTo("abc#def");
    }

    @Test
    void readsAnEmptyValue() {
        assertThat(only("A=")).isEmpty();
        assertThat(only("A=''")).isEmpty();
    }

    @Test
    void readsWindowsLineEnds() {
        assertThat(entries("A=1\r\nB=2\r\n")).containsExactly(
                new EnvFile.Entry("A", "1", 1), new EnvFile.Entry("B", "2", 2));
    }

    @Test
    void namesFileAndLineOfALineWithoutEquals() {
        assertThatThrownBy(() -> entries("A=1\nJUST_A_WORD\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.env line 2")
                .hasMessageContaining("expected KEY=VALUE");
    }

    @Test
    void rejectsAnInvalidKey() {
        assertThatThrownBy(() -> entries("1ABC=1")).hasMessageContaining("test.env line 1");
        assertThatThrownBy(() -> entries("MAX-TRADES=1")).hasMessageContaining("test.env line 1");
    }

    @Test
    void namesTheKeyOfAnUnterminatedQuote() {
        assertThatThrownBy(() -> entries("\nA='open"))
                .hasMessageContaining("test.env line 2").hasMessageContaining("A has an unterminated single quote");
        assertThatThrownBy(() -> entries("B=\"open\\\""))
                .hasMessageContaining("test.env line 1").hasMessageContaining("B has an unterminated double quote");
    }

    @Test
    void rejectsTextAfterAClosingQuote() {
        assertThatThrownBy(() -> entries("A='x'y")).hasMessageContaining("test.env line 1")
                .hasMessageContaining("A has text after its closing quote");
    }

    @Test
    void rejectsAKeySetTwiceInOneFile() {
        assertThatThrownBy(() -> entries("A=1\nB=2\nA=3"))
                .hasMessageContaining("test.env line 3: A is already set on line 1");
    }

    @Test
    void reportsEveryMalformedLineTogether() {
        assertThatThrownBy(() -> entries("BAD\nA=1\nALSO BAD\nC='x"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "test.env line 1: expected KEY=VALUE",
                        "test.env line 3: expected KEY=VALUE",
                        "test.env line 4: C has an unterminated single quote"));
    }

    @Test
    void readsAFileFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, "A=1\n");

        EnvFile env = EnvFile.read(file);

        assertThat(env.source()).isEqualTo(file.toString());
        assertThat(env.entries()).containsExactly(new EnvFile.Entry("A", "1", 1));
    }

    @Test
    void namesAMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.env");

        assertThatThrownBy(() -> EnvFile.read(missing)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }
}

package io.canarykit.cli.demo.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingMergeTest {

    private static RecordingReader file(String topic, String... lines) {
        String text = String.join("\n", lines);
        return new RecordingReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), topic);
    }

    private static List<String> drain(RecordingMerge merge) throws Exception {
        List<String> out = new ArrayList<>();
        for (RecordedLine l = merge.next(); l != null; l = merge.next()) {
            out.add(l.topic() + " " + new String(l.bytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void mergesFilesByTsAndBreaksTiesInFileOrder() throws Exception {
        RecordingMerge merge = new RecordingMerge(List.of(
                file("m", "{\"ts\":10}", "{\"ts\":30}"),
                file("f", "{\"ts\":10}", "{\"ts\":20}", "{\"ts\":40}")));

        assertThat(drain(merge)).containsExactly(
                "m {\"ts\":10}", "f {\"ts\":10}", "f {\"ts\":20}", "m {\"ts\":30}", "f {\"ts\":40}");
    }

    @Test
    void keepsEachFilesOwnOrderWhenItGoesBackInTime() throws Exception {
        RecordingMerge merge = new RecordingMerge(List.of(
                file("m", "{\"ts\":10}", "{\"ts\":50}", "{\"ts\":20}"),
                file("o", "{\"ts\":30}")));

        assertThat(drain(merge)).containsExactly("m {\"ts\":10}", "o {\"ts\":30}", "m {\"ts\":50}", "m {\"ts\":20}");
    }

    @Test
    void playsALineWithoutTsRightAfterTheLineBeforeItInItsFile() throws Exception {
        RecordingMerge merge = new RecordingMerge(List.of(
                file("m", "garbage first", "{\"ts\":10}", "{broken", "{\"ts\":40}"),
                file("o", "{\"ts\":5}", "{\"ts\":20}")));

        assertThat(drain(merge)).containsExactly(
                "m garbage first", "o {\"ts\":5}", "m {\"ts\":10}", "m {broken", "o {\"ts\":20}", "m {\"ts\":40}");
    }

    @Test
    void skipsBlankLinesAndDropsLineEndsAsTheJobsFileSourceDoes() throws Exception {
        RecordingMerge merge = new RecordingMerge(List.of(file("m", "{\"ts\":1}\r", "", "  \t", "{\"ts\":2}", "")));

        assertThat(drain(merge)).containsExactly("m {\"ts\":1}", "m {\"ts\":2}");
    }

    @Test
    void readsLinesLongerThanItsBufferAndLinesAcrossItsEdges() throws Exception {
        String longLine = "{\"ts\":1,\"pad\":\"" + "x".repeat(200_000) + "\"}";
        List<String> lines = new ArrayList<>();
        lines.add(longLine);
        for (int i = 2; i < 20_000; i++) {
            lines.add("{\"ts\":" + i + "}");
        }
        RecordingMerge merge = new RecordingMerge(List.of(file("m", lines.toArray(String[]::new))));

        List<String> read = drain(merge);

        assertThat(read).hasSize(lines.size());
        assertThat(read.get(0)).isEqualTo("m " + longLine);
        assertThat(read.get(read.size() - 1)).isEqualTo("m {\"ts\":19999}");
    }
}

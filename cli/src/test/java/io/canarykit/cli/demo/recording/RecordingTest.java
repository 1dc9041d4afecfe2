package io.canarykit.cli.demo.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.schema.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTest {

    @TempDir
    Path dir;

    @Test
    void namesTheDirectoryThatDoesNotExist() {
        Path missing = dir.resolve("nowhere");

        assertThatThrownBy(() -> Recording.in(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not a directory");
    }

    @Test
    void namesTheDirectoryThatHoldsNoRecordedFile() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");

        assertThatThrownBy(() -> Recording.in(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("market.jsonl");
    }

    @Test
    void playsTheFilesPresentInTopicOrder() throws Exception {
        Files.writeString(dir.resolve("orders.jsonl"), "");
        Files.writeString(dir.resolve("market.jsonl"), "");

        Recording recording = Recording.in(dir);

        assertThat(recording.inputs()).extracting(Recording.Input::topic).containsExactly(Topics.MARKET, Topics.ORDERS);
    }

    @Test
    void summaryCountsLinesAndFindsTheSpanAndTheSymbols() throws Exception {
        long first = 1_700_000_000_000L;
        long events = new SyntheticDesk(List.of("BBB", "AAA"), first, 100, 50, 0.1, 3).writeTo(dir);
        Files.writeString(dir.resolve("control.jsonl"),
                "{\"id\":\"c1\",\"ts\":" + first + ",\"actor\":\"op\",\"type\":\"arm\",\"args\":{}}\nnot json\n");

        RecordingSummary summary = RecordingSummary.scan(Recording.in(dir));

        assertThat(summary.lines().keySet()).containsExactly("market.jsonl", "features.jsonl", "orders.jsonl", "control.jsonl");
        assertThat(summary.total()).isEqualTo(events + 2);
        assertThat(summary.lines()).containsEntry("market.jsonl", 200L).containsEntry("features.jsonl", 100L)
                .containsEntry("control.jsonl", 2L);
        assertThat(summary.unstamped()).isEqualTo(1);
        assertThat(summary.symbols()).containsExactly("AAA", "BBB");
        assertThat(summary.firstTs()).isEqualTo(first);
        assertThat(summary.lastTs()).isGreaterThanOrEqualTo(first + 49 * 100);
        assertThat(summary.spanMillis()).isEqualTo(summary.lastTs() - first);
    }
}

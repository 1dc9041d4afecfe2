package io.canarykit.cli.demo.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingPlayerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WALL_START = 1_767_225_600_000L;

    @TempDir
    Path dir;

    /** A clock that moves only when the player sleeps. */
    private static final class FakeClock implements PlayClock {
        long now = WALL_START;

        @Override
        public long millis() {
            return now;
        }

        @Override
        public void sleepUntil(long millis) {
            now = Math.max(now, millis);
        }
    }

    private record Sent(long at, String topic, String key, String value) {
    }

    private final FakeClock clock = new FakeClock();
    private final List<Sent> sent = new ArrayList<>();

    private RecordingPlayer.Report play(double speed) throws Exception {
        RecordSink sink = (topic, key, value) -> sent.add(new Sent(clock.millis(), topic, key, new String(value, StandardCharsets.UTF_8)));
        return new RecordingPlayer(Recording.in(dir), speed, clock, sink).playAll();
    }

    private void write(String file, String... lines) throws Exception {
        Files.writeString(dir.resolve(file), String.join("\n", lines) + "\n");
    }

    @Test
    void sendsTheFirstRecordNowAndEachLaterOneAsMuchLaterAsRecordedStampedWithThatTime() throws Exception {
        write("market.jsonl", "{\"ts\":1000100,\"symbol\":\"A\"}", "{\"ts\":1000350,\"symbol\":\"B\"}");
        write("features.jsonl", "{\"ts\":1000200,\"symbol\":\"A\"}");
        write("orders.jsonl", "{\"ts\":1001100,\"symbol\":\"B\"}");

        RecordingPlayer.Report report = play(1.0);

        assertThat(sent).containsExactly(
                new Sent(WALL_START, Topics.MARKET, "A", "{\"ts\":" + WALL_START + ",\"symbol\":\"A\"}"),
                new Sent(WALL_START + 100, Topics.FEATURES, "A", "{\"ts\":" + (WALL_START + 100) + ",\"symbol\":\"A\"}"),
                new Sent(WALL_START + 250, Topics.MARKET, "B", "{\"ts\":" + (WALL_START + 250) + ",\"symbol\":\"B\"}"),
                new Sent(WALL_START + 1000, Topics.ORDERS, "B", "{\"ts\":" + (WALL_START + 1000) + ",\"symbol\":\"B\"}"));
        assertThat(report).isEqualTo(new RecordingPlayer.Report(4, 0, 1000100, 1001100, WALL_START, WALL_START + 1000));
    }

    @Test
    void playsFasterAtAHigherSpeedAndStampsTheCompressedTime() throws Exception {
        write("market.jsonl", "{\"ts\":0,\"symbol\":\"A\"}", "{\"ts\":1000,\"symbol\":\"A\"}", "{\"ts\":3001,\"symbol\":\"A\"}");

        play(2.0);

        assertThat(sent).extracting(Sent::at).containsExactly(WALL_START, WALL_START + 500, WALL_START + 1501);
        assertThat(sent.get(2).value()).isEqualTo("{\"ts\":" + (WALL_START + 1501) + ",\"symbol\":\"A\"}");
    }

    @Test
    void sendsLinesWithoutUsableTsUnchangedRightAfterTheLineBefore() throws Exception {
        write("market.jsonl", "{\"ts\":1000,\"symbol\":\"A\"}", "{\"ts\":\"soon\",\"symbol\":\"A\"}", "not json",
                "{\"ts\":3000,\"symbol\":\"A\"}");
        write("orders.jsonl", "{\"ts\":2000,\"symbol\":\"A\"}");

        RecordingPlayer.Report report = play(1.0);

        assertThat(sent).containsExactly(
                new Sent(WALL_START, Topics.MARKET, "A", "{\"ts\":" + WALL_START + ",\"symbol\":\"A\"}"),
                new Sent(WALL_START, Topics.MARKET, "A", "{\"ts\":\"soon\",\"symbol\":\"A\"}"),
                new Sent(WALL_START, Topics.MARKET, null, "not json"),
                new Sent(WALL_START + 1000, Topics.ORDERS, "A", "{\"ts\":" + (WALL_START + 1000) + ",\"symbol\":\"A\"}"),
                new Sent(WALL_START + 2000, Topics.MARKET, "A", "{\"ts\":" + (WALL_START + 2000) + ",\"symbol\":\"A\"}"));
        assertThat(report.records()).isEqualTo(5);
        assertThat(report.unchanged()).isEqualTo(2);
    }

    @Test
    void sendsARecordRecordedOutOfOrderAtOnceWithItsOwnShiftedTime() throws Exception {
        write("market.jsonl", "{\"ts\":1000,\"symbol\":\"A\"}", "{\"ts\":1500,\"symbol\":\"A\"}", "{\"ts\":1200,\"symbol\":\"A\"}");

        play(1.0);

        assertThat(sent).extracting(Sent::at).containsExactly(WALL_START, WALL_START + 500, WALL_START + 500);
        assertThat(sent.get(2).value()).isEqualTo("{\"ts\":" + (WALL_START + 200) + ",\"symbol\":\"A\"}");
    }

    @Test
    void sendsControlRecordsToTheControlTopicKeyedGlobal() throws Exception {
        write("market.jsonl", "{\"ts\":1000,\"symbol\":\"A\"}");
        write("control.jsonl", "{\"id\":\"c1\",\"ts\":1000,\"actor\":\"op\",\"type\":\"arm\",\"args\":{}}");

        play(1.0);

        assertThat(sent).extracting(Sent::topic, Sent::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Topics.MARKET, "A"),
                        org.assertj.core.groups.Tuple.tuple(Topics.CONTROL, "global"));
    }

    @Test
    void playsASyntheticDeskRecordingWholeWithTheRecordedSpacing() throws Exception {
        long first = 1_700_000_000_000L;
        long events = new SyntheticDesk(List.of("AAA", "BBB"), first, 100, 200, 0.1, 7).writeTo(dir);

        RecordingPlayer.Report report = play(1.0);

        assertThat(report.records()).isEqualTo(events);
        assertThat(report.unchanged()).isZero();
        assertThat(sent.get(0).at()).isEqualTo(WALL_START);
        for (Sent s : sent) {
            long recordedOffset = JSON.readTree(s.value()).path("ts").asLong() - WALL_START;
            // Every record is stamped as far after the start as it was recorded after the first one,
            // and goes out no earlier than that.
            assertThat(recordedOffset).isBetween(0L, report.lastTs() - first);
            assertThat(s.at()).isGreaterThanOrEqualTo(WALL_START + recordedOffset);
        }
        assertThat(clock.now).isEqualTo(WALL_START + report.lastTs() - first);
        assertThat(sent).extracting(Sent::at).isSorted();
    }

    @Test
    void refusesASpeedThatIsNotPositive() {
        assertThatThrownBy(() -> new RecordingPlayer(new Recording(dir, List.of(Recording.NAMES.get(0))), 0, clock,
                (t, k, v) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speed");
    }

    @Test
    void closingStopsAPlayMidwayAndCancelsItsEnd() throws Exception {
        write("market.jsonl", "{\"ts\":0,\"symbol\":\"A\"}", "{\"ts\":3600000,\"symbol\":\"A\"}");
        List<String> got = java.util.Collections.synchronizedList(new ArrayList<>());
        RecordingPlayer player = new RecordingPlayer(Recording.in(dir), 1.0, PlayClock.SYSTEM,
                (topic, key, value) -> got.add(new String(value, StandardCharsets.UTF_8))).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        player.close();

        assertThat(player.finished()).isCancelled();
        assertThat(got).hasSize(1);
        assertThat(player.played()).isEqualTo(1);
    }
}

package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.codec.JsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kit replay} as a user runs it, over a recording that holds what once stopped the job. */
class ReplayCommandITCase {

    private static final long T0 = 1_767_225_600_000L;

    @Test
    void finishesOverZeroPricesAndAOneMegabyteLineAndReportsBothInItsDlq(@TempDir Path dir) throws Exception {
        // Each of these lines once failed the replay outright.
        byte[] oversized = new byte[1_000_000];
        Arrays.fill(oversized, (byte) 'x');
        oversized[0] = '{';
        ByteArrayOutputStream market = new ByteArrayOutputStream();
        for (int s = 0; s < 20; s++) {
            long ts = T0 + s * 500L;
            if (s == 5) {
                line(market, "{\"ts\":" + ts + ",\"symbol\":\"BTCUSDT\",\"feed\":\"primary\",\"bid\":0,\"ask\":0}");
                market.write(oversized);
                market.write('\n');
            }
            for (String feed : List.of("primary", "reference")) {
                line(market, "{\"ts\":" + ts + ",\"symbol\":\"BTCUSDT\",\"feed\":\"" + feed + "\",\"bid\":100,\"ask\":100.02}");
            }
        }
        Files.write(dir.resolve("market.jsonl"), market.toByteArray());
        Files.writeString(dir.resolve("features.jsonl"), "");
        Files.writeString(dir.resolve("orders.jsonl"), "");
        Files.write(dir.resolve("reference.json"), JsonCodec.encode(SyntheticDesk.profile(SyntheticDesk.CHAMPION)));
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        var kit = KitCommand.commandLine();
        kit.setErr(new PrintWriter(err));

        int code = kit.execute("replay", "--market", dir.resolve("market.jsonl").toString(),
                "--features", dir.resolve("features.jsonl").toString(), "--orders", dir.resolve("orders.jsonl").toString(),
                "--reference", dir.resolve("reference.json").toString(), "--out", out.toString());

        assertThat(code).as("exit code; stderr: %s", err).isZero();
        List<DlqRecord> dlq = read(out.resolve("dlq.jsonl"), DlqRecord.class);
        assertThat(dlq).extracting(DlqRecord::reason).containsExactlyInAnyOrder("invalid_value", "invalid_json");
        DlqRecord big = dlq.stream().filter(d -> d.reason().equals("invalid_json")).findFirst().orElseThrow();
        assertThat(big.rawSize()).isEqualTo(1_000_000);
        assertThat(big.rawTruncated()).isTrue();
        assertThat(big.rawBase64()).hasSize(87_384);
        // The symbol was still decided on after the bad lines, past its last quote (heartbeats every 5 s).
        assertThat(read(out.resolve("gate-decisions.jsonl"), GateDecision.class))
                .extracting(GateDecision::ts).anyMatch(ts -> ts >= T0 + 19 * 500L);
        assertThat(err.toString()).contains("invalid_json").contains("invalid_value");
    }

    @Test
    void aProfileInTheReferenceUpdatesHoldsFromItsTsAndABadOneGoesToTheDlq(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream market = new ByteArrayOutputStream();
        for (int s = 0; s < 20; s++) {
            for (String feed : List.of("primary", "reference")) {
                line(market, "{\"ts\":" + (T0 + s * 500L) + ",\"symbol\":\"BTCUSDT\",\"feed\":\"" + feed
                        + "\",\"bid\":100,\"ask\":100.02}");
            }
        }
        Files.write(dir.resolve("market.jsonl"), market.toByteArray());
        Files.writeString(dir.resolve("features.jsonl"), "");
        Files.writeString(dir.resolve("orders.jsonl"), "");
        Files.write(dir.resolve("reference.json"), JsonCodec.encode(SyntheticDesk.profile(SyntheticDesk.CHAMPION)));
        // The desk pins a model that has no profile at T0 + 1 s; its profile is published at T0 + 5 s.
        Files.writeString(dir.resolve("control.jsonl"), "{\"id\":\"c1\",\"ts\":" + (T0 + 1_000)
                + ",\"actor\":\"ops\",\"type\":\"pin\",\"args\":{\"model_id\":\"late_model\"}}\n");
        Files.writeString(dir.resolve("updates.jsonl"), "{\"ts\":" + (T0 + 5_000) + ",\"model_id\":\"late_model\","
                + "\"features\":{\"x\":{\"edges\":[0.0],\"expected\":[0.5,0.5]}}}\n"
                + "{\"ts\":" + (T0 + 6_000) + ",\"model_id\":\"late_model\",\"features\":{}}\n");
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        var kit = KitCommand.commandLine();
        kit.setErr(new PrintWriter(err));

        int code = kit.execute("replay", "--market", dir.resolve("market.jsonl").toString(),
                "--features", dir.resolve("features.jsonl").toString(), "--orders", dir.resolve("orders.jsonl").toString(),
                "--reference", dir.resolve("reference.json").toString(), "--control", dir.resolve("control.jsonl").toString(),
                "--reference-updates", dir.resolve("updates.jsonl").toString(), "--out", out.toString());

        assertThat(code).as("exit code; stderr: %s", err).isZero();
        List<GateDecision> decisions = read(out.resolve("gate-decisions.jsonl"), GateDecision.class);
        assertThat(decisions).filteredOn(d -> d.ts() >= T0 + 1_000 && d.ts() < T0 + 5_000).isNotEmpty()
                .allSatisfy(d -> assertThat(d.reasons()).contains(GateReason.NO_REFERENCE_PROFILE));
        assertThat(decisions).filteredOn(d -> d.ts() >= T0 + 5_000 && d.ts() <= T0 + 19 * 500L).isNotEmpty()
                .allSatisfy(d -> assertThat(d.reasons()).doesNotContain(GateReason.NO_REFERENCE_PROFILE));
        assertThat(read(out.resolve("dlq.jsonl"), DlqRecord.class)).singleElement().satisfies(d -> {
            assertThat(d.topic()).isEqualTo("kit.reference");
            assertThat(d.reason()).isEqualTo("invalid_value");
        });
    }

    private static void line(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    private static <T> List<T> read(Path file, Class<T> type) throws Exception {
        return Files.readAllLines(file).stream()
                .map(l -> JsonCodec.decode(l.getBytes(StandardCharsets.UTF_8), type).value()).toList();
    }
}

package io.canarykit.cli.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.jobs.replay.ReplayInputs;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A deterministic recorded session for the failure drill, cut in two phases: the lines of each
 * input file with the partition they go to, so the job on Kafka and a replay of the same files
 * read every partition in the same order.
 */
final class DrillRecording {

    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT");
    /** Input topics get this many partitions; each symbol is pinned to one, so none is ever empty. */
    static final int PARTITIONS = 2;
    /** Output before this much of the end is compared: the job's event time has passed it on every input. */
    private static final long SETTLED_MS = 5_000;
    private static final long CONTROL_HEARTBEAT_MS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One input record, in the file's order, with where it goes. */
    record Line(String topic, int partition, String key, String json, long ts) {}

    private final Path dir;
    private final List<Line> phaseOne;
    private final List<Line> phaseTwo;
    private final long settledUntil;

    private DrillRecording(Path dir, List<Line> phaseOne, List<Line> phaseTwo, long settledUntil) {
        this.dir = dir;
        this.phaseOne = phaseOne;
        this.phaseTwo = phaseTwo;
        this.settledUntil = settledUntil;
    }

    /**
     * Writes a session of {@code stepsOne + stepsTwo} ticks of {@code stepMs} from {@code startTs}:
     * market, features and orders from {@link SyntheticDesk}, and a control file that passes
     * preflight, arms the desk, routes a tenth of the orders to the challenger, and then sends a
     * no-op {@code refresh} every second, so the single control partition keeps event time moving.
     */
    static DrillRecording write(Path dir, long startTs, long stepMs, long stepsOne, long stepsTwo, long seed)
            throws IOException {
        new SyntheticDesk(SYMBOLS, startTs, stepMs, stepsOne + stepsTwo, 0.1, seed).writeTo(dir);
        long end = startTs + (stepsOne + stepsTwo) * stepMs;
        writeControl(dir.resolve("control.jsonl"), startTs, end);
        long boundary = startTs + stepsOne * stepMs;
        List<Line> one = new ArrayList<>();
        List<Line> two = new ArrayList<>();
        for (String[] file : new String[][] {
                {"market.jsonl", Topics.MARKET}, {"features.jsonl", Topics.FEATURES},
                {"orders.jsonl", Topics.ORDERS}, {"control.jsonl", Topics.CONTROL}}) {
            List<Line> lines = read(dir.resolve(file[0]), file[1]);
            int cut = firstAtOrAfter(lines, boundary);
            one.addAll(lines.subList(0, cut));
            two.addAll(lines.subList(cut, lines.size()));
        }
        return new DrillRecording(dir, inTimeOrder(one), inTimeOrder(two), end - SETTLED_MS);
    }

    /** The first phase, fed before the TaskManager is killed and the job stopped with a savepoint. */
    List<Line> phaseOne() {
        return phaseOne;
    }

    /** The second phase, fed to the job resubmitted from the savepoint. */
    List<Line> phaseTwo() {
        return phaseTwo;
    }

    /** Records up to this event time are final on Kafka once every input is read. */
    long settledUntil() {
        return settledUntil;
    }

    /** The same session as files, for a replay without failures. */
    ReplayInputs asReplayInputs() {
        return new ReplayInputs(dir.resolve("market.jsonl"), dir.resolve("features.jsonl"), dir.resolve("orders.jsonl"),
                dir.resolve("control.jsonl"));
    }

    Path referenceProfiles() {
        return dir.resolve("reference.jsonl");
    }

    private static void writeControl(Path file, long startTs, long end) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(command(startTs - 3_000, 0, ControlType.PREFLIGHT, Map.of("ok", "true")));
        lines.add(command(startTs - 2_000, 1, ControlType.ARM, Map.of()));
        lines.add(command(startTs - 1_000, 2, ControlType.CANARY_SHARE, Map.of("pct", "0.1")));
        int n = 3;
        for (long ts = startTs; ts <= end + CONTROL_HEARTBEAT_MS; ts += CONTROL_HEARTBEAT_MS) {
            lines.add(command(ts, n++, ControlType.REFRESH, Map.of()));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static String command(long ts, int n, ControlType type, Map<String, String> args) {
        return new String(JsonCodec.encode(new ControlCommand("drill-" + n, ts, "drill", type, args)), StandardCharsets.UTF_8);
    }

    private static List<Line> read(Path file, String topic) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (String json : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            var node = JSON.readTree(json);
            long ts = node.path("ts").asLong();
            String symbol = node.path("symbol").asText(null);
            int partition = symbol == null ? 0 : SYMBOLS.indexOf(symbol) % PARTITIONS;
            lines.add(new Line(topic, partition, symbol, json, ts));
        }
        return lines;
    }

    private static int firstAtOrAfter(List<Line> lines, long ts) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).ts() >= ts) {
                return i;
            }
        }
        return lines.size();
    }

    // A merge by time that keeps each file's own order: a desk sends its topics side by side.
    private static List<Line> inTimeOrder(List<Line> concatenated) {
        List<List<Line>> files = new ArrayList<>();
        String topic = null;
        for (Line l : concatenated) {
            if (!l.topic().equals(topic)) {
                files.add(new ArrayList<>());
                topic = l.topic();
            }
            files.get(files.size() - 1).add(l);
        }
        int[] next = new int[files.size()];
        List<Line> merged = new ArrayList<>(concatenated.size());
        while (merged.size() < concatenated.size()) {
            int pick = -1;
            for (int f = 0; f < files.size(); f++) {
                if (next[f] < files.get(f).size()
                        && (pick < 0 || files.get(f).get(next[f]).ts() < files.get(pick).get(next[pick]).ts())) {
                    pick = f;
                }
            }
            merged.add(files.get(pick).get(next[pick]++));
        }
        return merged;
    }
}

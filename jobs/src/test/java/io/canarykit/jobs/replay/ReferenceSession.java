package io.canarykit.jobs.replay;

import io.canarykit.config.KitConfig;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.ReferenceProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one-symbol session the reference profile replays share: both feeds' quotes every 500 ms from
 * {@code start} to {@code end}, and 100 of the champion's vectors from {@code start + 1000}, 60 of
 * them below the edge at 0 and 40 above, read against a start profile of 50/50.
 */
final class ReferenceSession {

    private ReferenceSession() {}

    /** Writes the session with {@code control} and {@code referenceUpdates} as they are, and replays it. */
    static ReplayResult replay(Path dir, String symbol, String champion, long start, long end, String control,
            List<String> referenceUpdates) throws Exception {
        List<String> market = new ArrayList<>();
        for (long ts = start; ts <= end; ts += 500) {
            for (String feed : List.of("primary", "reference")) {
                market.add("{\"ts\": " + ts + ", \"symbol\": \"" + symbol + "\", \"feed\": \"" + feed
                        + "\", \"bid\": 100.0, \"ask\": 100.02}");
            }
        }
        List<String> features = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            features.add("{\"ts\": " + (start + 1_000 + i) + ", \"symbol\": \"" + symbol + "\", \"model_id\": \""
                    + champion + "\", \"features\": {\"x\": " + (i < 60 ? "-1.0" : "1.0") + "}}");
        }
        Files.write(dir.resolve("market.jsonl"), market);
        Files.write(dir.resolve("features.jsonl"), features);
        Files.writeString(dir.resolve("orders.jsonl"), "");
        Files.writeString(dir.resolve("control.jsonl"), control);
        Files.write(dir.resolve("reference-updates.jsonl"), referenceUpdates);

        ReferenceProfile startProfile = new ReferenceProfile(champion,
                Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
        GateSettings gate = GateSettings.of(KitConfig.defaults(), List.of(startProfile), champion, null,
                JobClock.EVENT, true, 3_600_000L);
        return new Replay(new ReplayInputs(dir.resolve("market.jsonl"), dir.resolve("features.jsonl"),
                dir.resolve("orders.jsonl"), dir.resolve("control.jsonl"), dir.resolve("reference-updates.jsonl")),
                WorkflowSettings.replay(gate), 2, "rocksdb", null).run();
    }
}

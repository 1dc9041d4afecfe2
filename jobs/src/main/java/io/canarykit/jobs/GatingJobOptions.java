package io.canarykit.jobs;

import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.ReferenceProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The gating job's settings, from its flags, the environment and {@code .env} files (every flag is
 * listed in {@link GatingJob}).
 *
 * @param kit every Canary Kit setting (KAFKA_BOOTSTRAP, limits, windows...)
 * @param groupId the Kafka consumer group of the job
 * @param partitions partitions of the topics the job creates
 * @param replicationFactor replication factor of the topics the job creates
 * @param createTopics whether the job creates the contract's missing topics at start
 * @param checkpointIntervalMs the checkpoint interval
 * @param checkpointDir where checkpoints go, or null for the cluster's setting
 * @param idlenessMs how long a quiet input may hold event time back
 * @param idleSymbolTtlMs how long a symbol may go without input before its state is dropped
 * @param clock live (staleness on the wall clock, commands act on arrival) or event (everything in
 *     event time, so the same topics always give the same output, as {@code kit replay} does)
 * @param profiles the models' reference profiles
 * @param champion the champion model
 * @param challenger the challenger model, or null
 */
public record GatingJobOptions(
        KitConfig kit,
        String groupId,
        int partitions,
        short replicationFactor,
        boolean createTopics,
        long checkpointIntervalMs,
        String checkpointDir,
        long idlenessMs,
        long idleSymbolTtlMs,
        JobClock clock,
        List<ReferenceProfile> profiles,
        String champion,
        String challenger) {

    static final Set<String> FLAGS = new LinkedHashSet<>(List.of(
            "env-file", "set", "group-id", "partitions", "replication-factor", "create-topics",
            "checkpoint-interval-ms", "checkpoint-dir", "idleness-ms", "idle-symbol-ttl-ms", "clock",
            "reference", "champion", "challenger"));

    /** Reads the options from {@code args} and {@code env}; an error message names every bad flag. */
    public static GatingJobOptions parse(String[] args, Map<String, String> env) throws IOException {
        JobArgs a = JobArgs.parse(args, FLAGS);
        Map<String, String> sets = new LinkedHashMap<>();
        for (String kv : a.all("set")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set needs KEY=VALUE, got '" + kv + "'");
            }
            sets.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        List<Path> envFiles = a.all("env-file").stream().map(Path::of).toList();
        KitConfig kit = ConfigLoader.load(env, envFiles, sets);
        List<ReferenceProfile> profiles = ReferenceProfiles.read(a.all("reference").stream().map(Path::of).toList());
        String champion = a.get("champion", profiles.isEmpty() ? null : profiles.get(0).modelId());
        if (champion == null) {
            throw new IllegalArgumentException("--champion is required when no --reference profile is given");
        }
        String challenger = a.get("challenger", profiles.size() > 1 ? profiles.get(1).modelId() : null);
        return new GatingJobOptions(
                kit,
                a.get("group-id", "canary-kit-gating"),
                (int) a.getLong("partitions", 3),
                (short) a.getLong("replication-factor", 1),
                Boolean.parseBoolean(a.get("create-topics", "true")),
                a.getLong("checkpoint-interval-ms", 10_000),
                a.get("checkpoint-dir", null),
                a.getLong("idleness-ms", 2_000),
                a.getLong("idle-symbol-ttl-ms", 3_600_000),
                clock(a.get("clock", "live")),
                profiles,
                champion,
                challenger);
    }

    /** The settings of the job graph: the configured out-of-orderness and idleness, on the chosen clock. */
    public WorkflowSettings workflow() {
        return WorkflowSettings.live(
                GateSettings.of(kit, profiles, champion, challenger, clock, false, idleSymbolTtlMs),
                idlenessMs);
    }

    private static JobClock clock(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "live" -> JobClock.LIVE;
            case "event" -> JobClock.REPLAY;
            default -> throw new IllegalArgumentException("--clock must be live or event, got '" + name + "'");
        };
    }
}

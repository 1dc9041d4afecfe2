package io.canarykit.jobs;

import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.TextValues;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * The gating job's settings, from its flags, the environment and {@code .env} files (every flag is
 * listed in {@link GatingJob}). The Canary Kit settings themselves stay in {@link #kit()}, read where
 * they are used; the fields here are what only the Kafka job has.
 */
@Command(name = "gating-job")
public final class GatingJobOptions {

    @Option(names = "--env-file", paramLabel = "FILE")
    private List<Path> envFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE")
    private Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--reference", paramLabel = "PATH")
    private List<Path> references = new ArrayList<>();

    @Option(names = "--champion", paramLabel = "ID")
    private String champion;

    @Option(names = "--challenger", paramLabel = "ID")
    private String challenger;

    @Option(names = "--group-id", paramLabel = "ID")
    private String groupId = "canary-kit-gating";

    @Option(names = "--create-topics", arity = "1", paramLabel = "true|false", converter = StrictBoolean.class)
    private boolean createTopics = true;

    @Option(names = "--partitions", paramLabel = "N")
    private int partitions = 3;

    @Option(names = "--replication-factor", paramLabel = "N")
    private short replicationFactor = 1;

    @Option(names = "--checkpoint-interval-ms", paramLabel = "MS")
    private long checkpointIntervalMs = 10_000;

    @Option(names = "--checkpoint-dir", paramLabel = "URI")
    private String checkpointDir;

    @Option(names = "--idleness-ms", paramLabel = "MS")
    private long idlenessMs = 2_000;

    @Option(names = "--idle-symbol-ttl-ms", paramLabel = "MS")
    private long idleSymbolTtlMs = GateSettings.DEFAULT_IDLE_SYMBOL_TTL_MS;

    @Option(names = "--clock", paramLabel = "live|event", converter = ClockName.class)
    private JobClock clock = JobClock.LIVE;

    @Option(names = "--state-backend", paramLabel = "rocksdb|hashmap", converter = BackendName.class)
    private String stateBackend = StateBackendConfig.ROCKSDB;

    private KitConfig kit;
    private List<ReferenceProfile> profiles;

    private GatingJobOptions() {}

    /** Reads the options from {@code args} and {@code env}; an error message names the bad flag. */
    public static GatingJobOptions parse(String[] args, Map<String, String> env) throws IOException {
        GatingJobOptions options = new GatingJobOptions();
        CommandLine line = new CommandLine(options);
        // A repeated flag takes its last value, as a later --env-file wins over an earlier one.
        line.setOverwrittenOptionsAllowed(true);
        try {
            line.parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(message(e, line), e);
        }
        options.resolve(env);
        return options;
    }

    /** Loads the settings and profiles the flags point at, and picks the models they leave to default. */
    private void resolve(Map<String, String> env) throws IOException {
        kit = ConfigLoader.load(env, envFiles, sets);
        profiles = ReferenceProfiles.read(references);
        champion = ReferenceProfiles.championOr(champion, profiles);
        if (champion == null) {
            throw new IllegalArgumentException("--champion is required when no --reference profile is given");
        }
        challenger = ReferenceProfiles.challengerOr(challenger, profiles);
    }

    /** The settings of the job graph: the configured out-of-orderness and idleness, on the chosen clock. */
    public WorkflowSettings workflow() {
        return WorkflowSettings.live(
                GateSettings.of(kit, profiles, champion, challenger, clock, false, idleSymbolTtlMs),
                idlenessMs);
    }

    /** Every Canary Kit setting (KAFKA_BOOTSTRAP, limits, windows...). */
    public KitConfig kit() {
        return kit;
    }

    /** The Kafka consumer group of the job. */
    public String groupId() {
        return groupId;
    }

    /** Partitions of the topics the job creates. */
    public int partitions() {
        return partitions;
    }

    /** Replication factor of the topics the job creates. */
    public short replicationFactor() {
        return replicationFactor;
    }

    /** Whether the job creates the contract's missing topics at start. */
    public boolean createTopics() {
        return createTopics;
    }

    public long checkpointIntervalMs() {
        return checkpointIntervalMs;
    }

    /**
     * The keyed state's backend: {@code rocksdb} (the default: state beyond memory, incremental
     * checkpoints) or {@code hashmap} (state on the heap, whose checkpoints do not stop the gate).
     */
    public String stateBackend() {
        return stateBackend;
    }

    /** Where checkpoints go, or null for the cluster's setting. */
    public String checkpointDir() {
        return checkpointDir;
    }

    /** How long a quiet input may hold event time back. */
    public long idlenessMs() {
        return idlenessMs;
    }

    /** How long a symbol may go without input before its state is dropped. */
    public long idleSymbolTtlMs() {
        return idleSymbolTtlMs;
    }

    /**
     * Live (staleness on the wall clock, commands act on arrival) or event (everything in event time,
     * so the same topics always give the same output, as {@code kit replay} does).
     */
    public JobClock clock() {
        return clock;
    }

    /** The models' reference profiles. */
    public List<ReferenceProfile> profiles() {
        return profiles;
    }

    /** The champion model. */
    public String champion() {
        return champion;
    }

    /** The challenger model, or null. */
    public String challenger() {
        return challenger;
    }

    /** Picocli's words for a bad command line, with an unknown flag answered by the list of known ones. */
    private static String message(ParameterException e, CommandLine line) {
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> args = unmatched.getUnmatched();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (!arg.startsWith("--")) {
                    problems.add("unexpected argument '" + arg + "' (flags look like --name value)");
                    continue;
                }
                problems.add("unknown flag " + flagName(arg) + "; known flags: " + knownFlags(line));
                if (!arg.contains("=") && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    i++; // the unknown flag's own value, not a stray argument
                }
            }
            return String.join("\n", problems);
        }
        if (e.getCause() instanceof BadValue bad && e.getArgSpec() instanceof OptionSpec flag) {
            return flag.longestName() + " " + bad.getMessage();
        }
        return e.getMessage();
    }

    private static String flagName(String arg) {
        int eq = arg.indexOf('=');
        return eq > 0 ? arg.substring(0, eq) : arg;
    }

    private static String knownFlags(CommandLine line) {
        return String.join(", ", line.getCommandSpec().optionsMap().keySet());
    }

    /** A value our own converters refuse; the message is worded to follow the flag's name. */
    static final class BadValue extends TypeConversionException {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message);
        }
    }

    /** {@code --clock}: {@code live} or {@code event}, in any case. */
    static final class ClockName implements ITypeConverter<JobClock> {
        @Override
        public JobClock convert(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "live" -> JobClock.LIVE;
                case "event" -> JobClock.EVENT;
                default -> throw new BadValue("must be live or event, got '" + name + "'");
            };
        }
    }

    /** {@code --state-backend}: {@code rocksdb} or {@code hashmap}, in any case. */
    static final class BackendName implements ITypeConverter<String> {
        @Override
        public String convert(String name) {
            String backend = name.trim().toLowerCase(Locale.ROOT);
            if (!backend.equals(StateBackendConfig.ROCKSDB) && !backend.equals(StateBackendConfig.HASHMAP)) {
                throw new BadValue("must be " + StateBackendConfig.ROCKSDB + " or " + StateBackendConfig.HASHMAP
                        + ", got '" + name + "'");
            }
            return backend;
        }
    }

    /** {@code true} or {@code false} only: {@code Boolean.parseBoolean} would read a typo such as "yes" as false. */
    static final class StrictBoolean implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return TextValues.trueOrFalse(value.trim())
                    .orElseThrow(() -> new BadValue("must be true or false, got '" + value + "'"));
        }
    }
}

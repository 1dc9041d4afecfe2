package io.canarykit.jobs;

import io.canarykit.jobs.io.KafkaGatingSinks;
import io.canarykit.jobs.io.KafkaGatingSources;
import io.canarykit.jobs.io.TopicProvisioner;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Canary Kit gating job: reads {@code kit.market}, {@code kit.features}, {@code kit.orders},
 * {@code kit.control} and {@code kit.reference} (profiles published while it runs) from Kafka and writes {@code kit.gate-decisions} (compacted, key = symbol),
 * {@code kit.kpis}, {@code kit.tca} and {@code kit.dlq}, at least once, with RocksDB state and
 * incremental checkpoints.
 *
 * <p>Flags ({@code --name value} or {@code --name=value}):
 * <ul>
 *   <li>{@code --env-file FILE}: a .env file of settings (repeatable; later wins).</li>
 *   <li>{@code --set KEY=VALUE}: one setting over files and environment (repeatable), e.g.
 *       {@code --set KAFKA_BOOTSTRAP=kafka:9092}. Every setting of docs/configuration.md can be
 *       given this way or as an environment variable.</li>
 *   <li>{@code --reference PATH}: a model's reference profile (JSON, JSONL, or a directory of
 *       them); repeatable. They hold from the start; one on {@code kit.reference} replaces a
 *       model's profile from its {@code ts} on.</li>
 *   <li>{@code --champion ID}, {@code --challenger ID}: the models at start (default: the first
 *       and second profiles read).</li>
 *   <li>{@code --group-id ID}: the consumer group (default {@code canary-kit-gating}).</li>
 *   <li>{@code --create-topics true|false}: create the contract's missing topics (default true),
 *       with {@code --partitions N} (default 3) and {@code --replication-factor N} (default 1).</li>
 *   <li>{@code --checkpoint-interval-ms MS}: checkpoint interval (default 10000).</li>
 *   <li>{@code --checkpoint-dir URI}: checkpoint location (default: the cluster's).</li>
 *   <li>{@code --idleness-ms MS}: how long a quiet input may hold event time back (default 2000).</li>
 *   <li>{@code --idle-symbol-ttl-ms MS}: a symbol without input for this long loses its state
 *       (default 3600000).</li>
 *   <li>{@code --clock live|event}: {@code live} (default) judges staleness and heartbeats by the
 *       wall clock and applies commands when they arrive; {@code event} runs everything in event
 *       time and applies commands at their own timestamp, so the same topics always give the same
 *       output (a backtest on Kafka, or a drill that compares runs).</li>
 * </ul>
 * The out-of-orderness bound is the {@code OUT_OF_ORDERNESS_MS} setting (default 500 ms).
 */
public final class GatingJob {

    private static final Logger LOG = LoggerFactory.getLogger(GatingJob.class);

    private GatingJob() {}

    public static void main(String[] args) throws Exception {
        GatingJobOptions options = GatingJobOptions.parse(args, System.getenv());
        String bootstrap = options.kit().kafkaBootstrap();
        if (options.createTopics()) {
            List<String> created = new TopicProvisioner(bootstrap, options.partitions(), options.replicationFactor(),
                    options.kit().dlqMaxRawBytes()).createMissing(30_000);
            LOG.info("created topics {}", created);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig(options));
        GatingWorkflow.define(
                env,
                new KafkaGatingSources(bootstrap, options.groupId()),
                new KafkaGatingSinks(bootstrap, options.kit().dlqMaxRawBytes()),
                options.workflow());
        env.execute("Canary Kit gating");
    }

    /**
     * The state backend of {@code --state-backend} (RocksDB by default) with incremental checkpoints,
     * and no silent fallback to Kryo for any record type.
     */
    public static Configuration flinkConfig(GatingJobOptions options) {
        Configuration conf = new Configuration();
        StateBackendConfig.use(conf, options.stateBackend());
        CheckpointAlignment.bound(conf);
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.interval", options.checkpointIntervalMs() + " ms");
        if (options.checkpointDir() != null) {
            conf.setString("execution.checkpointing.dir", options.checkpointDir());
        }
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }
}

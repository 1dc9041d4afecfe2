package io.canarykit.jobs.io;

import io.canarykit.schema.Topics;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The job's inputs from the contract's Kafka topics, resuming from the group's committed offsets:
 * the three input feeds through one source, commands and reference profiles each through their own.
 */
public final class KafkaGatingSources implements GatingSources {

    /**
     * The input feeds' fetches wait for this much data, or {@link #INPUT_FETCH_MAX_WAIT_MS}: at a desk's
     * rates a fetch then carries milliseconds of records instead of the few that arrived since the last
     * one, so the broker and the job's fetchers handle far fewer requests for the same events.
     */
    static final int INPUT_FETCH_MIN_BYTES = 16_384;
    /** The longest a feed's record waits at the broker for others to share its fetch: a quiet feed's latency. */
    static final int INPUT_FETCH_MAX_WAIT_MS = 5;

    /** The uid of the one source that reads the three input feeds. */
    static final String FEEDS_SOURCE_UID = "source-feeds";

    private final String bootstrap;
    private final String groupId;
    /** The feeds' source parted by topic, made once per environment the job is defined in. */
    private SingleOutputStreamOperator<RawInput> feeds;
    private StreamExecutionEnvironment feedsEnv;

    public KafkaGatingSources(String bootstrap, String groupId) {
        this.bootstrap = bootstrap;
        this.groupId = groupId;
    }

    @Override
    public DataStream<RawInput> market(StreamExecutionEnvironment env) {
        return feeds(env);
    }

    @Override
    public DataStream<RawInput> features(StreamExecutionEnvironment env) {
        return feeds(env).getSideOutput(FeedSplit.FEATURES);
    }

    @Override
    public DataStream<RawInput> orders(StreamExecutionEnvironment env) {
        return feeds(env).getSideOutput(FeedSplit.ORDERS);
    }

    @Override
    public DataStream<RawInput> control(StreamExecutionEnvironment env) {
        // Commands go to one partition, read by one reader, so they keep the order they were given.
        return read(env, Topics.CONTROL, "control", 1);
    }

    /**
     * The compacted topic of reference profiles, read by one reader from its start whenever the job
     * starts without state: the profiles published before are then all known again, whatever offsets
     * the group committed. A job restored from a checkpoint goes on from the checkpoint's offsets.
     */
    @Override
    public DataStream<RawInput> reference(StreamExecutionEnvironment env) {
        return read(env, Topics.REFERENCE, "reference", 1, OffsetsInitializer.earliest());
    }

    /**
     * The three dense input feeds, read by one source in every subtask and parted by topic
     * ({@link FeedSplit}): one consumer per subtask fetches all three in one request, where three
     * sources each had their own consumer, fetch loop, task thread and output flusher, and the broker
     * three times the fetches for the same records. Its fetches are batched.
     */
    private SingleOutputStreamOperator<RawInput> feeds(StreamExecutionEnvironment env) {
        if (feeds == null || feedsEnv != env) {
            KafkaSource<RawInput> source = builder(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST),
                    FeedSplit.TOPICS)
                    .setProperty(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(INPUT_FETCH_MIN_BYTES))
                    .setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(INPUT_FETCH_MAX_WAIT_MS))
                    .build();
            int parallelism = env.getParallelism();
            feeds = env.fromSource(source, WatermarkStrategy.noWatermarks(), "Kafka " + String.join(", ", FeedSplit.TOPICS))
                    .uid(FEEDS_SOURCE_UID)
                    .setParallelism(parallelism)
                    .process(new FeedSplit())
                    .uid("split-feeds")
                    .name("split feeds")
                    .setParallelism(parallelism);
            feedsEnv = env;
        }
        return feeds;
    }

    /** A sparse input (commands, profiles): each record fetched as soon as it is there. */
    private DataStream<RawInput> read(StreamExecutionEnvironment env, String topic, String id, int parallelism) {
        return read(env, topic, id, parallelism, OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
    }

    private DataStream<RawInput> read(StreamExecutionEnvironment env, String topic, String id, int parallelism,
            OffsetsInitializer start) {
        return read(env, builder(start, topic).build(), topic, id, parallelism);
    }

    private KafkaSourceBuilder<RawInput> builder(OffsetsInitializer start, String... topics) {
        return KafkaSource.<RawInput>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topics)
                .setGroupId(groupId)
                .setStartingOffsets(start)
                .setDeserializer(new RawInputDeserializer())
                .setProperty("partition.discovery.interval.ms", "30000");
    }

    private static DataStream<RawInput> read(StreamExecutionEnvironment env, KafkaSource<RawInput> source, String topic,
            String id, int parallelism) {
        // Event time is assigned after decoding, where the timestamp can be read safely.
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Kafka " + topic)
                .uid("source-" + id)
                .setParallelism(parallelism);
    }
}

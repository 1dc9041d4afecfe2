package io.canarykit.jobs.io;

import io.canarykit.schema.Topics;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's inputs from the contract's Kafka topics, resuming from the group's committed offsets. */
public final class KafkaGatingSources implements GatingSources {

    private final String bootstrap;
    private final String groupId;

    public KafkaGatingSources(String bootstrap, String groupId) {
        this.bootstrap = bootstrap;
        this.groupId = groupId;
    }

    @Override
    public DataStream<RawInput> market(StreamExecutionEnvironment env) {
        return read(env, Topics.MARKET, "market");
    }

    @Override
    public DataStream<RawInput> features(StreamExecutionEnvironment env) {
        return read(env, Topics.FEATURES, "features");
    }

    @Override
    public DataStream<RawInput> orders(StreamExecutionEnvironment env) {
        return read(env, Topics.ORDERS, "orders");
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

    private DataStream<RawInput> read(StreamExecutionEnvironment env, String topic, String id) {
        return read(env, topic, id, env.getParallelism());
    }

    private DataStream<RawInput> read(StreamExecutionEnvironment env, String topic, String id, int parallelism) {
        return read(env, topic, id, parallelism, OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
    }

    private DataStream<RawInput> read(StreamExecutionEnvironment env, String topic, String id, int parallelism,
            OffsetsInitializer start) {
        KafkaSource<RawInput> source = KafkaSource.<RawInput>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(start)
                .setDeserializer(new RawInputDeserializer())
                .setProperty("partition.discovery.interval.ms", "30000")
                .build();
        // Event time is assigned after decoding, where the timestamp can be read safely.
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Kafka " + topic)
                .uid("source-" + id)
                .setParallelism(parallelism);
    }
}

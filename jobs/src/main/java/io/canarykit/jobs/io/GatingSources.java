package io.canarykit.jobs.io;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the gating job's inputs come from, as undecoded records: Kafka topics in production, JSONL
 * files in replay, bounded lists in tests. The job decodes them and assigns event time itself.
 */
public interface GatingSources {

    DataStream<RawInput> market(StreamExecutionEnvironment env);

    DataStream<RawInput> features(StreamExecutionEnvironment env);

    DataStream<RawInput> orders(StreamExecutionEnvironment env);

    DataStream<RawInput> control(StreamExecutionEnvironment env);

    /**
     * Models' reference profiles published while the job runs ({@code kit.reference}), each holding
     * from its {@code ts}; null when these sources have none, and the profiles given at start are all.
     */
    default DataStream<RawInput> reference(StreamExecutionEnvironment env) {
        return null;
    }
}

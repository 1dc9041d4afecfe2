package io.canarykit.cli.bench;

import io.canarykit.jobs.io.GatingSources;
import io.canarykit.jobs.io.RawInput;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The gating job's inputs from a {@link DeskSession} in memory, at the environment's parallelism. */
final class SessionSources implements GatingSources {

    private final DeskSession session;

    SessionSources(DeskSession session) {
        this.session = session;
    }

    @Override
    public DataStream<RawInput> market(StreamExecutionEnvironment env) {
        return stream(env, SessionSource.Stream.MARKET);
    }

    @Override
    public DataStream<RawInput> features(StreamExecutionEnvironment env) {
        return stream(env, SessionSource.Stream.FEATURES);
    }

    @Override
    public DataStream<RawInput> orders(StreamExecutionEnvironment env) {
        return stream(env, SessionSource.Stream.ORDERS);
    }

    @Override
    public DataStream<RawInput> control(StreamExecutionEnvironment env) {
        return stream(env, SessionSource.Stream.CONTROL);
    }

    private DataStream<RawInput> stream(StreamExecutionEnvironment env, SessionSource.Stream stream) {
        String id = stream.name().toLowerCase(Locale.ROOT);
        // Event time is the job's to assign after decoding, as with Kafka and files.
        return env.fromSource(new SessionSource(session, stream), WatermarkStrategy.noWatermarks(), "session " + id)
                .uid("source-" + id);
    }
}

package io.canarykit.jobs.io;

import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.Topics;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The job's outputs to the contract's Kafka topics, at least once: a restart may repeat a record
 * (consumers keep the highest {@code seq}), never lose one.
 */
public final class KafkaGatingSinks implements GatingSinks {

    private final String bootstrap;
    private final int dlqMaxRawBytes;

    /** Sinks to the broker at {@code bootstrap}, for DLQ records keeping up to {@code dlqMaxRawBytes} of raw input. */
    public KafkaGatingSinks(String bootstrap, int dlqMaxRawBytes) {
        this.bootstrap = bootstrap;
        this.dlqMaxRawBytes = dlqMaxRawBytes;
    }

    @Override
    public void decisions(DataStream<GateDecision> decisions) {
        write(decisions, Topics.GATE_DECISIONS, GateDecision::symbol, "decisions");
    }

    @Override
    public void kpis(DataStream<KpiRecord> kpis) {
        write(kpis, Topics.KPIS, KpiRecord::symbol, "kpis");
    }

    @Override
    public void tca(DataStream<TcaRecord> tca) {
        write(tca, Topics.TCA, TcaRecord::orderId, "tca");
    }

    @Override
    public void dlq(DataStream<DlqRecord> dlq) {
        dlq.sinkTo(new DlqKafkaSink(bootstrap, dlqMaxRawBytes)).uid("sink-dlq").name("Kafka " + Topics.DLQ);
    }

    private <T> void write(DataStream<T> stream, String topic, SerializableFunction<T, String> key, String id) {
        KafkaSink<T> sink = KafkaSink.<T>builder()
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new KeyedJsonSerializer<>(topic, key))
                // A decision must reach engines quickly; batching would only add latency.
                .setProperty("linger.ms", "5")
                .setProperty("acks", "all")
                .build();
        stream.sinkTo(sink).uid("sink-" + id).name("Kafka " + topic);
    }
}

package io.canarykit.jobs.io;

import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.Topics;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The job's outputs to the contract's Kafka topics, at least once: a restart may repeat a record
 * (consumers keep the highest {@code seq}), never lose one.
 */
public final class KafkaGatingSinks implements GatingSinks {

    /** A decision must reach engines quickly: its batch waits at most this long for others. */
    static final int DECISION_LINGER_MS = 5;
    /**
     * KPI and TCA records feed dashboards, reports and the sidecar, which read them in seconds: their
     * batches wait longer and carry more, so the broker handles far fewer requests for them.
     */
    static final int FIGURES_LINGER_MS = 50;
    /** Room for a figures batch's 50 ms of records per partition at a desk's rate. */
    static final int FIGURES_BATCH_BYTES = 65_536;

    private final String bootstrap;
    private final int dlqMaxRawBytes;

    /** Sinks to the broker at {@code bootstrap}, for DLQ records keeping up to {@code dlqMaxRawBytes} of raw input. */
    public KafkaGatingSinks(String bootstrap, int dlqMaxRawBytes) {
        this.bootstrap = bootstrap;
        this.dlqMaxRawBytes = dlqMaxRawBytes;
    }

    @Override
    public void decisions(DataStream<GateDecision> decisions) {
        write(decisions, Topics.GATE_DECISIONS, GateDecision::symbol, "decisions", DECISION_LINGER_MS, null);
    }

    @Override
    public void kpis(DataStream<KpiRecord> kpis) {
        write(kpis, Topics.KPIS, KpiRecord::symbol, "kpis", FIGURES_LINGER_MS, FIGURES_BATCH_BYTES);
    }

    @Override
    public void tca(DataStream<TcaRecord> tca) {
        write(tca, Topics.TCA, TcaRecord::orderId, "tca", FIGURES_LINGER_MS, FIGURES_BATCH_BYTES);
    }

    @Override
    public void dlq(DataStream<DlqRecord> dlq) {
        dlq.sinkTo(new DlqKafkaSink(bootstrap, dlqMaxRawBytes)).uid("sink-dlq").name("Kafka " + Topics.DLQ);
    }

    private <T> void write(DataStream<T> stream, String topic, SerializableFunction<T, String> key, String id,
            int lingerMs, Integer batchBytes) {
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new KeyedJsonSerializer<>(topic, key))
                .setProperty(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs))
                .setProperty(ProducerConfig.ACKS_CONFIG, "all");
        if (batchBytes != null) {
            builder.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(batchBytes));
        }
        stream.sinkTo(builder.build()).uid("sink-" + id).name("Kafka " + topic);
    }
}

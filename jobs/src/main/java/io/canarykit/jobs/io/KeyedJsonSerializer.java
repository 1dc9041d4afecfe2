package io.canarykit.jobs.io;

import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a record to one topic as JSON, keyed by the given field (symbol, order id...). */
public final class KeyedJsonSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;

    public KeyedJsonSerializer(String topic, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        byte[] k = key.apply(element).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, timestamp, k, JsonCodec.encode(element));
    }
}

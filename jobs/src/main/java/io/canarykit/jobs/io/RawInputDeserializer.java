package io.canarykit.jobs.io;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes Kafka records on as {@link RawInput} without looking inside, so decoding (and the DLQ for
 * what cannot be decoded) happens in the job, never in the source where an exception would fail it.
 */
public final class RawInputDeserializer implements KafkaRecordDeserializationSchema<RawInput> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawInput> out) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        out.collect(new RawInput(record.topic(), record.partition(), record.offset(), record.timestamp(), value));
    }

    @Override
    public TypeInformation<RawInput> getProducedType() {
        return TypeInformation.of(RawInput.class);
    }
}

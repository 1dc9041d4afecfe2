package io.canarykit.cli.demo.broker;

import io.canarykit.cli.demo.recording.RecordSink;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends played records to the demo's broker, with string keys and the recorded bytes as values. */
public final class KafkaRecordSink implements RecordSink, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong failed = new AtomicLong();

    public KafkaRecordSink(String bootstrap) {
        this.producer = KafkaClients.producer(bootstrap, "1");
    }

    @Override
    public void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (meta, e) -> {
            // Said once: a broker that refuses one record usually refuses the next thousand too.
            if (e != null && failed.getAndIncrement() == 0) {
                System.err.println("kit demo: the broker refused a played record: " + e);
            }
        });
    }

    /** Records the broker refused. */
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

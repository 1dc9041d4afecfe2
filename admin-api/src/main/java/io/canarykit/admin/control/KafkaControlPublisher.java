package io.canarykit.admin.control;

import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes commands and profiles with {@code acks=all} and waits for the acknowledgement, a few seconds at most. */
public final class KafkaControlPublisher implements ControlPublisher {

    /** How long a control call waits for the broker before answering 503. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaProducer<String, byte[]> producer;

    public KafkaControlPublisher(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "kit-sidecar-control");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // An operator waits on the answer, so a dead broker must fail fast rather than retry for minutes.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "4000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(p);
    }

    @Override
    public void publish(ControlCommand command) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.CONTROL, Topics.CONTROL_KEY, ControlArgs.wire(command));
        sendAndWait(record, "command");
    }

    @Override
    public void publish(ReferenceProfile profile) {
        sendAndWait(new ProducerRecord<>(Topics.REFERENCE, profile.modelId(), JsonCodec.encode(profile)), "profile");
    }

    private void sendAndWait(ProducerRecord<String, byte[]> record, String what) {
        // Marks the record as the sidecar's, whose audit entry was written before it was sent.
        record.headers().add(ControlTopic.SENDER_HEADER, ControlTopic.SIDECAR.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new BrokerUnavailableException("Kafka did not acknowledge the " + what + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("Kafka did not acknowledge the " + what + " within " + ACK_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for Kafka", e);
        } catch (RuntimeException e) {
            throw new BrokerUnavailableException("Kafka refused the " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void prepare() {
        try {
            producer.partitionsFor(Topics.CONTROL);
        } catch (RuntimeException e) {
            // The first command finds out for itself, and says so to its caller.
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}

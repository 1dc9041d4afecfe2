package io.canarykit.cli.demo.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients the kit's desk, player and drills use: string keys, JSON bytes as values. */
public final class KafkaClients {

    private KafkaClients() {}

    /** How long the kit's producers batch by default. */
    private static final int LINGER_MS = 5;

    /** A producer that batches for 5 ms and waits for {@code acks} ("1", or "all" where order and loss matter). */
    public static KafkaProducer<String, byte[]> producer(String bootstrap, String acks) {
        return producer(bootstrap, acks, null, LINGER_MS);
    }

    /**
     * As {@link #producer(String, String)}, its client (and so its network thread) named
     * {@code clientId} when it is not null, batching for {@code lingerMs}.
     */
    public static KafkaProducer<String, byte[]> producer(String bootstrap, String acks, String clientId, int lingerMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        if (clientId != null) {
            props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        }
        return new KafkaProducer<>(props);
    }

    /**
     * A consumer of every partition of {@code topic} from its first record, outside any consumer
     * group: a reader of the compacted decisions topic sees the latest decision of every symbol.
     */
    public static KafkaConsumer<String, byte[]> fromTheStart(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions at " + bootstrap);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }
}

package io.canarykit.admin.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.schema.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads every command on {@code kit.control} from the beginning, to hold them against the audit log. */
public final class ControlTopic {

    /** The header the sidecar puts on each command it sends, after its audit entry is written. */
    public static final String SENDER_HEADER = "kit-sender";
    /** The sidecar's value of {@link #SENDER_HEADER}. */
    public static final String SIDECAR = "kit-sidecar";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * One command on the topic.
     *
     * @param id the command's id, or null when the record is not a readable command
     * @param bySidecar whether the sidecar sent it (its header says so)
     */
    public record Seen(String id, boolean bySidecar) {}

    private final String bootstrap;

    public ControlTopic(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * Every record on the topic up to its end when asked; none when the topic does not exist.
     *
     * @throws IllegalStateException when the broker does not serve the whole topic within {@code timeout}
     */
    public List<Seen> readAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties(timeout))) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.CONTROL, timeout);
            List<TopicPartition> assigned = new ArrayList<>();
            for (PartitionInfo info : partitions == null ? List.<PartitionInfo>of() : partitions) {
                assigned.add(new TopicPartition(info.topic(), info.partition()));
            }
            List<Seen> seen = new ArrayList<>();
            if (assigned.isEmpty()) {
                return seen;
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, timeout);
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(Topics.CONTROL + " was not read to its end within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        seen.add(new Seen(idOf(record.value()), bySidecar(record)));
                    }
                }
            }
            return seen;
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static String idOf(byte[] value) {
        try {
            JsonNode id = value == null ? null : JSON.readTree(value).get("id");
            return id != null && id.isTextual() ? id.asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static boolean bySidecar(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(SENDER_HEADER);
        return header != null && SIDECAR.equals(new String(header.value(), StandardCharsets.UTF_8));
    }

    private Properties properties(Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kit-sidecar-control-reader");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Reading the topic must never create it with the wrong settings.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        return p;
    }
}

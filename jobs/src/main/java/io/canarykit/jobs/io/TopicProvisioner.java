package io.canarykit.jobs.io;

import io.canarykit.config.KitConfig;
import io.canarykit.schema.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the contract's topics that are missing, with their settings: the decisions topic is
 * compacted so a consumer that starts late still finds the latest gate of every symbol, and the
 * reference profiles compacted so a job that starts without state still finds every model's latest.
 */
public final class TopicProvisioner {

    /** The broker's default {@code message.max.bytes}. */
    private static final int BROKER_DEFAULT_MESSAGE_BYTES = 1_048_588;

    private final String bootstrap;
    private final int partitions;
    private final short replicationFactor;
    private final int dlqMaxRawBytes;

    /** Topics for DLQ records of the default size ({@code DLQ_MAX_RAW_BYTES} unset). */
    public TopicProvisioner(String bootstrap, int partitions, short replicationFactor) {
        this(bootstrap, partitions, replicationFactor, KitConfig.defaults().dlqMaxRawBytes());
    }

    /** Topics whose {@code kit.dlq} takes records keeping up to {@code dlqMaxRawBytes} of raw input. */
    public TopicProvisioner(String bootstrap, int partitions, short replicationFactor, int dlqMaxRawBytes) {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("bootstrap is required but not provided.");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor);
        }
        this.bootstrap = bootstrap;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.dlqMaxRawBytes = dlqMaxRawBytes;
    }

    /** The topics of the contract with the settings they are created with. */
    public List<NewTopic> contractTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : List.of(Topics.MARKET, Topics.FEATURES, Topics.ORDERS, Topics.KPIS, Topics.TCA)) {
            topics.add(new NewTopic(name, partitions, replicationFactor));
        }
        // Large enough for the largest DLQ record the job writes, never smaller than the broker's default.
        int dlqMessageBytes = Math.max(BROKER_DEFAULT_MESSAGE_BYTES, DlqKafkaSink.maxRequestBytes(dlqMaxRawBytes));
        topics.add(new NewTopic(Topics.DLQ, partitions, replicationFactor)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(dlqMessageBytes))));
        // One partition keeps operator commands in the order they were given.
        topics.add(new NewTopic(Topics.CONTROL, 1, replicationFactor));
        // Keyed by model: compaction keeps each model's latest profile for as long as the topic lives.
        topics.add(new NewTopic(Topics.REFERENCE, 1, replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(new NewTopic(Topics.GATE_DECISIONS, partitions, replicationFactor)
                .configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0",
                        TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(TimeUnit.HOURS.toMillis(1)))));
        return topics;
    }

    /** Creates whatever contract topic does not exist yet; returns the names it created. */
    public List<String> createMissing(long timeoutMs) throws InterruptedException, TimeoutException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = contractTopics().stream().filter(t -> !existing.contains(t.name())).toList();
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    // Another process may have created it between our listing and our request.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer: " + e.getCause().getMessage(), e);
        }
    }
}

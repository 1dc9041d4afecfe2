package io.canarykit.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

    @Test
    void theDlqTopicTakesTheLargestRecordTheJobWrites() {
        // 4 MiB of raw bytes are 5,592,408 characters of base64, plus the record's other fields.
        NewTopic dlq = topic(new TopicProvisioner("localhost:9092", 3, (short) 1, 4 * 1_048_576), Topics.DLQ);

        assertThat(Integer.parseInt(dlq.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)))
                .isEqualTo(DlqKafkaSink.maxRequestBytes(4 * 1_048_576))
                .isGreaterThan(5_592_408);
    }

    @Test
    void theDlqTopicNeverGoesBelowTheBrokersDefaultSize() {
        NewTopic dlq = topic(new TopicProvisioner("localhost:9092", 3, (short) 1, 1_024), Topics.DLQ);

        assertThat(dlq.configs()).containsEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588");
    }

    @Test
    void decisionsAndReferenceProfilesAreCompactedAndControlHasOnePartition() {
        TopicProvisioner provisioner = new TopicProvisioner("localhost:9092", 3, (short) 1);

        assertThat(topic(provisioner, Topics.GATE_DECISIONS).configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(topic(provisioner, Topics.CONTROL).numPartitions()).isEqualTo(1);
        assertThat(topic(provisioner, Topics.REFERENCE).configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(provisioner.contractTopics()).extracting(NewTopic::name).containsExactlyInAnyOrder(
                Topics.MARKET, Topics.FEATURES, Topics.ORDERS, Topics.CONTROL, Topics.GATE_DECISIONS, Topics.KPIS,
                Topics.TCA, Topics.DLQ, Topics.REFERENCE);
    }

    private static NewTopic topic(TopicProvisioner provisioner, String name) {
        return provisioner.contractTopics().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}

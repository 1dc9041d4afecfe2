package io.canarykit.jobs.io;

import io.canarykit.config.KitConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.DlqRecords;
import io.canarykit.schema.codec.JsonCodec;
import io.canarykit.schema.codec.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The DLQ's writer on a real broker: what the broker refuses is counted and dropped, and the job goes on. */
class DlqKafkaSinkITCase {

    @Test
    void aRecordTheBrokerRefusesNeverFailsTheJob() throws Exception {
        try (KafkaTestBroker kafka = KafkaTestBroker.start()) {
            // A topic that takes less than the job's largest DLQ record: as a broker set up by someone else may.
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
            try (Admin admin = Admin.create(props)) {
                admin.createTopics(List.of(new NewTopic(Topics.DLQ, 1, (short) 1)
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "20000")))).all().get();
            }
            DlqRecord small = record("tiny".getBytes(StandardCharsets.UTF_8), 1);
            DlqRecord large = record(new byte[60_000], 2);
            DlqRecord after = record("after".getBytes(StandardCharsets.UTF_8), 3);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
            env.fromData(TypeInformation.of(DlqRecord.class), small, large, after)
                    .sinkTo(new DlqKafkaSink(kafka.bootstrap(), KitConfig.defaults().dlqMaxRawBytes()));

            env.execute("dlq-writer-it");

            var written = kafka.readUntil(Topics.DLQ, seen -> seen.size() >= 2, Duration.ofSeconds(30));
            assertThat(written).extracting(r -> JsonCodec.decode(r.value().getBytes(StandardCharsets.UTF_8),
                    DlqRecord.class).value().ts()).containsExactly(1L, 3L);
        }
    }

    private static DlqRecord record(byte[] raw, long ts) {
        return DlqRecords.of(Topics.MARKET, raw, RejectReason.INVALID_JSON, "record is not valid JSON", ts, null, null,
                KitConfig.defaults().dlqMaxRawBytes());
    }
}

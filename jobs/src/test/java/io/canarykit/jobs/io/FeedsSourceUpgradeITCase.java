package io.canarykit.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.jobs.GatingWorkflow;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.jobs.testing.DeskGates;
import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A savepoint of the job from before its three input feeds shared one source (a source per feed,
 * {@code source-market}, {@code source-features}, {@code source-orders}): the new job refuses it,
 * naming one of those sources' operators; with non-restored state allowed it starts, and its feeds go
 * on from the offsets the old job's savepoint committed for the group, skipping nothing and reading
 * nothing again.
 */
class FeedsSourceUpgradeITCase {

    private static final String GROUP = "it-upgrade";
    private static final Map<String, String> OLD_SOURCES = Map.of(
            Topics.MARKET, "source-market", Topics.FEATURES, "source-features", Topics.ORDERS, "source-orders");

    @TempDir
    Path dir;

    @Test
    void anOlderSavepointIsRefusedByTheOldSourcesNameAndResumesFromTheCommittedOffsetsWhenAllowed() throws Exception {
        try (KafkaTestBroker kafka = KafkaTestBroker.start()) {
            new TopicProvisioner(kafka.bootstrap(), 2, (short) 1).createMissing(30_000);
            String before = "{\"before the upgrade\": ";
            for (String topic : OLD_SOURCES.keySet()) {
                kafka.send(topic, "BTCUSDT", before + "\"" + topic + "\"");
            }

            StreamExecutionEnvironment old = oldJob(kafka.bootstrap());
            Set<String> oldSourceIds = old.getStreamGraph(false).getJobGraph().getVerticesSortedTopologicallyFromSources()
                    .stream().filter(v -> v.getName().startsWith("Source: Kafka"))
                    .flatMap(v -> v.getOperatorIDs().stream()).map(OperatorIDPair::getGeneratedOperatorID)
                    .map(Object::toString).collect(Collectors.toSet());
            assertThat(oldSourceIds).hasSize(3);
            JobClient oldRun = old.executeAsync("feeds before the upgrade");
            awaitCommitted(kafka.bootstrap());
            String savepoint = oldRun.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);

            Throwable refused = null;
            try {
                JobClient refusedRun = newJob(kafka.bootstrap(), savepoint, false).executeAsync("refused");
                refusedRun.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                refused = e;
            }
            assertThat(refused).as("the new job restored a savepoint of sources it no longer has").isNotNull();
            String chain = causes(refused);
            assertThat(chain).contains("Cannot map checkpoint/savepoint state for operator")
                    .contains("--allowNonRestoredState");
            assertThat(oldSourceIds).anyMatch(chain::contains);

            JobClient upgraded = newJob(kafka.bootstrap(), savepoint, true).executeAsync("upgraded");
            try {
                String after = "{\"after the upgrade\": ";
                for (String topic : OLD_SOURCES.keySet()) {
                    kafka.send(topic, "BTCUSDT", after + "\"" + topic + "\"");
                }
                List<String> rejected = kafka.readUntil(Topics.DLQ, seen -> raws(seen).stream()
                        .filter(r -> r.startsWith(after)).count() >= 3, Duration.ofSeconds(60)).stream()
                        .map(FeedsSourceUpgradeITCase::raw).toList();
                assertThat(rejected).as("each feed's record sent after the upgrade, once")
                        .filteredOn(r -> r.startsWith(after)).hasSize(3);
                assertThat(rejected).as("records the old job had read are not read again")
                        .noneMatch(r -> r.startsWith(before));
            } finally {
                upgraded.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The job's reading as it was: a source per feed, under the ids its savepoints hold. */
    private static StreamExecutionEnvironment oldJob(String bootstrap) {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "500 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        // Each source a task of its own, so its vertex holds its operator id alone.
        env.disableOperatorChaining();
        OLD_SOURCES.forEach((topic, uid) -> env.fromSource(KafkaSource.<RawInput>builder()
                        .setBootstrapServers(bootstrap)
                        .setTopics(topic)
                        .setGroupId(GROUP)
                        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new RawInputDeserializer())
                        .build(), WatermarkStrategy.noWatermarks(), "Kafka " + topic)
                .uid(uid)
                .sinkTo(new DiscardingSink<>()));
        return env;
    }

    private static StreamExecutionEnvironment newJob(String bootstrap, String savepoint, boolean allowNonRestored) {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "1 s");
        conf.setString("execution.state-recovery.path", savepoint);
        conf.setString("execution.state-recovery.ignore-unclaimed-state", String.valueOf(allowNonRestored));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        GateSettings gate = DeskGates.live(DeskGates.kitAt(bootstrap));
        GatingWorkflow.define(env, new KafkaGatingSources(bootstrap, GROUP),
                new KafkaGatingSinks(bootstrap, gate.kit().dlqMaxRawBytes()), WorkflowSettings.live(gate, 1_000));
        return env;
    }

    /** Waits until the group has committed, for every feed partition, the end of what was sent. */
    private static void awaitCommitted(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> ends = admin.describeTopics(OLD_SOURCES.keySet()).allTopicNames().get()
                    .values().stream().flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, Long> latest = admin.listOffsets(ends).all().get().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                boolean caughtUp = latest.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
                if (caughtUp) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("the old job's group never committed what was sent");
        }
    }

    private static List<String> raws(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(FeedsSourceUpgradeITCase::raw).toList();
    }

    private static String raw(ConsumerRecord<String, String> record) {
        DlqRecord d = JsonCodec.decode(record.value().getBytes(StandardCharsets.UTF_8), DlqRecord.class).value();
        return new String(Base64.getDecoder().decode(d.rawBase64()), StandardCharsets.UTF_8);
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }
}

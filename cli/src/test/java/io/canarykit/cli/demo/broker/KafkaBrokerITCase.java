package io.canarykit.cli.demo.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.jobs.io.TopicProvisioner;
import io.canarykit.schema.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's broker runs as a child process, takes the contract's topics, stops, and restarts on its data. */
class KafkaBrokerITCase {

    @TempDir
    Path dir;

    @Test
    void startsCreatesTheTopicsStopsAndRestartsOnItsData() throws Exception {
        int port = KafkaBroker.freePort();
        int controllerPort = KafkaBroker.freePort();
        KafkaBroker broker = new KafkaBroker(dir.resolve("kafka"), port, controllerPort, "512m");
        try {
            broker.start(Duration.ofSeconds(60));
            assertThat(broker.isAlive()).isTrue();
            new TopicProvisioner(broker.bootstrap(), 3, (short) 1).createMissing(30_000);
            assertThat(topics(broker)).contains(Topics.MARKET, Topics.ORDERS, Topics.GATE_DECISIONS);
            assertThat(cleanupPolicy(broker, Topics.GATE_DECISIONS)).isEqualTo("compact");
            // The collector's log, which the bench reads for the broker's pauses, stamped with the wall clock.
            assertThat(java.nio.file.Files.readAllLines(broker.gcLogFile()))
                    .anySatisfy(line -> assertThat(line).matches("\\[\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{4}\\] Using .*"));
        } finally {
            broker.close();
        }
        assertThat(broker.isAlive()).isFalse();

        KafkaBroker again = new KafkaBroker(dir.resolve("kafka"), port, controllerPort, "512m");
        try {
            again.start(Duration.ofSeconds(60));
            assertThat(topics(again)).contains(Topics.MARKET, Topics.GATE_DECISIONS);
        } finally {
            again.close();
        }
        assertThat(again.isAlive()).isFalse();
    }

    private static Set<String> topics(KafkaBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        }
    }

    private static String cleanupPolicy(KafkaBroker broker, String topic) throws Exception {
        try (Admin admin = admin(broker)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Map<ConfigResource, org.apache.kafka.clients.admin.Config> configs =
                    admin.describeConfigs(Set.of(resource)).all().get(10, TimeUnit.SECONDS);
            return configs.get(resource).get("cleanup.policy").value();
        }
    }

    private static Admin admin(KafkaBroker broker) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        return Admin.create(props);
    }
}

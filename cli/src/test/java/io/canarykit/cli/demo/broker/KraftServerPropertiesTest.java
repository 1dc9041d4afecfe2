package io.canarykit.cli.demo.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KraftServerPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void formatsANewStandaloneNodeUnderAFreshClusterId() {
        Path config = dir.resolve("server.properties");
        List<String> first = KraftServerProperties.storageFormatArgs(config);
        List<String> second = KraftServerProperties.storageFormatArgs(config);

        assertThat(first).hasSize(6);
        assertThat(first.subList(0, 3)).containsExactly("format", "--standalone", "-t");
        assertThat(first.subList(4, 6)).containsExactly("-c", config.toString());
        // Kafka's cluster ids are 22 characters of URL-safe base64 (16 random bytes).
        assertThat(first.get(3)).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(second.get(3));
    }

    @Test
    void describesOneLoopbackNodeThatIsBrokerAndController() throws IOException {
        Path file = KraftServerProperties.singleNode("127.0.0.1", 9092, 9093, dir.resolve("data"))
                .writeTo(dir.resolve("server.properties"));

        Properties props = read(file);
        assertThat(props.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(props.getProperty("node.id")).isEqualTo("1");
        assertThat(props.getProperty("controller.quorum.bootstrap.servers")).isEqualTo("127.0.0.1:9093");
        assertThat(props.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(props.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9092");
        assertThat(props.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");
        assertThat(props.getProperty("inter.broker.listener.name")).isEqualTo("PLAINTEXT");
        assertThat(props.getProperty("listener.security.protocol.map")).isEqualTo("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        assertThat(props.getProperty("log.dirs")).isEqualTo(dir.resolve("data").toAbsolutePath().toString());
        assertThat(props.getProperty("num.partitions")).isEqualTo("3");
        assertThat(props.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(props.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
        assertThat(props.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
        assertThat(props.getProperty("share.coordinator.state.topic.replication.factor")).isEqualTo("1");
        assertThat(props.getProperty("share.coordinator.state.topic.min.isr")).isEqualTo("1");
        assertThat(props.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
        assertThat(props).hasSize(16);
    }

    @Test
    void replacesASettingInItsPlaceAndAddsANewOneAtTheEnd() throws IOException {
        Path file = KraftServerProperties.singleNode("127.0.0.1", 9092, 9093, dir.resolve("data"))
                .with("advertised.listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .with("log.retention.hours", "24")
                .writeTo(dir.resolve("server.properties"));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(4)).isEqualTo("advertised.listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("log.retention.hours=24");
        assertThat(read(file)).hasSize(17);
    }

    private static Properties read(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        return props;
    }
}

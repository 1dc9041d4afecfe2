package io.canarykit.cli.demo.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * The {@code server.properties} of a single Kafka node on loopback that is both broker and KRaft
 * controller, with one replica of everything, as the demo's broker and {@code kit cluster up} run it.
 */
public final class KraftServerProperties {

    private final Map<String, String> entries;

    private KraftServerProperties(Map<String, String> entries) {
        this.entries = entries;
    }

    /**
     * @param host the loopback address both listeners bind to
     * @param port the client port
     * @param controllerPort the KRaft controller port
     * @param logDirs where the node keeps its data
     */
    public static KraftServerProperties singleNode(String host, int port, int controllerPort, Path logDirs) {
        String broker = host + ":" + port;
        String controller = host + ":" + controllerPort;
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("process.roles", "broker,controller");
        entries.put("node.id", "1");
        entries.put("controller.quorum.bootstrap.servers", controller);
        entries.put("listeners", "PLAINTEXT://" + broker + ",CONTROLLER://" + controller);
        entries.put("advertised.listeners", "PLAINTEXT://" + broker);
        entries.put("controller.listener.names", "CONTROLLER");
        entries.put("inter.broker.listener.name", "PLAINTEXT");
        entries.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        entries.put("log.dirs", logDirs.toAbsolutePath().toString());
        entries.put("num.partitions", "3");
        // One node: every internal topic has a single replica.
        entries.put("offsets.topic.replication.factor", "1");
        entries.put("transaction.state.log.replication.factor", "1");
        entries.put("transaction.state.log.min.isr", "1");
        entries.put("share.coordinator.state.topic.replication.factor", "1");
        entries.put("share.coordinator.state.topic.min.isr", "1");
        entries.put("group.initial.rebalance.delay.ms", "0");
        return new KraftServerProperties(entries);
    }

    /** The same properties with {@code key} set to {@code value}, in its place when it is already there. */
    public KraftServerProperties with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(entries);
        copy.put(key, value);
        return new KraftServerProperties(copy);
    }

    /** Writes the properties to {@code file}, one {@code key=value} a line, in order. */
    public Path writeTo(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        entries.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The arguments of Kafka's {@code kafka.tools.StorageTool} that format the log directory of a new
     * single node configured by the file at {@code config}, under a fresh cluster id.
     */
    public static List<String> storageFormatArgs(Path config) {
        return List.of("format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", config.toString());
    }
}

package io.canarykit.admin.testing;

import io.canarykit.admin.Sidecar;
import io.canarykit.admin.SidecarOptions;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.TestCase;
import io.javalin.testtools.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A sidecar on a fresh database in {@code dir}, against a real broker, for the tests. */
public final class SidecarHarness {

    private SidecarHarness() {}

    /** The configuration of a test sidecar: its database in {@code dir}, the broker, and {@code extra}. */
    public static KitConfig config(String bootstrap, Path dir, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP", bootstrap);
        env.put("KIT_DB_URL", "jdbc:sqlite:" + dir.resolve("kit.db"));
        env.putAll(extra);
        return ConfigLoader.load(env, List.of(), Map.of());
    }

    /** Assembles a sidecar on 127.0.0.1, port 0, and waits for its rehydration. */
    public static Sidecar assemble(KitConfig config) throws InterruptedException {
        Sidecar sidecar = Sidecar.assemble(config, new SidecarOptions("127.0.0.1", 0, null, System::currentTimeMillis));
        if (!sidecar.awaitRehydrated(Duration.ofSeconds(20))) {
            sidecar.close();
            throw new AssertionError("the sidecar did not rehydrate within 20 s");
        }
        return sidecar;
    }

    /**
     * Runs {@code testCase} against the sidecar's app on a real port (127.0.0.1, port 0). The test tool's
     * cookie clearing is off: it adds a DELETE route of its own, which the audit trail would record.
     */
    public static void http(Sidecar sidecar, TestCase testCase) {
        JavalinTest.test(sidecar.app(), new TestConfig(false, false), testCase);
    }

    /** Sends one record as the job would, JSON-encoded, and waits for the broker's acknowledgement. */
    public static void send(KafkaTestBroker broker, String topic, String key, Object record) throws Exception {
        broker.send(topic, key, JsonCodec.encode(record));
    }

    /** The commands on {@code kit.control} once there are at least {@code count}. */
    public static List<ConsumerRecord<String, String>> controlRecords(KafkaTestBroker broker, int count) {
        return broker.readUntil(Topics.CONTROL, seen -> seen.size() >= count, Duration.ofSeconds(15));
    }

    /** Waits until {@code condition} holds, or fails naming {@code what}. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 20 s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}

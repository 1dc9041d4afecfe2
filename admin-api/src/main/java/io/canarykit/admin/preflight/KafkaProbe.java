package io.canarykit.admin.preflight;

import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/** Asks the Kafka cluster for its metadata, as the preflight's "Kafka reachable" check. */
public final class KafkaProbe implements AutoCloseable {

    private static final int TIMEOUT_MS = 3_000;

    private final Admin admin;

    public KafkaProbe(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "kit-sidecar-preflight");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
        this.admin = Admin.create(p);
    }

    /** The check: the cluster answered with at least one broker within 3 s. */
    Check check() {
        try {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
            Collection<Node> nodes = cluster.nodes().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            String id = cluster.clusterId().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                return Check.fail("kafka", "the cluster answered with no brokers");
            }
            return Check.pass("kafka", "cluster " + id + " answered with " + nodes.size() + " broker(s)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.fail("kafka", "interrupted while asking Kafka for metadata");
        } catch (Exception e) {
            return Check.fail("kafka", "no metadata from Kafka within " + TIMEOUT_MS / 1000 + " s: " + e);
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}

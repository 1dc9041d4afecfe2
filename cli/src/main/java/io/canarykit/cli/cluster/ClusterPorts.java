package io.canarykit.cli.cluster;

import io.canarykit.cli.demo.broker.KafkaBroker;

/**
 * The ports of the local cluster.
 *
 * @param rest the Flink REST API and web UI
 * @param jobManagerRpc the JobManager's RPC port
 * @param taskManagerRpc the TaskManager's RPC port
 * @param blob the JobManager's blob server
 * @param jobManagerMetrics the JobManager's Prometheus reporter
 * @param taskManagerMetrics the TaskManager's Prometheus reporter
 * @param kafka the broker's client listener
 * @param kafkaController the broker's controller listener
 * @param prometheus the Prometheus that scrapes both reporters and evaluates the rules
 */
public record ClusterPorts(
        int rest, int jobManagerRpc, int taskManagerRpc, int blob, int jobManagerMetrics, int taskManagerMetrics,
        int kafka, int kafkaController, int prometheus) {

    /** The ports of deploy/local/config.yaml and the usual Kafka and Prometheus ports. */
    public static ClusterPorts defaults() {
        return new ClusterPorts(8081, 6123, 6122, 6124, 9249, 9250, 9092, 9093, 9090);
    }

    /** Ports free right now, so a test's cluster never collides with another on the machine. */
    public static ClusterPorts free() {
        return new ClusterPorts(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort(),
                KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort(),
                KafkaBroker.freePort(), KafkaBroker.freePort());
    }

    /** These ports moved up by {@code offset}, for a second cluster beside one on the usual ports. */
    public ClusterPorts shifted(int offset) {
        if (offset < 0 || offset > 50_000) {
            throw new IllegalArgumentException("offset must be in [0, 50000], got " + offset);
        }
        return new ClusterPorts(rest + offset, jobManagerRpc + offset, taskManagerRpc + offset, blob + offset,
                jobManagerMetrics + offset, taskManagerMetrics + offset, kafka + offset, kafkaController + offset,
                prometheus + offset);
    }
}

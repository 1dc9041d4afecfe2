package io.canarykit.cli.demo;

import io.canarykit.cli.demo.broker.KafkaBroker;

/**
 * Where the demo listens, all on 127.0.0.1.
 *
 * @param sidecar the admin sidecar (the page and /api/kit)
 * @param kafka the broker's client port
 * @param kafkaController the broker's KRaft controller port
 * @param flinkUi the Flink web UI and REST API
 * @param prometheus the job's Prometheus reporter
 * @param prometheusServer the Prometheus server that scrapes the job and the sidecar and evaluates the rules
 */
public record DemoPorts(int sidecar, int kafka, int kafkaController, int flinkUi, int prometheus, int prometheusServer) {

    /**
     * The ports a user expects: the page on 8000, Flink on 8081, the job's metrics on 9249, Prometheus
     * on 9090; Kafka off its usual 9092.
     */
    public static DemoPorts standard(int sidecar) {
        return new DemoPorts(sidecar, 19092, 19093, 8081, 9249, 9090);
    }

    /** These ports moved up by {@code offset}, for a second demo beside one on the usual ports. */
    public DemoPorts shifted(int offset) {
        int highest = Math.max(Math.max(Math.max(sidecar, kafka), Math.max(kafkaController, flinkUi)),
                Math.max(prometheus, prometheusServer));
        if (offset < 0 || highest + offset > 65_535) {
            throw new IllegalArgumentException("offset must keep every port within 1..65535 (highest " + highest
                    + "), got " + offset);
        }
        return new DemoPorts(sidecar + offset, kafka + offset, kafkaController + offset, flinkUi + offset,
                prometheus + offset, prometheusServer + offset);
    }

    /** Ports free right now, so a test never collides with another run on the machine. */
    public static DemoPorts free() {
        return new DemoPorts(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort(),
                KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort());
    }
}

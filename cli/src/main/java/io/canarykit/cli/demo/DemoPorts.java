package io.canarykit.cli.demo;

/**
 * Where the demo listens, all on 127.0.0.1.
 *
 * @param sidecar the admin sidecar (the page and /api/kit)
 * @param kafka the broker's client port
 * @param kafkaController the broker's KRaft controller port
 * @param flinkUi the Flink web UI and REST API
 * @param prometheus the job's Prometheus reporter
 */
public record DemoPorts(int sidecar, int kafka, int kafkaController, int flinkUi, int prometheus) {

    /** The ports a user expects: the page on 8000, Flink on 8081, metrics on 9249; Kafka off its usual 9092. */
    public static DemoPorts standard(int sidecar) {
        return new DemoPorts(sidecar, 19092, 19093, 8081, 9249);
    }

    /** Ports free right now, so a test never collides with another run on the machine. */
    public static DemoPorts free() {
        return new DemoPorts(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort(),
                KafkaBroker.freePort(), KafkaBroker.freePort());
    }
}

package io.canarykit.cli.demo.recording;

/** Where played records go: Kafka in the demo, a list in tests. */
@FunctionalInterface
public interface RecordSink {

    /** Sends one record; {@code key} may be null. */
    void send(String topic, String key, byte[] value);
}

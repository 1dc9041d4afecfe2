package io.canarykit.jobs.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * One input record as it came off its topic or file, before decoding: the bytes and where they came
 * from, so a rejected record reaches {@code kit.dlq} whole. A Flink POJO (public fields, no-arg
 * constructor), so it never falls back to Kryo.
 */
public final class RawInput {
    public String topic;
    public int partition;
    public long offset;
    /** The broker's timestamp of the record, or -1 when the source has none. */
    public long brokerTs;
    public byte[] value;

    public RawInput() {}

    public RawInput(String topic, int partition, long offset, long brokerTs, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.brokerTs = brokerTs;
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawInput r
                && partition == r.partition
                && offset == r.offset
                && brokerTs == r.brokerTs
                && Objects.equals(topic, r.topic)
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, brokerTs) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RawInput[" + topic + "-" + partition + "@" + offset + ", " + (value == null ? 0 : value.length) + " bytes]";
    }
}

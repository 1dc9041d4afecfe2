package io.canarykit.schema.codec;

import io.canarykit.schema.DlqRecord;
import java.util.Base64;

/** Builds the {@code kit.dlq} record for an input that was rejected. */
public final class DlqRecords {

    private DlqRecords() {}

    /** The DLQ record of {@code raw}, read from {@code topic} and rejected at {@code ts}. */
    public static DlqRecord of(String topic, byte[] raw, Decoded.Rejected<?> rejection, long ts) {
        return of(topic, raw, rejection, ts, null, null);
    }

    /** As {@link #of(String, byte[], Decoded.Rejected, long)}, with the Kafka partition and offset. */
    public static DlqRecord of(String topic, byte[] raw, Decoded.Rejected<?> rejection, long ts,
            Integer partition, Long offset) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic is required but not provided");
        }
        if (rejection == null) {
            throw new IllegalArgumentException("rejection is required but not provided");
        }
        if (ts < 0) {
            throw new IllegalArgumentException("ts must not be negative, got " + ts);
        }
        // A Kafka record with no value (a tombstone) is kept as empty bytes.
        String rawBase64 = Base64.getEncoder().encodeToString(raw == null ? new byte[0] : raw);
        return new DlqRecord(ts, topic, rejection.reason().wire(), rejection.detail(), rawBase64, partition, offset);
    }
}

package io.canarykit.schema.codec;

import io.canarykit.config.KitConfig;
import io.canarykit.schema.DlqRecord;
import java.util.Arrays;
import java.util.Base64;

/** Builds the {@code kit.dlq} record for an input that was rejected. */
public final class DlqRecords {

    /** The default bound on the raw bytes a DLQ record keeps ({@code DLQ_MAX_RAW_BYTES}). */

    /**
     * Room for everything in an encoded DLQ record but its raw bytes: the reason, the detail (at most
     * a few hundred characters), the topic and the numbers, with plenty to spare.
     */
    private static final int ENVELOPE_BYTES = 16_384;

    /** A detail quotes an exception or a field; beyond this it is cut, so the envelope stays small. */
    private static final int MAX_DETAIL_CHARS = 1_000;

    private DlqRecords() {}

    /** The DLQ record of {@code raw}, read from {@code topic} and rejected at {@code ts}, raw bytes bounded by default. */
    public static DlqRecord of(String topic, byte[] raw, Decoded.Rejected<?> rejection, long ts) {
        return of(topic, raw, rejection, ts, null, null, KitConfig.defaults().dlqMaxRawBytes());
    }

    /**
     * As {@link #of(String, byte[], Decoded.Rejected, long)}, with the Kafka partition and offset, keeping
     * at most {@code maxRawBytes} of the raw bytes.
     */
    public static DlqRecord of(String topic, byte[] raw, Decoded.Rejected<?> rejection, long ts,
            Integer partition, Long offset, int maxRawBytes) {
        if (rejection == null) {
            throw new IllegalArgumentException("rejection is required but not provided");
        }
        return of(topic, raw, rejection.reason(), rejection.detail(), ts, partition, offset, maxRawBytes);
    }

    /**
     * The DLQ record of {@code raw} for {@code reason}, with a detail cut to a bounded length, and at
     * most {@code maxRawBytes} of the raw bytes.
     */
    public static DlqRecord of(String topic, byte[] raw, RejectReason reason, String detail, long ts,
            Integer partition, Long offset, int maxRawBytes) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic is required but not provided");
        }
        if (reason == null) {
            throw new IllegalArgumentException("reason is required but not provided");
        }
        if (ts < 0) {
            throw new IllegalArgumentException("ts must not be negative, got " + ts);
        }
        if (maxRawBytes < 0) {
            throw new IllegalArgumentException("maxRawBytes must not be negative, got " + maxRawBytes);
        }
        // A Kafka record with no value (a tombstone) is kept as empty bytes.
        byte[] bytes = raw == null ? new byte[0] : raw;
        boolean truncated = bytes.length > maxRawBytes;
        byte[] kept = truncated ? Arrays.copyOf(bytes, maxRawBytes) : bytes;
        return new DlqRecord(ts, topic, reason.wire(), cap(detail),
                Base64.getEncoder().encodeToString(kept), bytes.length, truncated, partition, offset);
    }

    private static String cap(String detail) {
        if (detail == null) {
            return null;
        }
        return detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS) + "...";
    }

    /**
     * The largest encoded DLQ record that keeps {@code maxRawBytes} of raw input: what a producer's
     * {@code max.request.size} and the topic's {@code max.message.bytes} must allow.
     */
    public static int maxEncodedBytes(int maxRawBytes) {
        long base64 = 4L * ((maxRawBytes + 2L) / 3);
        return Math.toIntExact(base64 + ENVELOPE_BYTES);
    }
}

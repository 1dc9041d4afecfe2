package io.canarykit.jobs.decode;

import io.canarykit.jobs.io.RawInput;
import io.canarykit.operators.flink.Descriptors;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.DlqRecords;
import io.canarykit.schema.codec.RejectReason;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Decodes raw input records with the schema module's validation. A record that cannot be used goes
 * to the {@link #DLQ} side output with its reason, topic and bytes (at most {@code maxRawBytes} of
 * them); nothing here ever fails the job. Live, a record may also be checked against the job's
 * clock ({@link ClockSkewCheck}) before it goes on.
 */
public final class DecodeInput<T> extends ProcessFunction<RawInput, T> {
    private static final long serialVersionUID = 1L;

    /** Rejected input, bound for {@code kit.dlq}: the same side output as the operators' rejections. */
    public static final OutputTag<DlqRecord> DLQ = Descriptors.DLQ;

    private final SerializableFunction<byte[], Decoded<T>> decoder;
    private final int maxRawBytes;
    private final ClockSkewCheck<T> clockCheck;

    public DecodeInput(SerializableFunction<byte[], Decoded<T>> decoder, int maxRawBytes) {
        this(decoder, maxRawBytes, null);
    }

    /** As {@link #DecodeInput(SerializableFunction, int)}, refusing what {@code clockCheck} refuses (null: none). */
    public DecodeInput(SerializableFunction<byte[], Decoded<T>> decoder, int maxRawBytes, ClockSkewCheck<T> clockCheck) {
        this.decoder = decoder;
        this.maxRawBytes = maxRawBytes;
        this.clockCheck = clockCheck;
    }

    @Override
    public void processElement(RawInput raw, Context ctx, Collector<T> out) {
        Decoded<T> decoded = decodeSafely(raw.value);
        Decoded.Rejected<T> rejection;
        if (decoded instanceof Decoded.Accepted<T> accepted) {
            rejection = clockCheck == null ? null
                    : clockCheck.check(accepted.get(), ctx.timerService().currentProcessingTime());
            if (rejection == null) {
                out.collect(accepted.get());
                return;
            }
        } else {
            rejection = (Decoded.Rejected<T>) decoded;
        }
        long ts = raw.brokerTs >= 0 ? raw.brokerTs : ctx.timerService().currentProcessingTime();
        Integer partition = raw.partition >= 0 ? raw.partition : null;
        Long offset = raw.offset >= 0 ? raw.offset : null;
        ctx.output(DLQ, DlqRecords.of(raw.topic, raw.value, rejection, ts, partition, offset, maxRawBytes));
    }

    /** The decoders never throw by contract; this guard keeps a defect in one from stopping the job. */
    private Decoded<T> decodeSafely(byte[] value) {
        try {
            return decoder.apply(value);
        } catch (RuntimeException e) {
            return Decoded.rejected(RejectReason.PROCESSING_ERROR, "record could not be decoded: " + e);
        }
    }
}

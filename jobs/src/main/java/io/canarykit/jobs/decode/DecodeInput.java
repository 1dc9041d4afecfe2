package io.canarykit.jobs.decode;

import io.canarykit.jobs.io.RawInput;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.DlqRecords;
import io.canarykit.schema.codec.RejectReason;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Decodes raw input records with the schema module's validation. A record that cannot be used goes
 * to the {@link #DLQ} side output with its reason, topic and bytes (at most {@code maxRawBytes} of
 * them); nothing here ever fails the job.
 */
public final class DecodeInput<T> extends ProcessFunction<RawInput, T> {
    private static final long serialVersionUID = 1L;

    /** Rejected input, bound for {@code kit.dlq}. */
    public static final OutputTag<DlqRecord> DLQ = new OutputTag<>("dlq", TypeInformation.of(DlqRecord.class));

    private final SerializableFunction<byte[], Decoded<T>> decoder;
    private final int maxRawBytes;

    public DecodeInput(SerializableFunction<byte[], Decoded<T>> decoder, int maxRawBytes) {
        this.decoder = decoder;
        this.maxRawBytes = maxRawBytes;
    }

    @Override
    public void processElement(RawInput raw, Context ctx, Collector<T> out) {
        Decoded<T> decoded = decodeSafely(raw.value);
        if (decoded instanceof Decoded.Accepted<T> accepted) {
            out.collect(accepted.get());
            return;
        }
        Decoded.Rejected<T> rejection = (Decoded.Rejected<T>) decoded;
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

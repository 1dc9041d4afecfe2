package io.canarykit.jobs.decode;

import io.canarykit.jobs.io.RawInput;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.DlqRecords;
import io.canarykit.schema.codec.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Decodes raw input records with the schema module's validation. A record that cannot be used goes
 * to the {@link #DLQ} side output with its reason, topic and bytes; nothing here ever fails the job.
 */
public final class DecodeInput<T> extends ProcessFunction<RawInput, T> {
    private static final long serialVersionUID = 1L;

    /** Rejected input, bound for {@code kit.dlq}. */
    public static final OutputTag<DlqRecord> DLQ = new OutputTag<>("dlq", TypeInformation.of(DlqRecord.class));

    private final SerializableFunction<byte[], Decoded<T>> decoder;
    private transient Map<RejectReason, Counter> rejected;

    public DecodeInput(SerializableFunction<byte[], Decoded<T>> decoder) {
        this.decoder = decoder;
    }

    @Override
    public void open(OpenContext openContext) {
        rejected = new EnumMap<>(RejectReason.class);
        var group = getRuntimeContext().getMetricGroup();
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, group.addGroup("reason", reason.wire()).counter("dlq_records_total"));
        }
    }

    @Override
    public void processElement(RawInput raw, Context ctx, Collector<T> out) {
        Decoded<T> decoded = decodeSafely(raw.value);
        if (decoded instanceof Decoded.Accepted<T> accepted) {
            out.collect(accepted.get());
            return;
        }
        Decoded.Rejected<T> rejection = (Decoded.Rejected<T>) decoded;
        rejected.get(rejection.reason()).inc();
        long ts = raw.brokerTs >= 0 ? raw.brokerTs : ctx.timerService().currentProcessingTime();
        Integer partition = raw.partition >= 0 ? raw.partition : null;
        Long offset = raw.offset >= 0 ? raw.offset : null;
        ctx.output(DLQ, DlqRecords.of(raw.topic, raw.value, rejection, ts, partition, offset));
    }

    /** The decoders never throw by contract; this guard keeps a defect in one from stopping the job. */
    private Decoded<T> decodeSafely(byte[] value) {
        try {
            return decoder.apply(value);
        } catch (RuntimeException e) {
            return Decoded.rejected(RejectReason.INVALID_VALUE, "record could not be decoded: " + e);
        }
    }
}

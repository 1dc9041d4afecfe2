package io.canarykit.jobs.dlq;

import io.canarykit.operators.flink.LogThrottle;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.WireEnum;
import io.canarykit.schema.codec.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every record bound for {@code kit.dlq} in {@code dlq_records_total{reason}} and logs each
 * reason at most once a minute, whichever decoder or operator rejected it, then passes it on.
 */
public final class DlqAccounting extends ProcessFunction<DlqRecord, DlqRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DlqAccounting.class);
    private static final long LOG_INTERVAL_MS = 60_000;
    private static final String UNKNOWN_REASON = "unknown";

    private transient Map<RejectReason, Counter> byReason;
    private transient Counter unknown;
    private transient LogThrottle throttle;

    @Override
    public void open(OpenContext openContext) {
        var group = getRuntimeContext().getMetricGroup();
        byReason = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            byReason.put(reason, group.addGroup("reason", reason.wire()).counter("dlq_records_total"));
        }
        unknown = group.addGroup("reason", UNKNOWN_REASON).counter("dlq_records_total");
        throttle = new LogThrottle(LOG_INTERVAL_MS);
    }

    @Override
    public void processElement(DlqRecord record, Context ctx, Collector<DlqRecord> out) {
        WireEnum.byWire(RejectReason.class, record.reason()).map(byReason::get).orElse(unknown).inc();
        LogThrottle.Verdict verdict = throttle.offer(record.reason(), ctx.timerService().currentProcessingTime());
        if (verdict.log()) {
            LOG.warn("{} record to kit.dlq from {}: {} ({} more of this reason since its last line)",
                    record.reason(), record.topic(), record.detail(), verdict.suppressedSince());
        }
        out.collect(record);
    }
}

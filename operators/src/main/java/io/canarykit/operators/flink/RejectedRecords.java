package io.canarykit.operators.flink;

import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.DlqRecords;
import io.canarykit.schema.codec.JsonCodec;
import io.canarykit.schema.codec.RejectReason;

/**
 * The DLQ records of inputs that decoded but could not be applied. Their raw bytes are gone by
 * then, so {@code raw_base64} holds the record as the job decoded it, written again as JSON.
 */
public final class RejectedRecords {

    private RejectedRecords() {}

    /** A quote, feature vector or order event that a symbol's signals could not apply. */
    public static DlqRecord of(SymbolEvent event, RejectReason reason, String detail, long now, int maxRawBytes) {
        if (event.quote() != null) {
            return dlq(Topics.MARKET, event.quote(), reason, detail, now, maxRawBytes);
        }
        if (event.order() != null) {
            return dlq(Topics.ORDERS, event.order(), reason, detail, now, maxRawBytes);
        }
        return dlq(Topics.FEATURES, event.features(), reason, detail, now, maxRawBytes);
    }

    /** An order event that the account could not apply. */
    public static DlqRecord of(OrderEvent order, RejectReason reason, String detail, long now, int maxRawBytes) {
        return dlq(Topics.ORDERS, order, reason, detail, now, maxRawBytes);
    }

    /** An operator command that could not be applied. */
    public static DlqRecord of(ControlCommand command, RejectReason reason, String detail, long now, int maxRawBytes) {
        return dlq(Topics.CONTROL, command, reason, detail, now, maxRawBytes);
    }

    /** A reference profile that could not be compiled into the symbols' book. */
    public static DlqRecord of(ReferenceProfile profile, RejectReason reason, String detail, long now, int maxRawBytes) {
        return dlq(Topics.REFERENCE, profile, reason, detail, now, maxRawBytes);
    }

    /** A primary mid that the budget could not mark a position at: the part of the quote the account saw. */
    public static DlqRecord ofMark(String symbol, long ts, double mid, RejectReason reason, String detail, long now,
            int maxRawBytes) {
        return dlq(Topics.MARKET, new Mark(ts, symbol, "primary", mid), reason, detail, now, maxRawBytes);
    }

    private static DlqRecord dlq(String topic, Object record, RejectReason reason, String detail, long now, int maxRawBytes) {
        return DlqRecords.of(topic, JsonCodec.encode(record), reason, detail, now, null, null, maxRawBytes);
    }

    /** What a symbol's ledger keeps of a primary quote. */
    private record Mark(long ts, String symbol, String feed, Double mid) {}
}

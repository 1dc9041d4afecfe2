package io.canarykit.schema.codec;

import io.canarykit.schema.WireEnum;

/** Why an input record was rejected; the wire word is the {@code reason} on {@code kit.dlq}. */
public enum RejectReason implements WireEnum {
    /** A record with no value at all: a Kafka tombstone, empty bytes or only blanks. */
    EMPTY("empty"),
    INVALID_UTF8("invalid_utf8"),
    INVALID_JSON("invalid_json"),
    MISSING_FIELD("missing_field"),
    WRONG_TYPE("wrong_type"),
    NON_FINITE("non_finite"),
    NEGATIVE("negative"),
    BID_ABOVE_ASK("bid_above_ask"),
    UNKNOWN_ENUM("unknown_enum"),
    INVALID_VALUE("invalid_value"),
    /** Live only: a quote stamped further ahead of the job's clock than {@code MAX_CLOCK_SKEW_MS}. */
    FUTURE_TS("future_ts"),
    /** A valid record that a signal or the budget could not apply; the detail holds the error. */
    PROCESSING_ERROR("processing_error");

    private final String wire;

    RejectReason(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}

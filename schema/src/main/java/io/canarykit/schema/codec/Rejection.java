package io.canarykit.schema.codec;

/**
 * Thrown inside this package when a record breaks a rule, and turned into a {@link Decoded}
 * rejection before it can reach a caller.
 */
final class Rejection extends RuntimeException {

    // Details quote field names and values from the record, which may be huge; the raw bytes are on
    // the DLQ anyway, so the detail only needs enough to read.
    private static final int MAX_DETAIL_CHARS = 400;

    private final RejectReason reason;

    Rejection(RejectReason reason, String detail) {
        super(cap(detail), null, false, false);
        this.reason = reason;
    }

    RejectReason reason() {
        return reason;
    }

    <T> Decoded<T> toDecoded() {
        return Decoded.rejected(reason, getMessage());
    }

    private static String cap(String detail) {
        return detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS) + "...";
    }
}

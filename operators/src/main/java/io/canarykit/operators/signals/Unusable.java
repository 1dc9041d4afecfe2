package io.canarykit.operators.signals;

import io.canarykit.schema.codec.RejectReason;

/**
 * Where an input goes that decoded but could not be applied: a rule of a signal refused it
 * ({@code invalid_value}), or applying it threw ({@code processing_error}). Either way the input
 * changed nothing, and it is reported rather than lost.
 */
@FunctionalInterface
public interface Unusable<E> {

    void reject(E input, RejectReason reason, String detail);

    /** The detail of a failure: the exception's class, so a null message still says something, and its message. */
    static String describe(RuntimeException failure) {
        String message = failure.getMessage();
        String kind = failure.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }
}

package io.canarykit.schema;

/**
 * How long an order is remembered after its last event, by the job and by the sidecar that counts
 * its orphans from the ledger: both must forget an order at the same moment, or their orphan counts
 * part.
 */
public final class OrderRetention {

    /** A finished order (filled, cancelled, rejected) is forgotten after an hour without events. */
    public static final long FINISHED_MS = 60 * 60 * 1000L;
    /** Any order, answered or not, is forgotten a day after it was placed. */
    public static final long OPEN_MS = 24 * 60 * 60 * 1000L;

    private OrderRetention() {}
}

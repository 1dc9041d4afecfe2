package io.canarykit.schema;

/** The Kafka topic names of the contract. */
public final class Topics {
    public static final String MARKET = "kit.market";
    public static final String FEATURES = "kit.features";
    public static final String ORDERS = "kit.orders";
    public static final String CONTROL = "kit.control";
    /** Reference profiles, compacted, keyed by model id. */
    public static final String REFERENCE = "kit.reference";
    public static final String GATE_DECISIONS = "kit.gate-decisions";
    public static final String KPIS = "kit.kpis";
    public static final String TCA = "kit.tca";
    public static final String DLQ = "kit.dlq";

    /** The key of control records. */
    public static final String CONTROL_KEY = "global";

    private Topics() {}
}

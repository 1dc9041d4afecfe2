package io.canarykit.schema;

/**
 * The fixed vocabulary of a decision's {@code reasons}. Blocking reasons halt the symbol; the
 * others cut its size or restrict it to reducing orders.
 */
public enum GateReason implements WireEnum {
    DISARMED("disarmed", true),
    KILL_SWITCH("kill_switch", true),
    PREFLIGHT("preflight", true),
    BUDGET("budget", true),
    SLO_ERROR_RATE("slo_error_rate", true),
    SLO_P95_PLACE_MS("slo_p95_place_ms", true),
    SLO_SLIPPAGE("slo_slippage", true),
    PSI("psi", true),
    STALE("stale", true),
    DISLOCATION("dislocation", true),
    FEATURES_MISSING("features_missing", true),
    FEATURES_STALE("features_stale", true),
    REFERENCE_STALE("reference_stale", true),
    PSI_WARN("psi_warn", false),
    MAX_POSITIONS("max_positions", false);

    private final String wire;
    private final boolean blocking;

    GateReason(String wire, boolean blocking) {
        this.wire = wire;
        this.blocking = blocking;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** True when this reason alone halts the symbol. */
    public boolean blocking() {
        return blocking;
    }
}

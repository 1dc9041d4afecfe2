package io.canarykit.schema;

/** Why a decision's effective canary share was forced to zero; named by the {@code canary} gate. */
public enum CanaryCut implements WireEnum {
    PINNED("pinned"),
    CHALLENGER_PSI("challenger_psi"),
    CHALLENGER_SLO("challenger_slo"),
    NOTIONAL_CAP("notional_cap"),
    /** The automatic rollout aborted: the share stays 0 until an operator starts a new one. */
    ROLLOUT_ABORTED("rollout_aborted");

    private final String wire;

    CanaryCut(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}

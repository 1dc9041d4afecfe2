package io.canarykit.schema;

/** Operator commands carried on {@code kit.control}. */
public enum ControlType implements WireEnum {
    ARM("arm"),
    DISARM("disarm"),
    KILL("kill"),
    UNKILL("unkill"),
    RISK_RESET("risk_reset"),
    PIN("pin"),
    UNPIN("unpin"),
    CANARY_SHARE("canary_share"),
    PROMOTE("promote"),
    ROLLBACK("rollback"),
    SET_LIMITS("set_limits"),
    PREFLIGHT("preflight"),
    REFRESH("refresh"),
    ROLLOUT_START("rollout_start"),
    ROLLOUT_PAUSE("rollout_pause"),
    ROLLOUT_RESUME("rollout_resume"),
    ROLLOUT_ABORT("rollout_abort");

    private final String wire;

    ControlType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}

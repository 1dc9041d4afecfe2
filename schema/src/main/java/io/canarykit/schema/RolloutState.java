package io.canarykit.schema;

/** Where an automatic canary rollout stands. */
public enum RolloutState implements WireEnum {
    /** No rollout has been started, or the last one was replaced by a manual share. */
    IDLE("idle"),
    /** Stepping through its plan. */
    RUNNING("running"),
    /** Held at its step for a human: paused by an operator, or inconclusive for too long. */
    PAUSED("paused"),
    /** Stopped on failing checks or by an operator: the challenger's share is 0. */
    ABORTED("aborted"),
    /** Past its last step's hold: holds at the last share until an operator promotes or rolls back. */
    COMPLETED("completed");

    private final String wire;

    RolloutState(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}

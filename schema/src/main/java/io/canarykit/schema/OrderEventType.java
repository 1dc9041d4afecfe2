package io.canarykit.schema;

/** The order lifecycle events that execution engines report on {@code kit.orders}. */
public enum OrderEventType implements WireEnum {
    PLACED("placed"),
    ACKED("acked"),
    REJECTED("rejected"),
    ERROR("error"),
    FILL("fill"),
    CANCELED("canceled");

    private final String wire;

    OrderEventType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** True for the events that answer a placed order (the ones that keep it from being an orphan). */
    public boolean answersPlacement() {
        return this == ACKED || this == REJECTED || this == ERROR;
    }
}

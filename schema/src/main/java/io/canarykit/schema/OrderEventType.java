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

    /**
     * True for the events that answer a placed order, the ones that keep it from being an orphan:
     * every event from the venue (acked, rejected, error, fill, canceled).
     */
    public boolean answersPlacement() {
        return this != PLACED;
    }
}

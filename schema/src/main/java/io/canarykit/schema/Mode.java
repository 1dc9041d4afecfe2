package io.canarykit.schema;

/** What an execution engine may do on a symbol. */
public enum Mode implements WireEnum {
    NORMAL("normal"),
    REDUCE_ONLY("reduce_only"),
    HALTED("halted");

    private final String wire;

    Mode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}

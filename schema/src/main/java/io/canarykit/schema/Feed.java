package io.canarykit.schema;

/** Which of the two price feeds of a symbol a quote came from. */
public enum Feed implements WireEnum {
    PRIMARY("primary"),
    REFERENCE("reference");

    private final String wire;

    Feed(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}

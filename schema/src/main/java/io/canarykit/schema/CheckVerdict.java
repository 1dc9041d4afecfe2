package io.canarykit.schema;

/** What one check of a rollout's analysis answered. */
public enum CheckVerdict implements WireEnum {
    /** The evidence shows the challenger within the bound. */
    PASS("pass"),
    /** The evidence shows the challenger past the bound. */
    FAIL("fail"),
    /** Not enough evidence either way yet: too few samples, or an interval that straddles the bound. */
    INCONCLUSIVE("inconclusive");

    private final String wire;

    CheckVerdict(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}

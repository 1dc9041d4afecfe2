package io.canarykit.config;

import io.canarykit.schema.WireEnum;

/** Which settings profile Canary Kit runs under: simulated (paper) or real money (live). */
public enum Profile implements WireEnum {
    PAPER("paper"),
    LIVE("live");

    private final String wire;

    Profile(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}

package io.canarykit.schema;

/** Order side; {@link #sign()} is the slippage sign convention (positive slippage is a cost). */
public enum Side implements WireEnum {
    BUY("buy", 1),
    SELL("sell", -1);

    private final String wire;
    private final int sign;

    Side(String wire, int sign) {
        this.wire = wire;
        this.sign = sign;
    }

    @Override
    public String wire() {
        return wire;
    }

    public int sign() {
        return sign;
    }
}

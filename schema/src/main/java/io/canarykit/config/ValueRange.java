package io.canarykit.config;

import java.math.BigDecimal;

/** An interval of allowed numbers, each end open or closed. */
public record ValueRange(double lower, boolean lowerClosed, double upper, boolean upperClosed) {

    public ValueRange {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("lower must not exceed upper, got " + lower + " > " + upper);
        }
    }

    /** The range {@code [lower, upper]}. */
    public static ValueRange closed(double lower, double upper) {
        return new ValueRange(lower, true, upper, true);
    }

    /** The range {@code (lower, upper]}. */
    public static ValueRange aboveUpTo(double lower, double upper) {
        return new ValueRange(lower, false, upper, true);
    }

    /** True when {@code value} lies in this range; NaN never does. */
    public boolean contains(double value) {
        boolean aboveLower = lowerClosed ? value >= lower : value > lower;
        boolean belowUpper = upperClosed ? value <= upper : value < upper;
        return aboveLower && belowUpper;
    }

    @Override
    public String toString() {
        return (lowerClosed ? "[" : "(") + plain(lower) + ", " + plain(upper) + (upperClosed ? "]" : ")");
    }

    /** A number as an operator writes it: no exponent, no trailing zeros. */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}

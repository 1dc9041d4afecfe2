package io.canarykit.cli.bench;

/** What a figure should be: at least or at most a bound. */
public record Goal(boolean atLeast, double bound) {

    public static Goal atLeast(double bound) {
        return new Goal(true, bound);
    }

    public static Goal atMost(double bound) {
        return new Goal(false, bound);
    }

    /** Whether {@code value} meets the goal; the bound itself does. */
    public boolean heldBy(double value) {
        return atLeast ? value >= bound : value <= bound;
    }

    /** The goal as the table shows it, e.g. {@code ≥ 0.6}. */
    public String describe(String formattedBound) {
        return (atLeast ? "≥ " : "≤ ") + formattedBound;
    }
}

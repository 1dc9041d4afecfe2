package io.canarykit.operators.signals;

/**
 * A running sum of doubles with Neumaier compensation, so that taking back a large term leaves the
 * small ones as they were instead of the rounding error the large term caused.
 */
final class CompensatedSum {

    private double sum;
    private double compensation;

    CompensatedSum() {}

    /** A sum carried on from keyed state: its running sum and the low-order bits it has lost. */
    CompensatedSum(double sum, double compensation) {
        this.sum = sum;
        this.compensation = compensation;
    }

    void add(double x) {
        double t = sum + x;
        // Recover the low-order bits lost by the addition, whichever operand was larger.
        if (Math.abs(sum) >= Math.abs(x)) {
            compensation += (sum - t) + x;
        } else {
            compensation += (x - t) + sum;
        }
        sum = t;
    }

    double value() {
        return sum + compensation;
    }

    double sum() {
        return sum;
    }

    double compensation() {
        return compensation;
    }

    void reset() {
        sum = 0.0;
        compensation = 0.0;
    }
}

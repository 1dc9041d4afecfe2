package io.canarykit.cli.demo.desk;

/**
 * How the simulated desk's venue and models behave: latency, slippage, rejects and errors. The
 * healthy desk stays well inside every SLO; scenarios change one of these.
 *
 * @param ackMinMs the fastest acknowledgement
 * @param ackSpreadMs how much slower than that an acknowledgement may be (uniform)
 * @param slippageMeanBps mean fill slippage, positive = cost
 * @param slippageStdBps slippage noise
 * @param canarySlippageMeanBps mean slippage of the challenger's orders
 * @param rejectProbability chance an order is rejected
 * @param errorProbability chance an order fails with an error
 */
public record DeskBehaviour(
        long ackMinMs,
        long ackSpreadMs,
        double slippageMeanBps,
        double slippageStdBps,
        double canarySlippageMeanBps,
        double rejectProbability,
        double errorProbability) {

    public DeskBehaviour {
        if (ackMinMs < 0 || ackSpreadMs < 1) {
            throw new IllegalArgumentException("ackMinMs must be >= 0 and ackSpreadMs >= 1, got " + ackMinMs + ", " + ackSpreadMs);
        }
        if (slippageStdBps < 0) {
            throw new IllegalArgumentException("slippageStdBps must be >= 0, got " + slippageStdBps);
        }
        checkProbability("rejectProbability", rejectProbability);
        checkProbability("errorProbability", errorProbability);
    }

    /** A venue that answers in 20 to 140 ms, fills at about half a basis point, and rarely rejects. */
    public static DeskBehaviour healthy() {
        return new DeskBehaviour(20, 120, 0.5, 1.0, 0.6, 0.0005, 0.0);
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], got " + p);
        }
    }
}

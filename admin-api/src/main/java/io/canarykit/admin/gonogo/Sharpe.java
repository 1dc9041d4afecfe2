package io.canarykit.admin.gonogo;

/** The annualised Sharpe ratio of daily returns, with a zero risk-free rate. */
public final class Sharpe {

    /** Trading days per year used to annualise. */
    public static final double DAYS_PER_YEAR = 252;

    private Sharpe() {}

    /** {@code mean / sample standard deviation * sqrt(252)}; NaN with fewer than two returns or no variation. */
    public static double annualised(double[] dailyReturns) {
        int n = dailyReturns.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (double r : dailyReturns) {
            mean += r;
        }
        mean /= n;
        double squares = 0;
        for (double r : dailyReturns) {
            squares += (r - mean) * (r - mean);
        }
        double sd = Math.sqrt(squares / (n - 1));
        return sd == 0 ? Double.NaN : mean / sd * Math.sqrt(DAYS_PER_YEAR);
    }
}

package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Optional;

/**
 * A feature's reference histogram: {@code k - 1} ascending edges cut the line into {@code k} bins,
 * and {@code expected[i]} is the share of reference values in bin {@code i}.
 */
public record FeatureBins(
        @JsonProperty("edges") double[] edges,
        @JsonProperty("expected") double[] expected) {

    /** The most bins a feature may have: the drift window keeps each value's bin in 16 bits. */
    public static final int MAX_BINS = Short.MAX_VALUE;

    /** How far a feature's expected shares may sum from 1. */
    public static final double EXPECTED_SUM_TOLERANCE = 1e-6;

    /** Number of bins, {@code k}. */
    public int binCount() {
        return expected.length;
    }

    /**
     * The bin of {@code v}: 0 if {@code v < e1}, j if {@code e_j <= v < e_(j+1)}, k-1 if
     * {@code v >= e_(k-1)}. Binary search, so O(log k).
     */
    public int binOf(double v) {
        int lo = 0;
        int hi = edges.length;
        // Find the number of edges that are <= v; that count is the bin index.
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (edges[m] <= v) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    /**
     * Why these are not bins the contract accepts, or empty when they are: the edges must be finite
     * and strictly ascending, and {@code expected} must have one entry more than {@code edges} (at
     * most {@link #MAX_BINS}), each finite and >= 0, summing to 1 within {@link #EXPECTED_SUM_TOLERANCE}.
     */
    public Optional<String> flaw() {
        return flaw(true);
    }

    /**
     * Why values cannot be counted into these bins, or empty when they can: the rule of {@link #flaw()}
     * except that equal edges (an empty bin between them) and shares that do not sum to 1 pass, which
     * counting and PSI cope with. Input never holds such bins, since the decoder applies {@link #flaw()}.
     */
    public Optional<String> countingFlaw() {
        return flaw(false);
    }

    private Optional<String> flaw(boolean asTheContractSays) {
        if (edges == null || expected == null) {
            return Optional.of("needs edges and expected");
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i])) {
                return Optional.of("edges[" + i + "] must be finite, got " + edges[i]);
            }
            if (i > 0 && (edges[i] < edges[i - 1] || (asTheContractSays && edges[i] == edges[i - 1]))) {
                return Optional.of("edges must be " + (asTheContractSays ? "strictly ascending" : "ascending")
                        + ", but edges[" + i + "] = " + edges[i] + " follows " + edges[i - 1]);
            }
        }
        if (expected.length != edges.length + 1) {
            return Optional.of("expected must have one entry more than edges (" + (edges.length + 1) + "), got "
                    + expected.length);
        }
        if (expected.length > MAX_BINS) {
            return Optional.of("expected must have at most " + MAX_BINS + " entries, got " + expected.length);
        }
        double sum = 0.0;
        for (int i = 0; i < expected.length; i++) {
            if (!Double.isFinite(expected[i]) || expected[i] < 0) {
                return Optional.of("expected[" + i + "] must be finite and >= 0, got " + expected[i]);
            }
            sum += expected[i];
        }
        if (asTheContractSays && Math.abs(sum - 1.0) > EXPECTED_SUM_TOLERANCE) {
            return Optional.of("expected must sum to 1 within " + EXPECTED_SUM_TOLERANCE + ", sums to " + sum);
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureBins other
                && Arrays.equals(edges, other.edges)
                && Arrays.equals(expected, other.expected);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(expected);
    }

    @Override
    public String toString() {
        return "FeatureBins[edges=" + Arrays.toString(edges) + ", expected=" + Arrays.toString(expected) + "]";
    }
}

package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;

/**
 * A feature's reference histogram: {@code k - 1} ascending edges cut the line into {@code k} bins,
 * and {@code expected[i]} is the share of reference values in bin {@code i}.
 */
public record FeatureBins(
        @JsonProperty("edges") double[] edges,
        @JsonProperty("expected") double[] expected) {

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

package io.canarykit.operators.signals;

import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.ReferenceProfile;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PSI of one model's features against its reference profile, over the sliding event-time
 * window {@code (t - W, t]}: {@code sum_i (a_i - e_i) * ln(a_i / e_i)}, shares floored at 1e-4.
 */
public final class PsiMonitor {

    public static final long DEFAULT_WINDOW_MS = 30 * 60 * 1000L;
    public static final int DEFAULT_MIN_SAMPLES = 100;
    public static final double SHARE_FLOOR = 1e-4;

    /** Marks, in an event's contribution, a feature that had no finite value. */
    private static final short NO_BIN = -1;

    private final String modelId;
    private final String[] featureNames;
    private final FeatureBins[] bins;
    private final double[][] flooredExpected;
    private final long[][] binCounts;
    private final long[] samples;
    private final int minSamples;
    // Each held vector's bin per feature; short keeps RocksDB state small, bins never exceed 32767.
    private final WindowLog<short[]> window;
    // The window's size, kept here so that a query reads no store.
    private long events;
    private long cutoff = Long.MIN_VALUE;

    /**
     * The monitor's aggregate for keyed state: per feature (in ascending name order) the count of
     * held values in each bin and of finite values, the held vectors, and the window's cutoff.
     */
    public record State(long[][] binCounts, long[] samples, long events, long cutoff) {}

    /** A monitor with the default window (30 min) and minimum samples (100). */
    public PsiMonitor(ReferenceProfile profile) {
        this(profile, DEFAULT_WINDOW_MS, DEFAULT_MIN_SAMPLES);
    }

    /**
     * A monitor of {@code profile}'s model that starts empty; a new reference (on pin or promote)
     * takes a new monitor, since the held bins belong to the old reference's edges.
     */
    public PsiMonitor(ReferenceProfile profile, long windowMs, int minSamples) {
        this(profile, windowMs, minSamples, new EventTimeWindow<>(Profiles.requirePositiveWindow(windowMs)));
    }

    private PsiMonitor(ReferenceProfile profile, long windowMs, int minSamples, WindowLog<short[]> window) {
        this.featureNames = Profiles.sortedFeatureNames(profile);
        this.window = Profiles.requireWindow(window, windowMs);
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, got " + minSamples);
        }
        this.modelId = profile.modelId();
        this.minSamples = minSamples;
        int n = featureNames.length;
        this.bins = new FeatureBins[n];
        this.flooredExpected = new double[n][];
        this.binCounts = new long[n][];
        this.samples = new long[n];
        for (int i = 0; i < n; i++) {
            FeatureBins b = profile.features().get(featureNames[i]);
            checkBins(featureNames[i], b);
            // A copy, so a caller changing the profile's arrays cannot change counted bins.
            bins[i] = new FeatureBins(b.edges().clone(), b.expected().clone());
            flooredExpected[i] = floored(b.expected());
            binCounts[i] = new long[b.binCount()];
        }
    }

    /** An empty monitor holding its vectors' bins in {@code window}, which must be empty and {@code windowMs} long. */
    public static PsiMonitor create(
            ReferenceProfile profile, long windowMs, int minSamples, WindowLog<short[]> window) {
        PsiMonitor monitor = new PsiMonitor(profile, windowMs, minSamples, window);
        Profiles.requireEmpty(window);
        return monitor;
    }

    /**
     * The monitor that {@code state} was taken from, with the same settings and the same
     * {@code window}; a new reference (on pin or promote) takes {@link #create} and an emptied window.
     */
    public static PsiMonitor restore(
            ReferenceProfile profile, long windowMs, int minSamples, State state, WindowLog<short[]> window) {
        PsiMonitor monitor = new PsiMonitor(profile, windowMs, minSamples, window);
        monitor.load(state);
        return monitor;
    }

    /** A copy of the aggregate, sharing no array with the monitor. */
    public State state() {
        long[][] counts = new long[binCounts.length][];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = binCounts[i].clone();
        }
        return new State(counts, samples.clone(), events, cutoff);
    }

    /** Counts {@code vector} unless it is of another model or already out of the window; says whether it did. */
    public boolean add(FeatureVector vector) {
        if (vector == null) {
            throw new IllegalArgumentException("vector must not be null");
        }
        // Out means ts <= t - W for the latest t, where it would be evicted at once; a vector
        // stamped after t counts now, since the job advances to t before applying the events of t.
        if (!modelId.equals(vector.modelId()) || vector.ts() <= cutoff) {
            return false;
        }
        Map<String, Double> values = vector.features();
        short[] contribution = new short[featureNames.length];
        for (int i = 0; i < featureNames.length; i++) {
            Double v = values == null ? null : values.get(featureNames[i]);
            if (v == null || !Double.isFinite(v)) {
                contribution[i] = NO_BIN;
            } else {
                int bin = bins[i].binOf(v);
                contribution[i] = (short) bin;
                binCounts[i][bin]++;
                samples[i]++;
            }
        }
        window.add(vector.ts(), contribution);
        events++;
        return true;
    }

    /** Moves the window to {@code (t - W, t]}, taking back what each leaving vector counted. */
    public void advanceTo(long t) {
        long newCutoff = t - window.lengthMs();
        // Time never goes back: evicted vectors cannot return, so an earlier t changes nothing.
        if (newCutoff <= cutoff) {
            return;
        }
        cutoff = newCutoff;
        window.advanceTo(t, this::takeBack);
    }

    /** The PSI of {@code feature}, or null when it has fewer finite values than the minimum samples. */
    public Double psi(String feature) {
        return psiAt(indexOf(feature));
    }

    /** The largest PSI over the features that have one, or null when none has. */
    public Double maxPsi() {
        Double max = null;
        for (int i = 0; i < featureNames.length; i++) {
            Double p = psiAt(i);
            if (p != null && (max == null || p > max)) {
                max = p;
            }
        }
        return max;
    }

    /** The PSI of every feature that has one, by name in ascending order. */
    public Map<String, Double> psiByFeature() {
        Map<String, Double> out = new TreeMap<>();
        for (int i = 0; i < featureNames.length; i++) {
            Double p = psiAt(i);
            if (p != null) {
                out.put(featureNames[i], p);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The number of finite values of {@code feature} in the window. */
    public long samples(String feature) {
        return samples[indexOf(feature)];
    }

    /** The number of this model's vectors in the window, with or without finite values. */
    public long events() {
        return events;
    }

    public String modelId() {
        return modelId;
    }

    /** The reference's features, in ascending order. */
    public List<String> features() {
        return List.of(featureNames);
    }

    public long windowMs() {
        return window.lengthMs();
    }

    public int minSamples() {
        return minSamples;
    }

    private Double psiAt(int i) {
        long n = samples[i];
        if (n < minSamples) {
            return null;
        }
        long[] counts = binCounts[i];
        double[] expected = flooredExpected[i];
        double sum = 0.0;
        // Both shares floored, never renormalised, as the contract defines it.
        for (int b = 0; b < counts.length; b++) {
            double a = Math.max((double) counts[b] / n, SHARE_FLOOR);
            double e = expected[b];
            sum += (a - e) * Math.log(a / e);
        }
        return sum;
    }

    private void takeBack(short[] contribution) {
        events--;
        for (int i = 0; i < contribution.length; i++) {
            if (contribution[i] != NO_BIN) {
                binCounts[i][contribution[i]]--;
                samples[i]--;
            }
        }
    }

    private void load(State state) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        long[][] counts = state.binCounts();
        long[] finite = state.samples();
        if (counts == null || finite == null
                || counts.length != binCounts.length || finite.length != samples.length) {
            throw new IllegalArgumentException("state.binCounts and state.samples must hold the "
                    + binCounts.length + " features of the reference of " + modelId);
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == null || counts[i].length != binCounts[i].length) {
                throw new IllegalArgumentException("state.binCounts of '" + featureNames[i] + "' must hold "
                        + binCounts[i].length + " bins");
            }
            // Copied, so that later counting never writes into the caller's State.
            System.arraycopy(counts[i], 0, binCounts[i], 0, counts[i].length);
        }
        System.arraycopy(finite, 0, samples, 0, finite.length);
        events = state.events();
        cutoff = state.cutoff();
    }

    private int indexOf(String feature) {
        int i = feature == null ? -1 : Arrays.binarySearch(featureNames, feature);
        if (i < 0) {
            throw new IllegalArgumentException("feature '" + feature + "' is not in the reference of " + modelId);
        }
        return i;
    }

    private static double[] floored(double[] expected) {
        double[] out = new double[expected.length];
        for (int b = 0; b < expected.length; b++) {
            out[b] = Math.max(expected[b], SHARE_FLOOR);
        }
        return out;
    }

    private static void checkBins(String name, FeatureBins b) {
        double[] edges = b.edges();
        double[] expected = b.expected();
        String where = "profile.features." + name;
        if (edges == null || expected == null) {
            throw new IllegalArgumentException(where + " needs edges and expected");
        }
        if (expected.length < 1 || expected.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException(where + ".expected must hold 1 to " + Short.MAX_VALUE
                    + " bins, got " + expected.length);
        }
        if (edges.length != expected.length - 1) {
            throw new IllegalArgumentException(where + ".edges must hold one fewer value than expected ("
                    + (expected.length - 1) + "), got " + edges.length);
        }
        for (int j = 0; j < edges.length; j++) {
            if (!Double.isFinite(edges[j]) || (j > 0 && edges[j] < edges[j - 1])) {
                throw new IllegalArgumentException(where + ".edges must be finite and ascending, got "
                        + Arrays.toString(edges));
            }
        }
        for (double e : expected) {
            if (!(e >= 0.0 && e <= 1.0)) {
                throw new IllegalArgumentException(where + ".expected must be shares in [0, 1], got "
                        + Arrays.toString(expected));
            }
        }
    }
}

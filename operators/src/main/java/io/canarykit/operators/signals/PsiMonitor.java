package io.canarykit.operators.signals;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.ReferenceProfile;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The PSI of one model's features against its reference profile, over the sliding event-time
 * window {@code (t - W, t]}: {@code sum_i (a_i - e_i) * ln(a_i / e_i)}, shares floored at 1e-4.
 */
public final class PsiMonitor extends FeatureWindowMonitor<short[]> {

    public static final double SHARE_FLOOR = 1e-4;

    /** Marks, in an event's contribution, a feature that had no finite value. */
    private static final short NO_BIN = -1;

    // The window holds each vector's bin per feature; short keeps RocksDB state small, and
    // FeatureBins.MAX_BINS keeps a bin within it.
    private final int minSamples;
    // Counted in place: on the heap backend this is the object keyed state holds, so nothing is copied per event.
    private final State state;

    /**
     * The monitor's aggregate for keyed state: per feature (in ascending name order) the count of
     * held values in each bin and of finite values, the vectors held, and the window's cutoff.
     */
    public static final class State {

        // Public and mutable for Flink's POJO serializer and for counting in place; read through the accessors.
        public long[][] binCounts;
        public long[] samples;
        public long events;
        public long cutoff;

        // The largest PSI as last worked out, with the profile (its expected shares) and the minimum
        // samples it was worked out with, kept until the counts change: most evaluations follow a
        // quote or an order, which leave the feature window as it was. A profile that bins alike
        // takes over the counts with shares of its own. Transient: never saved, so the layout stays.
        transient boolean maxKnown;
        transient CompiledProfile maxProfile;
        transient int maxMinSamples;
        transient Double max;

        /** For Flink's serializer, which sets every field. */
        public State() {}

        public State(long[][] binCounts, long[] samples, long events, long cutoff) {
            this.binCounts = binCounts;
            this.samples = samples;
            this.events = events;
            this.cutoff = cutoff;
        }

        public long[][] binCounts() {
            return binCounts;
        }

        public long[] samples() {
            return samples;
        }

        public long events() {
            return events;
        }

        public long cutoff() {
            return cutoff;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State other
                    && Arrays.deepEquals(binCounts, other.binCounts)
                    && Arrays.equals(samples, other.samples)
                    && events == other.events
                    && cutoff == other.cutoff;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.deepHashCode(binCounts), Arrays.hashCode(samples), events, cutoff);
        }

        @Override
        public String toString() {
            return "PsiMonitor.State[binCounts=" + Arrays.deepToString(binCounts) + ", samples="
                    + Arrays.toString(samples) + ", events=" + events + ", cutoff=" + cutoff + "]";
        }
    }

    /** A monitor with the default window (30 min) and minimum samples (100). */
    public PsiMonitor(ReferenceProfile profile) {
        this(profile, KitConfig.defaults().psiWindowMs(), KitConfig.defaults().psiMinSamples());
    }

    /**
     * A monitor of {@code profile}'s model that starts empty; a new reference (on pin or promote)
     * takes a new monitor, since the held bins belong to the old reference's edges.
     */
    public PsiMonitor(ReferenceProfile profile, long windowMs, int minSamples) {
        this(CompiledProfile.of(profile), windowMs, minSamples,
                new EventTimeWindow<>(Profiles.requirePositiveWindow(windowMs)), null);
    }

    // A null state starts the monitor empty; any other must fit the profile's features and bins.
    private PsiMonitor(
            CompiledProfile profile, long windowMs, int minSamples, WindowLog<short[]> window, State state) {
        super(profile, windowMs, window);
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, got " + minSamples);
        }
        this.minSamples = minSamples;
        this.state = state == null ? emptyState(profile) : requireFit(profile, state);
    }

    /** An empty monitor holding its vectors' bins in {@code window}, which must be empty and {@code windowMs} long. */
    public static PsiMonitor create(
            ReferenceProfile profile, long windowMs, int minSamples, WindowLog<short[]> window) {
        return create(CompiledProfile.of(profile), windowMs, minSamples, window);
    }

    /** As {@link #create(ReferenceProfile, long, int, WindowLog)}, with the profile compiled once for all monitors. */
    public static PsiMonitor create(
            CompiledProfile profile, long windowMs, int minSamples, WindowLog<short[]> window) {
        PsiMonitor monitor = new PsiMonitor(profile, windowMs, minSamples, window, null);
        Profiles.requireEmpty(window);
        return monitor;
    }

    /**
     * The monitor that {@code state} was taken from, with the same settings and the same
     * {@code window}; a new reference (on pin or promote) takes {@link #create} and an emptied window.
     * After restore, {@code state} belongs to the monitor, which counts in it rather than in a copy.
     */
    public static PsiMonitor restore(
            ReferenceProfile profile, long windowMs, int minSamples, State state, WindowLog<short[]> window) {
        return restore(CompiledProfile.of(profile), windowMs, minSamples, state, window);
    }

    /** As {@link #restore(ReferenceProfile, long, int, State, WindowLog)}, with a profile compiled once for all. */
    public static PsiMonitor restore(
            CompiledProfile profile, long windowMs, int minSamples, State state, WindowLog<short[]> window) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        return new PsiMonitor(profile, windowMs, minSamples, window, state);
    }

    /** A deep copy of {@code state}, for a second monitor that goes on from the same counts. */
    public static State copyOf(State state) {
        long[][] bins = new long[state.binCounts.length][];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = state.binCounts[i].clone();
        }
        return new State(bins, state.samples.clone(), state.events, state.cutoff);
    }

    /** The monitor's own aggregate, not a copy: it keeps changing with the monitor. */
    public State state() {
        return state;
    }

    /** The PSI of {@code feature}, or null when it has fewer finite values than the minimum samples. */
    public Double psi(String feature) {
        return psiAt(profile.indexOf(feature));
    }

    /** The largest PSI over the features that have one, or null when none has. */
    public Double maxPsi() {
        if (state.maxKnown && state.maxProfile == profile && state.maxMinSamples == minSamples) {
            return state.max;
        }
        Double max = null;
        for (int i = 0; i < profile.featureCount(); i++) {
            Double p = psiAt(i);
            if (p != null && (max == null || p > max)) {
                max = p;
            }
        }
        state.max = max;
        state.maxProfile = profile;
        state.maxMinSamples = minSamples;
        state.maxKnown = true;
        return max;
    }

    /** The PSI of every feature that has one, by name in ascending order. */
    public Map<String, Double> psiByFeature() {
        Map<String, Double> out = new TreeMap<>();
        for (int i = 0; i < profile.featureCount(); i++) {
            Double p = psiAt(i);
            if (p != null) {
                out.put(profile.featureName(i), p);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The number of finite values of {@code feature} in the window. */
    public long samples(String feature) {
        return state.samples[profile.indexOf(feature)];
    }

    /** The number of finite values in the window of the {@code i}-th feature in ascending name order. */
    public long samplesAt(int i) {
        return state.samples[i];
    }

    /** The number of this model's vectors in the window, with or without finite values. */
    public long events() {
        return state.events;
    }

    public CompiledProfile profile() {
        return profile;
    }

    public int minSamples() {
        return minSamples;
    }

    @Override
    long cutoff() {
        return state.cutoff;
    }

    @Override
    void cutoff(long cutoff) {
        state.cutoff = cutoff;
    }

    @Override
    void count(long ts, double[] values) {
        state.maxKnown = false;
        short[] contribution = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                contribution[i] = NO_BIN;
            } else {
                int bin = profile.bins(i).binOf(v);
                contribution[i] = (short) bin;
                state.binCounts[i][bin]++;
                state.samples[i]++;
            }
        }
        window.add(ts, contribution);
        state.events++;
    }

    private Double psiAt(int i) {
        long n = state.samples[i];
        if (n < minSamples) {
            return null;
        }
        long[] counts = state.binCounts[i];
        double[] expected = profile.flooredExpected(i);
        double sum = 0.0;
        // Both shares floored, never renormalised, as the contract defines it.
        for (int b = 0; b < counts.length; b++) {
            double a = Math.max((double) counts[b] / n, SHARE_FLOOR);
            double e = expected[b];
            sum += (a - e) * Math.log(a / e);
        }
        return sum;
    }

    @Override
    void takeBack(short[] contribution) {
        state.maxKnown = false;
        state.events--;
        for (int i = 0; i < contribution.length; i++) {
            if (contribution[i] != NO_BIN) {
                state.binCounts[i][contribution[i]]--;
                state.samples[i]--;
            }
        }
    }

    private static State emptyState(CompiledProfile profile) {
        int n = profile.featureCount();
        long[][] counts = new long[n][];
        for (int i = 0; i < n; i++) {
            counts[i] = new long[profile.bins(i).binCount()];
        }
        return new State(counts, new long[n], 0, Long.MIN_VALUE);
    }

    /** Returns {@code state} after checking it holds the counts of {@code profile}'s features and bins. */
    private static State requireFit(CompiledProfile profile, State state) {
        int n = profile.featureCount();
        long[][] counts = state.binCounts;
        if (counts == null || state.samples == null || counts.length != n || state.samples.length != n) {
            throw new IllegalArgumentException("state.binCounts and state.samples must hold the "
                    + n + " features of the reference of " + profile.modelId());
        }
        for (int i = 0; i < n; i++) {
            int bins = profile.bins(i).binCount();
            if (counts[i] == null || counts[i].length != bins) {
                throw new IllegalArgumentException("state.binCounts of '" + profile.featureName(i) + "' must hold "
                        + bins + " bins");
            }
        }
        return state;
    }
}

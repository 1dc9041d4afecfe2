package io.canarykit.operators.signals;

import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.ReferenceProfile;
import java.util.List;
import java.util.Map;

/**
 * The share of a model's reference features its vectors lacked (absent, null or not finite) over
 * the sliding event-time window {@code (t - W, t]}: {@code features_missing_ratio}.
 */
public final class MissingFeaturesMonitor {

    public static final long DEFAULT_WINDOW_MS = 5 * 60 * 1000L;

    private final String modelId;
    private final String[] featureNames;
    // Each held vector's count of missing features, taken back when it leaves.
    private final WindowLog<Integer> window;
    private long missing;
    // The window's size, kept here so that a query reads no store.
    private long events;
    private long cutoff = Long.MIN_VALUE;

    /** The monitor's aggregate for keyed state: the missing values and vectors held, and the window's cutoff. */
    public record State(long missing, long events, long cutoff) {}

    /** A monitor with the default window (5 min). */
    public MissingFeaturesMonitor(ReferenceProfile profile) {
        this(profile, DEFAULT_WINDOW_MS);
    }

    /** A monitor of {@code profile}'s model that starts empty; a new reference takes a new monitor. */
    public MissingFeaturesMonitor(ReferenceProfile profile, long windowMs) {
        this(profile, windowMs, new EventTimeWindow<>(Profiles.requirePositiveWindow(windowMs)));
    }

    private MissingFeaturesMonitor(ReferenceProfile profile, long windowMs, WindowLog<Integer> window) {
        this.featureNames = Profiles.sortedFeatureNames(profile);
        this.window = Profiles.requireWindow(window, windowMs);
        this.modelId = profile.modelId();
    }

    /** An empty monitor holding its vectors' missing counts in {@code window}, empty and {@code windowMs} long. */
    public static MissingFeaturesMonitor create(ReferenceProfile profile, long windowMs, WindowLog<Integer> window) {
        MissingFeaturesMonitor monitor = new MissingFeaturesMonitor(profile, windowMs, window);
        Profiles.requireEmpty(window);
        return monitor;
    }

    /**
     * The monitor that {@code state} was taken from, with the same settings and the same
     * {@code window}; a new reference takes {@link #create} and an emptied window.
     */
    public static MissingFeaturesMonitor restore(
            ReferenceProfile profile, long windowMs, State state, WindowLog<Integer> window) {
        MissingFeaturesMonitor monitor = new MissingFeaturesMonitor(profile, windowMs, window);
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        monitor.missing = state.missing();
        monitor.events = state.events();
        monitor.cutoff = state.cutoff();
        return monitor;
    }

    /** A copy of the aggregate. */
    public State state() {
        return new State(missing, events, cutoff);
    }

    /** Counts {@code vector} unless it is of another model or already out of the window; says whether it did. */
    public boolean add(FeatureVector vector) {
        if (vector == null) {
            throw new IllegalArgumentException("vector must not be null");
        }
        // The same window rules as PsiMonitor: out means ts <= t - W for the latest t.
        if (!modelId.equals(vector.modelId()) || vector.ts() <= cutoff) {
            return false;
        }
        int count = missingIn(vector.features());
        missing += count;
        events++;
        window.add(vector.ts(), count);
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

    /** {@code missing / (vectors x reference features)}, or null when either factor is zero. */
    public Double featuresMissingRatio() {
        if (events == 0 || featureNames.length == 0) {
            return null;
        }
        return (double) missing / ((double) events * featureNames.length);
    }

    /** The number of missing feature values in the window. */
    public long missing() {
        return missing;
    }

    /** The number of this model's vectors in the window. */
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

    private int missingIn(Map<String, Double> values) {
        int count = 0;
        for (String name : featureNames) {
            Double v = values == null ? null : values.get(name);
            if (v == null || !Double.isFinite(v)) {
                count++;
            }
        }
        return count;
    }

    private void takeBack(Integer count) {
        missing -= count;
        events--;
    }
}

package io.canarykit.operators.signals;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.ReferenceProfile;

/**
 * The share of a model's reference features its vectors lacked (absent, null or not finite) over
 * the sliding event-time window {@code (t - W, t]}: {@code features_missing_ratio}.
 */
// Each held vector's count of missing features is what its window holds, taken back when it leaves.
public final class MissingFeaturesMonitor extends FeatureWindowMonitor<Integer> {

    // Counted in place: on the heap backend this is the object keyed state holds, so nothing is copied per event.
    private final State state;

    /** The monitor's aggregate for keyed state: the missing values and vectors held, and the window's cutoff. */
    public static final class State {

        // Public and mutable for Flink's POJO serializer and for counting in place; read through the accessors.
        public long missing;
        public long events;
        public long cutoff;

        /** The state of an empty monitor; Flink's serializer also starts here and sets every field. */
        public State() {
            this(0, 0, Long.MIN_VALUE);
        }

        public State(long missing, long events, long cutoff) {
            this.missing = missing;
            this.events = events;
            this.cutoff = cutoff;
        }

        public long missing() {
            return missing;
        }

        public long events() {
            return events;
        }

        public long cutoff() {
            return cutoff;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State other && missing == other.missing && events == other.events
                    && cutoff == other.cutoff;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(missing) + 31 * (Long.hashCode(events) + 31 * Long.hashCode(cutoff));
        }

        @Override
        public String toString() {
            return "MissingFeaturesMonitor.State[missing=" + missing + ", events=" + events + ", cutoff=" + cutoff
                    + "]";
        }
    }

    /** A monitor with the default window (5 min). */
    public MissingFeaturesMonitor(ReferenceProfile profile) {
        this(profile, KitConfig.defaults().missingWindowMs());
    }

    /** A monitor of {@code profile}'s model that starts empty; a new reference takes a new monitor. */
    public MissingFeaturesMonitor(ReferenceProfile profile, long windowMs) {
        this(CompiledProfile.of(profile), windowMs, new EventTimeWindow<>(Profiles.requirePositiveWindow(windowMs)),
                new State());
    }

    private MissingFeaturesMonitor(CompiledProfile profile, long windowMs, WindowLog<Integer> window, State state) {
        super(profile, windowMs, window);
        this.state = state;
    }

    /** An empty monitor holding its vectors' missing counts in {@code window}, empty and {@code windowMs} long. */
    public static MissingFeaturesMonitor create(ReferenceProfile profile, long windowMs, WindowLog<Integer> window) {
        return create(CompiledProfile.of(profile), windowMs, window);
    }

    /** As {@link #create(ReferenceProfile, long, WindowLog)}, with the profile compiled once for all monitors. */
    public static MissingFeaturesMonitor create(CompiledProfile profile, long windowMs, WindowLog<Integer> window) {
        MissingFeaturesMonitor monitor = new MissingFeaturesMonitor(profile, windowMs, window, new State());
        Profiles.requireEmpty(window);
        return monitor;
    }

    /**
     * The monitor that {@code state} was taken from, with the same settings and the same
     * {@code window}; a new reference takes {@link #create} and an emptied window.
     * After restore, {@code state} belongs to the monitor, which counts in it rather than in a copy.
     */
    public static MissingFeaturesMonitor restore(
            ReferenceProfile profile, long windowMs, State state, WindowLog<Integer> window) {
        return restore(CompiledProfile.of(profile), windowMs, state, window);
    }

    /** As {@link #restore(ReferenceProfile, long, State, WindowLog)}, with a profile compiled once for all. */
    public static MissingFeaturesMonitor restore(
            CompiledProfile profile, long windowMs, State state, WindowLog<Integer> window) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        return new MissingFeaturesMonitor(profile, windowMs, window, state);
    }

    /** The monitor's own aggregate, not a copy: it keeps changing with the monitor. */
    public State state() {
        return state;
    }

    /** {@code missing / (vectors x reference features)}, or null when either factor is zero. */
    public Double featuresMissingRatio() {
        int features = profile.featureCount();
        if (state.events == 0 || features == 0) {
            return null;
        }
        return (double) state.missing / ((double) state.events * features);
    }

    /** The number of missing feature values in the window. */
    public long missing() {
        return state.missing;
    }

    /** The number of this model's vectors in the window. */
    public long events() {
        return state.events;
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
        int count = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                count++;
            }
        }
        state.missing += count;
        state.events++;
        window.add(ts, count);
    }

    @Override
    void takeBack(Integer count) {
        state.missing -= count;
        state.events--;
    }
}

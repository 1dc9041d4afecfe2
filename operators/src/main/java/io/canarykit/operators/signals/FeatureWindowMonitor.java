package io.canarykit.operators.signals;

import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.FeatureVector;
import java.util.List;

/**
 * What the monitors of one model's feature vectors share: which vectors they take, and the sliding
 * event-time window {@code (t - W, t]} they count them in. A subclass says what a vector counts
 * ({@link #count}) and how it is taken back when it leaves ({@link #takeBack}).
 *
 * @param <C> what the window holds per vector, so that its count can be taken back
 */
abstract class FeatureWindowMonitor<C> {

    final CompiledProfile profile;
    final WindowLog<C> window;

    FeatureWindowMonitor(CompiledProfile profile, long windowMs, WindowLog<C> window) {
        if (profile == null) {
            throw new IllegalArgumentException("profile must not be null");
        }
        this.window = Profiles.requireWindow(window, windowMs);
        this.profile = profile;
    }

    /** Counts {@code vector} unless it is of another model or already out of the window; says whether it did. */
    public boolean add(FeatureVector vector) {
        if (!takes(vector)) {
            return false;
        }
        count(vector.ts(), profile.valuesOf(vector.features()));
        return true;
    }

    /**
     * As {@link #add(FeatureVector)}, with the vector's values as {@link CompiledProfile#valuesOf} of this
     * monitor's profile read them, so that the monitors of one model read a vector's map once.
     */
    public boolean add(FeatureVector vector, double[] values) {
        if (!takes(vector)) {
            return false;
        }
        profile.requireValues(values);
        count(vector.ts(), values);
        return true;
    }

    /** Moves the window to {@code (t - W, t]}, taking back what each leaving vector counted. */
    public void advanceTo(long t) {
        long newCutoff = t - window.lengthMs();
        // Time never goes back: evicted vectors cannot return, so an earlier t changes nothing.
        if (newCutoff <= cutoff()) {
            return;
        }
        cutoff(newCutoff);
        window.advanceTo(t, this::takeBack);
    }

    public String modelId() {
        return profile.modelId();
    }

    /** The reference's features, in ascending order. */
    public List<String> features() {
        return profile.features();
    }

    public long windowMs() {
        return window.lengthMs();
    }

    /** Counts a vector of this model stamped {@code ts}, its values in the profile's feature order. */
    abstract void count(long ts, double[] values);

    /** Takes back what a vector that left the window counted. */
    abstract void takeBack(C counted);

    /** The window's cutoff: vectors stamped at or before it are out. */
    abstract long cutoff();

    abstract void cutoff(long cutoff);

    private boolean takes(FeatureVector vector) {
        if (vector == null) {
            throw new IllegalArgumentException("vector must not be null");
        }
        // Out means ts <= t - W for the latest t, where it would be evicted at once; a vector
        // stamped after t counts now, since the job advances to t before applying the events of t.
        return profile.modelId().equals(vector.modelId()) && vector.ts() > cutoff();
    }
}

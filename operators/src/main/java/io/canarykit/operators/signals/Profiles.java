package io.canarykit.operators.signals;

import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.ReferenceProfile;
import java.util.Map;
import java.util.TreeSet;

/** Checks the feature monitors' settings (a reference profile, a window) and lists features in a fixed order. */
final class Profiles {

    private Profiles() {}

    /** The profile's feature names in ascending order, after checking the profile is well formed. */
    static String[] sortedFeatureNames(ReferenceProfile profile) {
        if (profile == null) {
            throw new IllegalArgumentException("profile must not be null");
        }
        if (profile.modelId() == null) {
            throw new IllegalArgumentException("profile.model_id must not be null");
        }
        Map<String, FeatureBins> features = profile.features();
        if (features == null) {
            throw new IllegalArgumentException("profile.features must not be null");
        }
        TreeSet<String> names = new TreeSet<>();
        for (Map.Entry<String, FeatureBins> e : features.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("profile.features must not hold a null name or null bins");
            }
            names.add(e.getKey());
        }
        return names.toArray(new String[0]);
    }

    /** Throws unless {@code windowMs} is positive. */
    static long requirePositiveWindow(long windowMs) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException("windowMs must be positive, got " + windowMs);
        }
        return windowMs;
    }

    /** Returns {@code window} after checking it is there and {@code windowMs} long. */
    static <E> WindowLog<E> requireWindow(WindowLog<E> window, long windowMs) {
        requirePositiveWindow(windowMs);
        if (window == null) {
            throw new IllegalArgumentException("window must not be null");
        }
        if (window.lengthMs() != windowMs) {
            throw new IllegalArgumentException("window must be windowMs (" + windowMs + ") long, got "
                    + window.lengthMs());
        }
        return window;
    }

    /** Throws unless {@code window} holds no event, as a monitor that starts empty needs. */
    static void requireEmpty(WindowLog<?> window) {
        if (!window.isEmpty()) {
            throw new IllegalArgumentException("window must be empty for a new monitor, got " + window.size()
                    + " events");
        }
    }
}

package io.canarykit.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a bench run measured: a value per figure, or why there is none. A figure that could not be
 * measured stays without a value, never with a made-up one.
 */
public final class Measurements {

    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Map<String, String> missing = new LinkedHashMap<>();

    /** Records {@code value} for {@code key}; a value that is not a finite number counts as missing. */
    public void put(String key, double value) {
        if (!Double.isFinite(value)) {
            missing(key, "the measurement gave " + value);
            return;
        }
        values.put(key, value);
        missing.remove(key);
    }

    /** Says why {@code key} has no value, unless it has a value or a reason already: the first reason is the cause. */
    public void missing(String key, String reason) {
        if (!values.containsKey(key)) {
            missing.putIfAbsent(key, reason);
        }
    }

    public Optional<Double> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Why {@code key} has no value, or empty when it has one or was never mentioned. */
    public Optional<String> whyMissing(String key) {
        return Optional.ofNullable(missing.get(key));
    }
}

package io.canarykit.operators.risk;

import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.schema.OrderEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The budget's rule for a fill sent twice: a fill whose {@link OrderEvent#dedupKey()} was applied on
 * the current UTC day or the day before counts once. The keys live in a store, valued with the day
 * they were applied on, so the account's budget and each symbol's own position apply the one rule.
 */
public final class FillKeys {

    private final KeyValueStore<String, Long> keys;

    public FillKeys(KeyValueStore<String, Long> keys) {
        if (keys == null) {
            throw new IllegalArgumentException("keys is required but not provided");
        }
        this.keys = keys;
    }

    /**
     * Records {@code fill} as applied on {@code day}; false, recording nothing, when its key was
     * applied on {@code day} or the day before.
     */
    public boolean firstTime(OrderEvent fill, long day) {
        String key = fill.dedupKey();
        Long appliedOn = keys.get(key);
        if (appliedOn != null && appliedOn >= day - 1) {
            return false;
        }
        keys.put(key, day);
        return true;
    }

    /**
     * Forgets the keys no fill of {@code day} can repeat any more: those applied before the day
     * before it. Walks the store, so callers do it once a day.
     *
     * @return whether any key was forgotten
     */
    public boolean forgetBefore(long day) {
        List<String> stale = new ArrayList<>();
        keys.forEach((key, appliedOn) -> {
            if (appliedOn < day - 1) {
                stale.add(key);
            }
        });
        stale.forEach(keys::remove);
        return !stale.isEmpty();
    }

    /** The day of the newest key kept, or null when none is. Walks the store. */
    public Long lastDay() {
        long[] last = {Long.MIN_VALUE};
        keys.forEach((key, appliedOn) -> last[0] = Math.max(last[0], appliedOn));
        return last[0] == Long.MIN_VALUE ? null : last[0];
    }
}

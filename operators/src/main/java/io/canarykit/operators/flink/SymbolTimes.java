package io.canarykit.operators.flink;

import io.canarykit.operators.flink.state.StateAccessException;
import io.canarykit.operators.flink.state.KeyedStates;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;

/**
 * The times the symbol gate keeps per symbol beside its watch (newest applied, newest primary quote
 * received, next heartbeat, idle check, newest input, and the first markout timer of its last fill),
 * in one keyed value: an event reads them with one state access and writes them with at most one.
 * Used between {@link #load()} and {@link #flush()} within one key's call; an absent time reads as
 * {@link #NONE}, as do the later fields of times saved before they were added. The times are read
 * several times per event, so they are not boxed.
 */
final class SymbolTimes {

    /** An absent time: before any real one, so the newest of it and a time is that time. */
    static final long NONE = Long.MIN_VALUE;
    private static final int LAST_APPLIED = 0;
    private static final int PRIMARY_SEEN = 1;
    private static final int HEARTBEAT_AT = 2;
    private static final int IDLE_AT = 3;
    private static final int LAST_INPUT = 4;
    private static final int MARKOUT_TIMERS_FROM = 5;
    private static final int FIELDS = 6;

    private final ValueState<long[]> state;
    private long[] times;
    private boolean dirty;

    private SymbolTimes(ValueState<long[]> state) {
        this.state = state;
    }

    static SymbolTimes register(KeyedStates states) {
        return new SymbolTimes(states.value(
                new ValueStateDescriptor<>("symbol-times", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO)));
    }

    /** Reads the current key's times. */
    void load() {
        try {
            long[] stored = state.value();
            times = stored == null ? absent() : stored.length < FIELDS ? widened(stored) : stored;
            dirty = false;
        } catch (Exception e) {
            throw new StateAccessException("read the symbol's times", e);
        }
    }

    /** Writes the current key's times back if any changed. */
    void flush() {
        if (!dirty) {
            return;
        }
        try {
            state.update(times);
            dirty = false;
        } catch (Exception e) {
            throw new StateAccessException("write the symbol's times", e);
        }
    }

    /** Forgets the current key's times. */
    void clear() {
        state.clear();
        times = absent();
        dirty = false;
    }

    long lastApplied() {
        return get(LAST_APPLIED);
    }

    void lastApplied(long t) {
        set(LAST_APPLIED, t);
    }

    long primarySeen() {
        return get(PRIMARY_SEEN);
    }

    void primarySeen(long t) {
        set(PRIMARY_SEEN, t);
    }

    long heartbeatAt() {
        return get(HEARTBEAT_AT);
    }

    void heartbeatAt(long t) {
        set(HEARTBEAT_AT, t);
    }

    long idleAt() {
        return get(IDLE_AT);
    }

    void idleAt(long t) {
        set(IDLE_AT, t);
    }

    long lastInput() {
        return get(LAST_INPUT);
    }

    void lastInput(long t) {
        set(LAST_INPUT, t);
    }

    /** When the timers registered for the symbol's last fill begin ({@link MarkoutTimers}). */
    long markoutTimersFrom() {
        return get(MARKOUT_TIMERS_FROM);
    }

    void markoutTimersFrom(long t) {
        set(MARKOUT_TIMERS_FROM, t);
    }

    private long get(int field) {
        if (times == null) {
            throw new IllegalStateException("symbol times used before load()");
        }
        return times[field];
    }

    private void set(int field, long v) {
        if (times == null) {
            throw new IllegalStateException("symbol times used before load()");
        }
        if (times[field] != v) {
            times[field] = v;
            dirty = true;
        }
    }

    /** Times saved before the later fields were added: those read as absent. */
    private static long[] widened(long[] stored) {
        long[] t = absent();
        System.arraycopy(stored, 0, t, 0, stored.length);
        return t;
    }

    private static long[] absent() {
        long[] t = new long[FIELDS];
        java.util.Arrays.fill(t, NONE);
        return t;
    }
}

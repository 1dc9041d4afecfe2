package io.canarykit.operators.flink.state;

import java.util.Arrays;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;

/**
 * The positions of several {@link KeyedWindowLog}s of the current key in one keyed value, so that
 * an event reads them with one state access and writes them with at most one, however many windows
 * it advances. A window that evicts nothing touches no other state at all.
 *
 * <p>A shared set is used between {@link #load()} and {@link #flush()}: the holder loads it when it
 * starts on a key and flushes it when it is done, and any use outside that bracket fails rather
 * than read another key's positions. A set with a single window can instead load and flush around
 * every operation ({@link #standalone}).
 */
public final class WindowCursors {

    static final int HEAD = 0;
    static final int TAIL = 1;
    static final int NEWEST_TS = 2;
    static final int HEAD_TS = 3;
    static final int LATE_COUNT = 4;
    static final int LATE_MIN_TS = 5;
    private static final int FIELDS = 6;

    private final ValueState<long[]> state;
    private final boolean standalone;
    private int windows;
    private long[] slots;
    private boolean loaded;
    private boolean dirty;

    private WindowCursors(ValueState<long[]> state, boolean standalone) {
        this.state = state;
        this.standalone = standalone;
    }

    /** Cursors shared by every window registered with them, loaded and flushed by their holder. */
    public static WindowCursors shared(RuntimeContext ctx, String name) {
        return shared(KeyedStates.of(ctx), name);
    }

    /** As {@link #shared(RuntimeContext, String)}, in {@code states}. */
    public static WindowCursors shared(KeyedStates states, String name) {
        return new WindowCursors(register(states, name), false);
    }

    /** Cursors of one window that load and flush around each of its operations. */
    static WindowCursors standalone(KeyedStates states, String name) {
        return new WindowCursors(register(states, name), true);
    }

    private static ValueState<long[]> register(KeyedStates states, String name) {
        return states.value(new ValueStateDescriptor<>(name, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    /** A slot for one more window; called while the windows are registered, before any key is processed. */
    int newSlot() {
        return windows++;
    }

    /** Reads the current key's positions; every window of the set may be used until {@link #flush()}. */
    public void load() {
        try {
            long[] stored = state.value();
            slots = stored == null || stored.length < windows * FIELDS ? grown(stored) : stored;
            loaded = true;
            dirty = false;
        } catch (Exception e) {
            throw new StateAccessException("read window positions", e);
        }
    }

    /** Writes the positions back if any window moved, and ends the current key's use. */
    public void flush() {
        if (!loaded) {
            return;
        }
        try {
            if (dirty) {
                state.update(slots);
            }
        } catch (Exception e) {
            throw new StateAccessException("write window positions", e);
        } finally {
            loaded = false;
            dirty = false;
            slots = null;
        }
    }

    /** Forgets the current key's positions (its windows' entries are cleared by the windows). */
    public void clear() {
        state.clear();
        loaded = false;
        dirty = false;
        slots = null;
    }

    long get(int slot, int field) {
        return current()[slot * FIELDS + field];
    }

    void set(int slot, int field, long value) {
        long[] s = current();
        if (s[slot * FIELDS + field] != value) {
            s[slot * FIELDS + field] = value;
            dirty = true;
        }
    }

    /** Forgets one window's positions: standalone, the whole value goes; shared, the slot is emptied. */
    void forget(int slot) {
        if (standalone) {
            clear();
        } else {
            reset(slot);
        }
    }

    private void reset(int slot) {
        long[] s = current();
        int at = slot * FIELDS;
        long[] empty = empty();
        if (!Arrays.equals(s, at, at + FIELDS, empty, 0, FIELDS)) {
            System.arraycopy(empty, 0, s, at, FIELDS);
            dirty = true;
        }
    }

    /** Before an operation of a standalone window: its positions. */
    void begin() {
        if (standalone) {
            load();
        }
    }

    /** After an operation of a standalone window: its positions written back. */
    void end() {
        if (standalone) {
            flush();
        }
    }

    private long[] current() {
        if (!loaded) {
            throw new IllegalStateException("window positions used before load() or after flush()");
        }
        return slots;
    }

    // Positions of more windows than were stored: the new ones start empty.
    private long[] grown(long[] stored) {
        long[] all = new long[windows * FIELDS];
        int from = 0;
        if (stored != null) {
            System.arraycopy(stored, 0, all, 0, stored.length);
            from = stored.length / FIELDS;
        }
        for (int slot = from; slot < windows; slot++) {
            System.arraycopy(empty(), 0, all, slot * FIELDS, FIELDS);
        }
        return all;
    }

    private static long[] empty() {
        return new long[] {0L, 0L, Long.MIN_VALUE, Long.MIN_VALUE, 0L, Long.MAX_VALUE};
    }
}

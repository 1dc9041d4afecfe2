package io.canarykit.operators.flink.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Events of the current key held back until the watermark passes their timestamp, so that they are
 * applied in event-time order and all events of one timestamp together, whichever stream or
 * partition they came from: holding an event registers the event-time timer at its timestamp, on
 * which the caller releases it.
 */
public final class PendingEvents<T> {

    private final MapState<Long, List<T>> byTs;

    private PendingEvents(MapState<Long, List<T>> byTs) {
        this.byTs = byTs;
    }

    /** Registers the buffer's state under {@code name} (unique per function). */
    public static <T> PendingEvents<T> register(RuntimeContext ctx, String name, TypeInformation<T> eventType) {
        return register(KeyedStates.of(ctx), name, eventType);
    }

    /** Registers the buffer's state under {@code name} (unique per function) with {@code states}. */
    public static <T> PendingEvents<T> register(KeyedStates states, String name, TypeInformation<T> eventType) {
        return new PendingEvents<>(states.map(new MapStateDescriptor<>(name, Types.LONG, Types.LIST(eventType))));
    }

    /** Holds {@code event} until the watermark passes {@code ts}, when the timer registered here fires. */
    public void hold(long ts, T event, TimerService timers) {
        timers.registerEventTimeTimer(ts);
        try {
            // The list read is this buffer's own (a fresh copy on RocksDB, and on the heap one the
            // backend copies before a running snapshot could see it change), so it is added to in place.
            List<T> held = byTs.get(ts);
            if (held == null) {
                held = new ArrayList<>(1);
            }
            held.add(event);
            byTs.put(ts, held);
        } catch (Exception e) {
            throw new StateAccessException("hold a pending event", e);
        }
    }

    /** Removes and returns the events held at {@code ts}, in arrival order; empty if none. */
    public List<T> release(long ts) {
        try {
            List<T> held = byTs.get(ts);
            if (held == null) {
                return List.of();
            }
            byTs.remove(ts);
            return held;
        } catch (Exception e) {
            throw new StateAccessException("release pending events", e);
        }
    }

    public boolean isEmpty() {
        try {
            return byTs.isEmpty();
        } catch (Exception e) {
            throw new StateAccessException("read pending events", e);
        }
    }

    public void clear() {
        byTs.clear();
    }
}

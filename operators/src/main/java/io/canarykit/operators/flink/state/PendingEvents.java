package io.canarykit.operators.flink.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Events of the current key held back until the watermark passes their timestamp, so that they are
 * applied in event-time order and all events of one timestamp together, whichever stream or
 * partition they came from. The earliest time held has an event-time timer, on which the caller
 * releases it; releasing it registers the timer of the next. One timer per key at a time, not one
 * per timestamp, keeps Flink's timer queue as small as the keys: a replay holds its whole input.
 */
public final class PendingEvents<T> {

    private final MapState<Long, List<T>> byTs;
    // Absent in state written before the times were kept: its entries each have their own timer.
    private final ValueState<PendingTimes> times;

    private PendingEvents(MapState<Long, List<T>> byTs, ValueState<PendingTimes> times) {
        this.byTs = byTs;
        this.times = times;
    }

    /** Registers the buffer's state under {@code name} (unique per function). */
    public static <T> PendingEvents<T> register(RuntimeContext ctx, String name, TypeInformation<T> eventType) {
        return register(KeyedStates.of(ctx), name, eventType);
    }

    /** Registers the buffer's state under {@code name} (unique per function) with {@code states}. */
    public static <T> PendingEvents<T> register(KeyedStates states, String name, TypeInformation<T> eventType) {
        return new PendingEvents<>(states.map(new MapStateDescriptor<>(name, Types.LONG, Types.LIST(eventType))),
                states.value(new ValueStateDescriptor<>(name + "-times", PendingTimesSerializer.INSTANCE)));
    }

    /**
     * Holds {@code event} until the watermark passes {@code ts}, which must be ahead of it; the timer
     * at {@code ts} is registered here when it is the earliest time held, else by a release.
     */
    public void hold(long ts, T event, TimerService timers) {
        try {
            // The list read is this buffer's own (a fresh copy on RocksDB, and on the heap one the
            // backend copies before a running snapshot could see it change), so it is added to in place.
            List<T> held = byTs.get(ts);
            if (held == null) {
                held = new ArrayList<>(1);
                PendingTimes pending = pendingTimes();
                if (pending.add(ts)) {
                    timers.registerEventTimeTimer(ts);
                }
                times.update(pending);
            }
            held.add(event);
            byTs.put(ts, held);
        } catch (Exception e) {
            throw new StateAccessException("hold a pending event", e);
        }
    }

    /**
     * Removes and returns the events held at {@code ts}, in arrival order (empty if none), and
     * registers the timer of the next time held. Called on every event-time timer of the key.
     */
    public List<T> release(long ts, TimerService timers) {
        try {
            List<T> held = byTs.get(ts);
            if (held == null) {
                return List.of();
            }
            byTs.remove(ts);
            PendingTimes pending = times.value();
            if (pending != null && pending.remove(ts)) {
                if (pending.isEmpty()) {
                    times.clear();
                } else {
                    // The watermark may be past it already: Flink then fires it in the same advance, in order.
                    timers.registerEventTimeTimer(pending.earliest());
                    times.update(pending);
                }
            }
            return held;
        } catch (Exception e) {
            throw new StateAccessException("release pending events", e);
        }
    }

    private PendingTimes pendingTimes() throws Exception {
        PendingTimes pending = times.value();
        return pending != null ? pending : new PendingTimes();
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
        times.clear();
    }
}

package io.canarykit.operators.flink.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 *
 * <p>The events are one value per key, a {@link PendingQueue} of the times held in order with their
 * events (state {@code <name>-queue}), read, changed in place and written back: a hold or a release
 * is one read and one write of the key's value, with no map of its own to look up. The value changed
 * is this buffer's own: the heap layer hands out the object it holds and serializes it when it writes
 * it to RocksDB (before each checkpoint, or when the key leaves the heap), the heap backend copies it
 * ({@link PendingQueueSerializer#copy}) before a running snapshot could see it change, and RocksDB
 * reads a fresh one. A key keeps its queue, empty, once it held events, until {@link #clear()}: a
 * queue present means the key has nothing in the earlier layout.
 *
 * <p>Earlier versions kept the events in a map by timestamp (state {@code <name>}), with the times in
 * order beside it ({@code <name>-times}), or before that with a timer per timestamp and no times. A
 * key without a queue has its map read once, and any events there move into a queue; the earliest
 * of them has the timer it was saved with. A timer saved for a time already released finds nothing.
 */
public final class PendingEvents<T> {

    private final ValueState<PendingQueue<T>> queue;
    private final MapState<Long, List<T>> legacyByTs;
    private final ValueState<PendingTimes> legacyTimes;

    private PendingEvents(ValueState<PendingQueue<T>> queue, MapState<Long, List<T>> legacyByTs,
            ValueState<PendingTimes> legacyTimes) {
        this.queue = queue;
        this.legacyByTs = legacyByTs;
        this.legacyTimes = legacyTimes;
    }

    /** Registers the buffer's state under {@code name} (unique per function). */
    public static <T> PendingEvents<T> register(RuntimeContext ctx, String name, TypeInformation<T> eventType) {
        return register(KeyedStates.of(ctx), name, eventType);
    }

    /** Registers the buffer's state under {@code name} (unique per function) with {@code states}. */
    public static <T> PendingEvents<T> register(KeyedStates states, String name, TypeInformation<T> eventType) {
        return new PendingEvents<>(
                states.value(new ValueStateDescriptor<>(name + "-queue", PendingQueueSerializer.typeOf(eventType))),
                states.map(new MapStateDescriptor<>(name, Types.LONG, Types.LIST(eventType))),
                states.value(new ValueStateDescriptor<>(name + "-times", PendingTimesSerializer.INSTANCE)));
    }

    /**
     * Holds {@code event} until the watermark passes {@code ts}, which must be ahead of it; the timer
     * at {@code ts} is registered here when it is the earliest time held, else by a release.
     */
    public void hold(long ts, T event, TimerService timers) {
        try {
            PendingQueue<T> held = load();
            if (held == null) {
                held = new PendingQueue<>();
            }
            if (held.add(ts, event)) {
                timers.registerEventTimeTimer(ts);
            }
            queue.update(held);
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
            PendingQueue<T> held = load();
            if (held == null || held.isEmpty()) {
                return List.of();
            }
            boolean earliest = held.earliest() == ts;
            List<T> events = held.remove(ts);
            if (events.isEmpty()) {
                return events;
            }
            if (earliest && !held.isEmpty()) {
                // The watermark may be past it already: Flink then fires it in the same advance, in order.
                timers.registerEventTimeTimer(held.earliest());
            }
            queue.update(held);
            return events;
        } catch (Exception e) {
            throw new StateAccessException("release pending events", e);
        }
    }

    public boolean isEmpty() {
        try {
            PendingQueue<T> held = load();
            return held == null || held.isEmpty();
        } catch (Exception e) {
            throw new StateAccessException("read pending events", e);
        }
    }

    public void clear() {
        try {
            if (queue.value() == null) {
                // Never used since the upgrade: whatever the earlier layout holds goes too.
                legacyByTs.clear();
                legacyTimes.clear();
            }
            queue.clear();
        } catch (Exception e) {
            throw new StateAccessException("clear pending events", e);
        }
    }

    /** The key's queue, with any events held in the earlier layout moved into it; null if it holds none. */
    private PendingQueue<T> load() throws Exception {
        PendingQueue<T> held = queue.value();
        return held != null ? held : fromLegacy();
    }

    private PendingQueue<T> fromLegacy() throws Exception {
        if (legacyByTs.isEmpty()) {
            return null;
        }
        List<Map.Entry<Long, List<T>>> entries = new ArrayList<>();
        legacyByTs.entries().forEach(entries::add);
        entries.sort(Map.Entry.comparingByKey());
        PendingQueue<T> held = new PendingQueue<>(entries.size());
        for (Map.Entry<Long, List<T>> entry : entries) {
            for (T event : entry.getValue()) {
                held.add(entry.getKey(), event);
            }
        }
        legacyByTs.clear();
        legacyTimes.clear();
        queue.update(held);
        return held;
    }
}

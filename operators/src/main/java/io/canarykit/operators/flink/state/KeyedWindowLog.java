package io.canarykit.operators.flink.state;

import static io.canarykit.operators.flink.state.WindowCursors.HEAD;
import static io.canarykit.operators.flink.state.WindowCursors.HEAD_TS;
import static io.canarykit.operators.flink.state.WindowCursors.LATE_COUNT;
import static io.canarykit.operators.flink.state.WindowCursors.LATE_MIN_TS;
import static io.canarykit.operators.flink.state.WindowCursors.NEWEST_TS;
import static io.canarykit.operators.flink.state.WindowCursors.TAIL;

import io.canarykit.operators.window.WindowLog;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;

/**
 * A {@link WindowLog} in Flink keyed state, for the current key. Events arrive nearly in time order,
 * so they sit in a FIFO ring of MapState entries numbered by arrival: adding is one put and evicting
 * one get and remove, whatever the state backend, and no event ever rewrites the window. The rare
 * late event (older than one already held) goes to a small side list, which eviction also checks, so
 * the window stays exact.
 *
 * <p>The ring's positions, the oldest ring entry's time and the side list's count and oldest time
 * sit in {@link WindowCursors}, shared by all of a key's windows: advancing a window with nothing to
 * evict reads no state of its own.
 */
public final class KeyedWindowLog<E> implements WindowLog<E> {

    private final long lengthMs;
    private final MapState<Long, Tuple2<Long, E>> ring;
    private final ListState<Tuple2<Long, E>> late;
    private final WindowCursors cursors;
    private final int slot;

    private KeyedWindowLog(long lengthMs, MapState<Long, Tuple2<Long, E>> ring, ListState<Tuple2<Long, E>> late,
            WindowCursors cursors) {
        this.lengthMs = lengthMs;
        this.ring = ring;
        this.late = late;
        this.cursors = cursors;
        this.slot = cursors.newSlot();
    }

    /**
     * Registers the log's state under {@code name} (unique per function), with positions of its own
     * that are read and written around every operation.
     */
    public static <E> KeyedWindowLog<E> register(
            RuntimeContext ctx, String name, long lengthMs, TypeInformation<E> eventType) {
        requirePositive(name, lengthMs);
        KeyedStates states = KeyedStates.of(ctx);
        return register(states, name, lengthMs, eventType, WindowCursors.standalone(states, name + "-positions"));
    }

    /**
     * Registers the log's state under {@code name} with its positions in {@code cursors}, which the
     * caller loads before and flushes after each key's use.
     */
    public static <E> KeyedWindowLog<E> register(
            RuntimeContext ctx, String name, long lengthMs, TypeInformation<E> eventType, WindowCursors cursors) {
        return register(KeyedStates.of(ctx), name, lengthMs, eventType, cursors);
    }

    /** As {@link #register(RuntimeContext, String, long, TypeInformation, WindowCursors)}, in {@code states}. */
    public static <E> KeyedWindowLog<E> register(
            KeyedStates states, String name, long lengthMs, TypeInformation<E> eventType, WindowCursors cursors) {
        requirePositive(name, lengthMs);
        TupleTypeInfo<Tuple2<Long, E>> entryType = new TupleTypeInfo<>(Types.LONG, eventType);
        return new KeyedWindowLog<>(
                lengthMs,
                states.map(new MapStateDescriptor<>(name + "-ring", Types.LONG, entryType)),
                states.list(new ListStateDescriptor<>(name + "-late", entryType)),
                cursors);
    }

    private static void requirePositive(String name, long lengthMs) {
        if (lengthMs <= 0) {
            throw new IllegalArgumentException("window length of " + name + " must be positive, got " + lengthMs);
        }
    }

    @Override
    public long lengthMs() {
        return lengthMs;
    }

    @Override
    public void add(long ts, E event) {
        cursors.begin();
        try {
            long head = cursors.get(slot, HEAD);
            long tail = cursors.get(slot, TAIL);
            if (tail > head && ts < cursors.get(slot, NEWEST_TS)) {
                late.add(Tuple2.of(ts, event));
                cursors.set(slot, LATE_COUNT, cursors.get(slot, LATE_COUNT) + 1);
                cursors.set(slot, LATE_MIN_TS, Math.min(cursors.get(slot, LATE_MIN_TS), ts));
            } else {
                ring.put(tail, Tuple2.of(ts, event));
                if (tail == head) {
                    cursors.set(slot, HEAD_TS, ts);
                }
                cursors.set(slot, TAIL, tail + 1);
                cursors.set(slot, NEWEST_TS, ts);
            }
        } catch (Exception e) {
            throw new StateAccessException("add to window", e);
        } finally {
            cursors.end();
        }
    }

    @Override
    public void advanceTo(long t, Consumer<? super E> onEvict) {
        long cutoff = t - lengthMs;
        cursors.begin();
        try {
            if (cursors.get(slot, LATE_COUNT) > 0 && cursors.get(slot, LATE_MIN_TS) <= cutoff) {
                evictLate(cutoff, onEvict);
            }
            long head = cursors.get(slot, HEAD);
            long tail = cursors.get(slot, TAIL);
            if (head == tail || cursors.get(slot, HEAD_TS) > cutoff) {
                return;
            }
            Tuple2<Long, E> oldest = ring.get(head);
            while (oldest != null && oldest.f0 <= cutoff) {
                ring.remove(head);
                head++;
                onEvict.accept(oldest.f1);
                oldest = head < tail ? ring.get(head) : null;
            }
            cursors.set(slot, HEAD, head);
            cursors.set(slot, HEAD_TS, oldest == null ? Long.MIN_VALUE : oldest.f0);
        } catch (Exception e) {
            throw new StateAccessException("evict from window", e);
        } finally {
            cursors.end();
        }
    }

    private void evictLate(long cutoff, Consumer<? super E> onEvict) throws Exception {
        List<Tuple2<Long, E>> kept = new ArrayList<>();
        List<Tuple2<Long, E>> gone = new ArrayList<>();
        Iterable<Tuple2<Long, E>> held = late.get();
        if (held != null) {
            for (Tuple2<Long, E> e : held) {
                (e.f0 <= cutoff ? gone : kept).add(e);
            }
        }
        gone.sort((a, b) -> Long.compare(a.f0, b.f0));
        late.update(kept);
        cursors.set(slot, LATE_COUNT, kept.size());
        cursors.set(slot, LATE_MIN_TS, kept.stream().mapToLong(e -> e.f0).min().orElse(Long.MAX_VALUE));
        gone.forEach(e -> onEvict.accept(e.f1));
    }

    @Override
    public int size() {
        cursors.begin();
        try {
            return (int) (cursors.get(slot, TAIL) - cursors.get(slot, HEAD) + cursors.get(slot, LATE_COUNT));
        } finally {
            cursors.end();
        }
    }

    @Override
    public long oldestTs() {
        cursors.begin();
        try {
            long oldest = Math.min(cursors.get(slot, LATE_MIN_TS),
                    cursors.get(slot, TAIL) > cursors.get(slot, HEAD) ? cursors.get(slot, HEAD_TS) : Long.MAX_VALUE);
            return oldest == Long.MAX_VALUE ? Long.MIN_VALUE : oldest;
        } finally {
            cursors.end();
        }
    }

    @Override
    public List<Timed<E>> snapshot() {
        cursors.begin();
        try {
            List<Timed<E>> out = new ArrayList<>();
            for (long seq = cursors.get(slot, HEAD); seq < cursors.get(slot, TAIL); seq++) {
                Tuple2<Long, E> e = ring.get(seq);
                out.add(new Timed<>(e.f0, e.f1));
            }
            if (cursors.get(slot, LATE_COUNT) > 0) {
                for (Tuple2<Long, E> e : late.get()) {
                    out.add(new Timed<>(e.f0, e.f1));
                }
            }
            return out;
        } catch (Exception e) {
            throw new StateAccessException("read window", e);
        } finally {
            cursors.end();
        }
    }

    @Override
    public void clear() {
        ring.clear();
        late.clear();
        cursors.forget(slot);
    }
}

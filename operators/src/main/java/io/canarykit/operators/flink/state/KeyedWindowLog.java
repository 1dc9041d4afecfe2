package io.canarykit.operators.flink.state;

import io.canarykit.operators.window.WindowLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;

/**
 * A {@link WindowLog} in Flink keyed state, for the current key. Events arrive nearly in time order
 * (the job applies them at the watermark), so they sit in a FIFO ring of MapState entries numbered
 * by arrival: adding is one put and evicting one get and remove, whatever the state backend, and no
 * event ever rewrites the window. The rare late event (older than one already held) goes to a
 * small side list, which eviction also checks, so the window stays exact.
 */
public final class KeyedWindowLog<E> implements WindowLog<E> {

    private final long lengthMs;
    private final MapState<Long, Tuple2<Long, E>> ring;
    /** (head sequence, tail sequence, timestamp of the newest ring entry). */
    private final ValueState<Tuple3<Long, Long, Long>> cursor;
    private final ListState<Tuple2<Long, E>> late;

    private KeyedWindowLog(
            long lengthMs,
            MapState<Long, Tuple2<Long, E>> ring,
            ValueState<Tuple3<Long, Long, Long>> cursor,
            ListState<Tuple2<Long, E>> late) {
        this.lengthMs = lengthMs;
        this.ring = ring;
        this.cursor = cursor;
        this.late = late;
    }

    /** Registers the log's state under {@code name} (unique per function) and binds it to {@code ctx}. */
    public static <E> KeyedWindowLog<E> register(
            RuntimeContext ctx, String name, long lengthMs, TypeInformation<E> eventType) {
        if (lengthMs <= 0) {
            throw new IllegalArgumentException("window length of " + name + " must be positive, got " + lengthMs);
        }
        TupleTypeInfo<Tuple2<Long, E>> entryType = new TupleTypeInfo<>(Types.LONG, eventType);
        TypeInformation<Tuple3<Long, Long, Long>> cursorType = Types.TUPLE(Types.LONG, Types.LONG, Types.LONG);
        return new KeyedWindowLog<>(
                lengthMs,
                ctx.getMapState(new MapStateDescriptor<>(name + "-ring", Types.LONG, entryType)),
                ctx.getState(new ValueStateDescriptor<>(name + "-cursor", cursorType)),
                ctx.getListState(new ListStateDescriptor<>(name + "-late", entryType)));
    }

    @Override
    public long lengthMs() {
        return lengthMs;
    }

    @Override
    public void add(long ts, E event) {
        try {
            Tuple3<Long, Long, Long> c = cursorOrEmpty();
            if (c.f1 > c.f0 && ts < c.f2) {
                late.add(Tuple2.of(ts, event));
                return;
            }
            ring.put(c.f1, Tuple2.of(ts, event));
            cursor.update(Tuple3.of(c.f0, c.f1 + 1, ts));
        } catch (Exception e) {
            throw new StateAccessException("add to window", e);
        }
    }

    @Override
    public void advanceTo(long t, Consumer<? super E> onEvict) {
        long cutoff = t - lengthMs;
        try {
            evictLate(cutoff, onEvict);
            Tuple3<Long, Long, Long> c = cursorOrEmpty();
            long head = c.f0;
            while (head < c.f1) {
                Tuple2<Long, E> oldest = ring.get(head);
                if (oldest.f0 > cutoff) {
                    break;
                }
                ring.remove(head);
                head++;
                onEvict.accept(oldest.f1);
            }
            if (head != c.f0) {
                cursor.update(Tuple3.of(head, c.f1, c.f2));
            }
        } catch (Exception e) {
            throw new StateAccessException("evict from window", e);
        }
    }

    private void evictLate(long cutoff, Consumer<? super E> onEvict) throws Exception {
        Iterable<Tuple2<Long, E>> held = late.get();
        if (held == null || !held.iterator().hasNext()) {
            return;
        }
        List<Tuple2<Long, E>> kept = new ArrayList<>();
        List<Tuple2<Long, E>> gone = new ArrayList<>();
        for (Tuple2<Long, E> e : held) {
            (e.f0 <= cutoff ? gone : kept).add(e);
        }
        if (!gone.isEmpty()) {
            gone.sort((a, b) -> Long.compare(a.f0, b.f0));
            late.update(kept);
            gone.forEach(e -> onEvict.accept(e.f1));
        }
    }

    @Override
    public int size() {
        try {
            Tuple3<Long, Long, Long> c = cursorOrEmpty();
            int lateCount = 0;
            for (Iterator<Tuple2<Long, E>> it = lateIterator(); it.hasNext(); it.next()) {
                lateCount++;
            }
            return (int) (c.f1 - c.f0) + lateCount;
        } catch (Exception e) {
            throw new StateAccessException("size window", e);
        }
    }

    @Override
    public long oldestTs() {
        try {
            long oldest = Long.MAX_VALUE;
            Tuple3<Long, Long, Long> c = cursorOrEmpty();
            if (c.f1 > c.f0) {
                oldest = ring.get(c.f0).f0;
            }
            for (Iterator<Tuple2<Long, E>> it = lateIterator(); it.hasNext(); ) {
                oldest = Math.min(oldest, it.next().f0);
            }
            return oldest == Long.MAX_VALUE ? Long.MIN_VALUE : oldest;
        } catch (Exception e) {
            throw new StateAccessException("read window", e);
        }
    }

    @Override
    public List<Timed<E>> snapshot() {
        try {
            List<Timed<E>> out = new ArrayList<>();
            Tuple3<Long, Long, Long> c = cursorOrEmpty();
            for (long seq = c.f0; seq < c.f1; seq++) {
                Tuple2<Long, E> e = ring.get(seq);
                out.add(new Timed<>(e.f0, e.f1));
            }
            for (Iterator<Tuple2<Long, E>> it = lateIterator(); it.hasNext(); ) {
                Tuple2<Long, E> e = it.next();
                out.add(new Timed<>(e.f0, e.f1));
            }
            return out;
        } catch (Exception e) {
            throw new StateAccessException("read window", e);
        }
    }

    @Override
    public void clear() {
        ring.clear();
        cursor.clear();
        late.clear();
    }

    private Tuple3<Long, Long, Long> cursorOrEmpty() throws Exception {
        Tuple3<Long, Long, Long> c = cursor.value();
        return c == null ? Tuple3.of(0L, 0L, Long.MIN_VALUE) : c;
    }

    private Iterator<Tuple2<Long, E>> lateIterator() throws Exception {
        Iterable<Tuple2<Long, E>> held = late.get();
        return held == null ? Collections.emptyIterator() : held.iterator();
    }
}

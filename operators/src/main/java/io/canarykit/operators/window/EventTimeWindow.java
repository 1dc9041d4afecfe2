package io.canarykit.operators.window;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The events of a sliding event-time window {@code (t - W, t]}, oldest first. Adding and evicting
 * one event cost O(log n); a late event (older than ones already held) still finds its place.
 *
 * <p>The window does not aggregate: its owner adds an event's contribution when it calls
 * {@link #add} and takes it back in the callback of {@link #advanceTo}, so every aggregate stays
 * incremental and no caller ever rescans the window.
 */
public final class EventTimeWindow<E> implements WindowLog<E> {

    private final long lengthMs;
    private final PriorityQueue<Entry<E>> entries = new PriorityQueue<>();
    private long nextOrder;

    public EventTimeWindow(long lengthMs) {
        if (lengthMs <= 0) {
            throw new IllegalArgumentException("window length must be positive, got " + lengthMs);
        }
        this.lengthMs = lengthMs;
    }

    @Override
    public long lengthMs() {
        return lengthMs;
    }

    @Override
    public void add(long ts, E event) {
        entries.add(new Entry<>(ts, nextOrder++, event));
    }

    @Override
    public void advanceTo(long t, Consumer<? super E> onEvict) {
        long cutoff = t - lengthMs;
        while (!entries.isEmpty() && entries.peek().ts <= cutoff) {
            onEvict.accept(entries.poll().event);
        }
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public long oldestTs() {
        return entries.isEmpty() ? Long.MIN_VALUE : entries.peek().ts;
    }

    @Override
    public void clear() {
        entries.clear();
    }

    @Override
    public List<Timed<E>> snapshot() {
        List<Timed<E>> out = new ArrayList<>(entries.size());
        for (Entry<E> e : entries) {
            out.add(new Timed<>(e.ts, e.event));
        }
        return out;
    }

    /** Ordered by time, then by arrival, so events of one timestamp leave in the order they came. */
    private record Entry<E>(long ts, long order, E event) implements Comparable<Entry<E>> {
        @Override
        public int compareTo(Entry<E> other) {
            return ts != other.ts ? Long.compare(ts, other.ts) : Long.compare(order, other.order);
        }
    }
}

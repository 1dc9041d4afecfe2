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
public final class EventTimeWindow<E> {

    private final long lengthMs;
    private final PriorityQueue<Entry<E>> entries =
            new PriorityQueue<>((a, b) -> a.ts != b.ts ? Long.compare(a.ts, b.ts) : Long.compare(a.order, b.order));
    private long nextOrder;

    public EventTimeWindow(long lengthMs) {
        if (lengthMs <= 0) {
            throw new IllegalArgumentException("window length must be positive, got " + lengthMs);
        }
        this.lengthMs = lengthMs;
    }

    public long lengthMs() {
        return lengthMs;
    }

    /** Holds {@code event} at time {@code ts}. */
    public void add(long ts, E event) {
        entries.add(new Entry<>(ts, nextOrder++, event));
    }

    /**
     * Drops every event with {@code ts <= t - W}, oldest first, handing each to {@code onEvict}, so
     * that what remains is exactly the events in {@code (t - W, t]} (events after {@code t} are kept).
     */
    public void advanceTo(long t, Consumer<? super E> onEvict) {
        long cutoff = t - lengthMs;
        while (!entries.isEmpty() && entries.peek().ts <= cutoff) {
            onEvict.accept(entries.poll().event);
        }
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Timestamp of the oldest event held, or {@link Long#MIN_VALUE} when empty. */
    public long oldestTs() {
        return entries.isEmpty() ? Long.MIN_VALUE : entries.peek().ts;
    }

    /** A copy of the held events with their timestamps, in no particular order, for snapshots. */
    public List<Timed<E>> snapshot() {
        List<Timed<E>> out = new ArrayList<>(entries.size());
        for (Entry<E> e : entries) {
            out.add(new Timed<>(e.ts, e.event));
        }
        return out;
    }

    /** An event and its timestamp. */
    public record Timed<E>(long ts, E event) {}

    private record Entry<E>(long ts, long order, E event) {}
}

package io.canarykit.operators.flink.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The events a key holds, by their time: the distinct times ascending, each with its events in
 * arrival order. Events mostly arrive in time order, so an add is an append (or joins the last time)
 * and a release takes the head, both O(1) amortised; an add behind the newest time searches the
 * times and shifts the later ones, or takes the free place before the head.
 */
public final class PendingQueue<T> {

    /** What {@link #earliest()} answers when nothing is held. */
    public static final long NONE = Long.MIN_VALUE;

    private static final int INITIAL = 4;
    // A queue that empties keeps arrays up to this size; larger ones go, so that a burst is not kept.
    private static final int KEPT_WHEN_EMPTY = 64;

    private long[] times;
    /** At each time, its one event, or a {@link Several} with two or more. */
    private Object[] events;
    private int head;
    private int end;

    public PendingQueue() {
        this(INITIAL);
    }

    PendingQueue(int capacity) {
        int size = Math.max(INITIAL, capacity);
        this.times = new long[size];
        this.events = new Object[size];
    }

    /** How many distinct times are held. */
    public int size() {
        return end - head;
    }

    public boolean isEmpty() {
        return end == head;
    }

    /** The earliest time held, or {@link #NONE}. */
    public long earliest() {
        return isEmpty() ? NONE : times[head];
    }

    /**
     * Holds {@code event} at {@code ts}, after the events already held there; says whether {@code ts}
     * was not held before and is now the earliest time held.
     */
    public boolean add(long ts, T event) {
        Objects.requireNonNull(event, "a held event");
        if (isEmpty()) {
            append(ts, event);
            return true;
        }
        long newest = times[end - 1];
        if (ts > newest) {
            append(ts, event);
            return false;
        }
        if (ts == newest) {
            events[end - 1] = join(events[end - 1], event);
            return false;
        }
        if (ts < times[head]) {
            prepend(ts, event);
            return true;
        }
        int at = Arrays.binarySearch(times, head, end, ts);
        if (at >= 0) {
            events[at] = join(events[at], event);
            return false;
        }
        insert(-at - 1, ts, event);
        return false;
    }

    /**
     * Removes and returns the events held at {@code ts}, in arrival order; empty if none are. Taking
     * the earliest is O(1).
     */
    public List<T> remove(long ts) {
        if (isEmpty() || ts < times[head] || ts > times[end - 1]) {
            return List.of();
        }
        if (times[head] == ts) {
            Object taken = events[head];
            events[head] = null;
            head++;
            if (head == end) {
                emptied();
            }
            return list(taken);
        }
        int at = Arrays.binarySearch(times, head, end, ts);
        if (at < 0) {
            return List.of();
        }
        Object taken = events[at];
        System.arraycopy(times, at + 1, times, at, end - at - 1);
        System.arraycopy(events, at + 1, events, at, end - at - 1);
        end--;
        events[end] = null;
        return list(taken);
    }

    /** The times held, ascending. */
    public long[] times() {
        return Arrays.copyOfRange(times, head, end);
    }

    /** The {@code i}-th time held, from the earliest (0). */
    long timeAt(int i) {
        return times[head + i];
    }

    /** The events at the {@code i}-th time held, in arrival order; not to be changed. */
    List<T> eventsAt(int i) {
        return list(events[head + i]);
    }

    private void append(long ts, T event) {
        if (end == times.length) {
            makeRoom();
        }
        times[end] = ts;
        events[end] = event;
        end++;
    }

    private void prepend(long ts, T event) {
        if (head == 0) {
            // No free place before the head: shift every time one along.
            insert(0, ts, event);
            return;
        }
        head--;
        times[head] = ts;
        events[head] = event;
    }

    /** Puts {@code ts} at index {@code at}, which the later times make room for. */
    private void insert(int at, long ts, T event) {
        if (end == times.length) {
            int before = head;
            makeRoom();
            at -= before - head;
        }
        System.arraycopy(times, at, times, at + 1, end - at);
        System.arraycopy(events, at, events, at + 1, end - at);
        times[at] = ts;
        events[at] = event;
        end++;
    }

    // Released times leave room at the front: reused when they are half the arrays, else they double.
    private void makeRoom() {
        int size = size();
        boolean reuse = head >= times.length / 2;
        long[] newTimes = reuse ? times : new long[times.length * 2];
        Object[] newEvents = reuse ? events : new Object[events.length * 2];
        System.arraycopy(times, head, newTimes, 0, size);
        System.arraycopy(events, head, newEvents, 0, size);
        if (reuse) {
            Arrays.fill(events, size, end, null);
        }
        times = newTimes;
        events = newEvents;
        head = 0;
        end = size;
    }

    private void emptied() {
        head = 0;
        end = 0;
        if (times.length > KEPT_WHEN_EMPTY) {
            times = new long[INITIAL];
            events = new Object[INITIAL];
        }
    }

    private static Object join(Object held, Object event) {
        if (held instanceof Several several) {
            several.add(event);
            return several;
        }
        return new Several(held, event);
    }

    @SuppressWarnings("unchecked")
    private List<T> list(Object held) {
        return held instanceof Several several
                ? (List<T>) Collections.unmodifiableList(several)
                : List.of((T) held);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PendingQueue<?> other) || other.size() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (timeAt(i) != other.timeAt(i) || !eventsAt(i).equals(other.eventsAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0; i < size(); i++) {
            hash = 31 * hash + Long.hashCode(timeAt(i));
            hash = 31 * hash + eventsAt(i).hashCode();
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("PendingQueue{");
        for (int i = 0; i < size(); i++) {
            s.append(i == 0 ? "" : ", ").append(timeAt(i)).append('=').append(eventsAt(i));
        }
        return s.append('}').toString();
    }

    /** Two or more events of one time, in arrival order; a class of its own, so no event is taken for one. */
    private static final class Several extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        Several(Object first, Object second) {
            super(4);
            add(first);
            add(second);
        }
    }
}

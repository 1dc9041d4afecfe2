package io.canarykit.operators.flink.state;

import java.util.Arrays;
import java.util.Objects;

/**
 * Consecutive entries of a {@link KeyedWindowLog}'s ring, numbered by arrival: the entries from
 * {@link #start()} on, each an event and its time, up to the end of the block's range of
 * {@link #CAPACITY} numbers ({@code [n * CAPACITY, (n + 1) * CAPACITY)} for block {@code n}). Only a
 * block whose range is not yet filled is appended to; a full block never changes again, so a copy of
 * it may be the block itself. A block may start inside its range (the first entries written after an
 * upgrade from one entry per state entry, or after the ring emptied and was dropped).
 *
 * @param <E> the events
 */
public final class RingBlock<E> {

    /**
     * Entries per block: a few seconds of a busy symbol's window. A block is one state entry, so a
     * window of a million events is 15,625 entries to copy after a checkpoint, not a million, and the
     * open block rewritten per append stays a few kilobytes.
     */
    public static final int CAPACITY = 64;

    /** Room for the first entries: a sparse log (orphans, late markouts) keeps a few, not 64. */
    private static final int INITIAL = 4;

    private final long start;
    /** Entries the block's range leaves room for. */
    private final int room;
    private long[] times;
    private Object[] events;
    private int size;

    /** An empty block whose first entry will be number {@code start}. */
    public RingBlock(long start) {
        this(start, CAPACITY - (int) Math.floorMod(start, (long) CAPACITY));
    }

    private RingBlock(long start, int room) {
        this.start = start;
        this.room = room;
        this.times = new long[Math.min(room, INITIAL)];
        this.events = new Object[times.length];
    }

    /** The block that holds entry {@code number}. */
    public static long blockOf(long number) {
        return Math.floorDiv(number, (long) CAPACITY);
    }

    public long start() {
        return start;
    }

    public int size() {
        return size;
    }

    /** The number the next entry appended gets. */
    public long next() {
        return start + size;
    }

    /** Whether the block reaches the end of its range: it is never appended to again. */
    public boolean full() {
        return size == room;
    }

    /** Whether entry {@code number} is in the block. */
    public boolean holds(long number) {
        return number >= start && number < start + size;
    }

    /** Appends {@code event} at {@code ts} as entry {@link #next()}. */
    public void append(long ts, E event) {
        if (full()) {
            throw new IllegalStateException("ring block from " + start + " is full");
        }
        Objects.requireNonNull(event, "a window event");
        if (size == times.length) {
            int grown = Math.min(room, size * 2);
            times = Arrays.copyOf(times, grown);
            events = Arrays.copyOf(events, grown);
        }
        times[size] = ts;
        events[size] = event;
        size++;
    }

    /** The time of entry {@code number}, which the block holds. */
    public long timeAt(long number) {
        return times[index(number)];
    }

    /** The event of entry {@code number}, which the block holds. */
    @SuppressWarnings("unchecked")
    public E eventAt(long number) {
        return (E) events[index(number)];
    }

    private int index(long number) {
        if (!holds(number)) {
            throw new IllegalArgumentException("entry " + number + " is not in the block [" + start + ", " + next() + ")");
        }
        return (int) (number - start);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RingBlock<?> other) || other.start != start || other.size != size || other.room != room) {
            return false;
        }
        return Arrays.equals(times, 0, size, other.times, 0, size) && Arrays.equals(events, 0, size, other.events, 0, size);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(start);
        for (int i = 0; i < size; i++) {
            h = 31 * h + Long.hashCode(times[i]);
            h = 31 * h + Objects.hashCode(events[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        return "RingBlock[" + start + ", " + next() + ")";
    }
}

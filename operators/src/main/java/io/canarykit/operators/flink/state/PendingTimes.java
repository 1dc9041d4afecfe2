package io.canarykit.operators.flink.state;

import java.util.Arrays;

/**
 * The distinct timestamps a key holds events for, ascending, so that only the earliest needs a timer.
 * Events mostly arrive in time order, so an insert is an append and a release takes the head; both
 * are O(1) then, an out-of-order insert shifts the later ones.
 */
public final class PendingTimes {

    /** What {@link #earliest()} answers when nothing is held. */
    public static final long NONE = Long.MIN_VALUE;

    private long[] times;
    private int head;
    private int end;

    public PendingTimes() {
        this(new long[4], 0, 0);
    }

    private PendingTimes(long[] times, int head, int end) {
        this.times = times;
        this.head = head;
        this.end = end;
    }

    /** The times {@code ascending} holds, which must rise strictly. */
    static PendingTimes of(long[] ascending) {
        for (int i = 1; i < ascending.length; i++) {
            if (ascending[i] <= ascending[i - 1]) {
                throw new IllegalArgumentException("pending times must rise strictly, got " + Arrays.toString(ascending));
            }
        }
        return new PendingTimes(Arrays.copyOf(ascending, Math.max(4, ascending.length)), 0, ascending.length);
    }

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

    /** Adds {@code ts}, not held yet; says whether it is now the earliest. */
    public boolean add(long ts) {
        if (end == times.length) {
            makeRoom();
        }
        int at = end;
        while (at > head && times[at - 1] > ts) {
            at--;
        }
        if (at > head && times[at - 1] == ts) {
            throw new IllegalArgumentException("time " + ts + " is already pending");
        }
        System.arraycopy(times, at, times, at + 1, end - at);
        times[at] = ts;
        end++;
        return at == head;
    }

    /** Removes {@code ts} if held; says whether it was. */
    public boolean remove(long ts) {
        if (isEmpty()) {
            return false;
        }
        if (times[head] == ts) {
            head++;
            if (head == end) {
                head = 0;
                end = 0;
            }
            return true;
        }
        int at = Arrays.binarySearch(times, head, end, ts);
        if (at < 0) {
            return false;
        }
        System.arraycopy(times, at + 1, times, at, end - at - 1);
        end--;
        return true;
    }

    /** The times held, ascending. */
    public long[] toArray() {
        return Arrays.copyOfRange(times, head, end);
    }

    // Released times leave room at the front: reused when they are half the array, else it doubles.
    private void makeRoom() {
        int size = size();
        long[] target = head >= times.length / 2 ? times : new long[times.length * 2];
        System.arraycopy(times, head, target, 0, size);
        times = target;
        head = 0;
        end = size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PendingTimes other && Arrays.equals(toArray(), other.toArray());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toArray());
    }

    @Override
    public String toString() {
        return "PendingTimes" + Arrays.toString(toArray());
    }
}

package io.canarykit.operators.window;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Searches and trims a list held in time order whose first {@code head} slots are dropped, as the
 * broadcast timelines keep it: appending in order, reading and trimming then never copy what is held.
 */
public final class TimeOrder {

    private TimeOrder() {}

    /**
     * The index of the first entry in {@code [from, size)} whose time is after {@code t}, or
     * {@code size} when there is none; the entries must be in time order.
     */
    public static <E> int firstAfter(List<E> entries, int from, long t, ToLongFunction<? super E> timeOf) {
        int end = entries.size();
        // Most entries arrive in order and most reads are recent, so the newest entry settles both.
        if (end == from || timeOf.applyAsLong(entries.get(end - 1)) <= t) {
            return end;
        }
        int lo = from;
        int hi = end - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timeOf.applyAsLong(entries.get(mid)) <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Removes the dropped slots before {@code head} once they are at least as many as the held ones,
     * and returns the head that results; each compaction moves no more entries than it removes.
     */
    public static int compact(List<?> slots, int head) {
        if (head == 0 || head < slots.size() - head) {
            return head;
        }
        slots.subList(0, head).clear();
        return 0;
    }
}

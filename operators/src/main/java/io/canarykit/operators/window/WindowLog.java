package io.canarykit.operators.window;

import java.util.List;
import java.util.function.Consumer;

/**
 * The events of a sliding event-time window {@code (t - W, t]}, as the signal classes hold them.
 * {@link EventTimeWindow} keeps them on the heap; the Flink functions keep them in keyed state, so
 * one event costs one small state write and never a rewrite of the whole window.
 */
public interface WindowLog<E> {

    /** The window length {@code W} in milliseconds. */
    long lengthMs();

    /** Holds {@code event} at time {@code ts}. */
    void add(long ts, E event);

    /**
     * Drops every event with {@code ts <= t - W}, oldest first, handing each to {@code onEvict}, so
     * that what remains is exactly the events in {@code (t - W, t]} (events after {@code t} are kept).
     */
    void advanceTo(long t, Consumer<? super E> onEvict);

    int size();

    default boolean isEmpty() {
        return size() == 0;
    }

    /** Timestamp of the oldest event held, or {@link Long#MIN_VALUE} when empty. */
    long oldestTs();

    /** Forgets every event held (a monitor that starts over, e.g. on a new reference profile). */
    void clear();

    /** A copy of the held events with their timestamps, in no particular order. */
    List<Timed<E>> snapshot();

    /** An event and its timestamp. */
    record Timed<E>(long ts, E event) {}
}

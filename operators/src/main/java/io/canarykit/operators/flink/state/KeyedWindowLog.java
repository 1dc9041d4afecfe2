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
 * so they sit in a FIFO ring numbered by arrival, kept in blocks of {@link RingBlock#CAPACITY}
 * consecutive entries (state {@code <name>-blocks}, a map by block number): adding appends to the
 * open block, evicting reads the oldest block and drops it once its last entry goes, whatever the
 * state backend, and no event ever rewrites the window. The rare late event (older than one already
 * held) goes to a small side list, which eviction also checks, so the window stays exact.
 *
 * <p>Blocks rather than one state entry per event, because a checkpoint's cost follows the entries:
 * the heap backend copies a key's whole map the first time it is written after a snapshot, and a full
 * block is shared, not copied; its snapshot writes a block per 64 events.
 *
 * <p>The ring's positions, the oldest ring entry's time and the side list's count and oldest time
 * sit in {@link WindowCursors}, shared by all of a key's windows: advancing a window with nothing to
 * evict reads no state of its own.
 *
 * <p>A log's blocks are in a map state of its own ({@code <name>-blocks}), or in a lane of a
 * {@link WindowBlocks} that the key's other logs of the same events share: fewer states make a
 * shorter checkpoint on RocksDB.
 *
 * <p>Earlier versions kept one map entry per event, by its number (state {@code <name>-ring}), and
 * a log now in a shared store kept its blocks in {@code <name>-blocks}. An entry that the log's
 * blocks do not hold is read from those, so a window restored from such a savepoint drains from
 * them while new events go to the current layout.
 */
public final class KeyedWindowLog<E> implements WindowLog<E> {

    private final long lengthMs;
    private final Blocks<E> blocks;
    /** Whether {@link #blocks} is a lane of a shared store, so that clearing it must not clear the others. */
    private final boolean inLane;
    /**
     * The map of the log's own ({@code <name>-blocks}): where its blocks are, or, for a log in a lane,
     * where the earlier layout kept them.
     */
    private final MapState<Long, RingBlock<E>> ownBlocks;
    private final MapState<Long, Tuple2<Long, E>> legacyRing;
    private final ListState<Tuple2<Long, E>> late;
    private final WindowCursors cursors;
    private final int slot;

    /** Where a log's blocks are kept, by block number. */
    interface Blocks<E> {
        RingBlock<E> get(long blockNo) throws Exception;

        void put(long blockNo, RingBlock<E> block) throws Exception;

        void remove(long blockNo) throws Exception;
    }

    /** Blocks in a map of the log's own, by block number. */
    private record OwnBlocks<E>(MapState<Long, RingBlock<E>> map) implements Blocks<E> {
        @Override
        public RingBlock<E> get(long blockNo) throws Exception {
            return map.get(blockNo);
        }

        @Override
        public void put(long blockNo, RingBlock<E> block) throws Exception {
            map.put(blockNo, block);
        }

        @Override
        public void remove(long blockNo) throws Exception {
            map.remove(blockNo);
        }
    }

    private KeyedWindowLog(long lengthMs, Blocks<E> blocks, boolean inLane, MapState<Long, RingBlock<E>> ownBlocks,
            MapState<Long, Tuple2<Long, E>> legacyRing, ListState<Tuple2<Long, E>> late, WindowCursors cursors) {
        this.lengthMs = lengthMs;
        this.blocks = blocks;
        this.inLane = inLane;
        this.ownBlocks = ownBlocks;
        this.legacyRing = legacyRing;
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
        MapState<Long, RingBlock<E>> own = ownBlocks(states, name, eventType);
        return new KeyedWindowLog<>(
                lengthMs,
                new OwnBlocks<>(own),
                false,
                own,
                states.map(new MapStateDescriptor<>(name + "-ring", Types.LONG, entryType)),
                states.list(new ListStateDescriptor<>(name + "-late", entryType)),
                cursors);
    }

    /**
     * Registers the log under {@code name} with its blocks in {@code lane} of {@code store}, shared with
     * the key's other logs of the same events, and its positions in {@code cursors}. The lane is part
     * of the saved state: a log keeps its lane for good.
     */
    public static <E> KeyedWindowLog<E> register(
            KeyedStates states, String name, long lengthMs, WindowBlocks<E> store, int lane, WindowCursors cursors) {
        requirePositive(name, lengthMs);
        TypeInformation<E> eventType = store.eventType();
        TupleTypeInfo<Tuple2<Long, E>> entryType = new TupleTypeInfo<>(Types.LONG, eventType);
        return new KeyedWindowLog<>(
                lengthMs,
                store.lane(lane, name),
                true,
                ownBlocks(states, name, eventType),
                states.map(new MapStateDescriptor<>(name + "-ring", Types.LONG, entryType)),
                states.list(new ListStateDescriptor<>(name + "-late", entryType)),
                cursors);
    }

    private static <E> MapState<Long, RingBlock<E>> ownBlocks(KeyedStates states, String name, TypeInformation<E> eventType) {
        return states.map(new MapStateDescriptor<>(name + "-blocks", Types.LONG, RingBlockSerializer.typeOf(eventType)));
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
                append(tail, ts, event);
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
            Entries entries = new Entries();
            boolean found = entries.find(head);
            while (found && entries.ts <= cutoff) {
                E evicted = entries.event;
                entries.remove(head);
                head++;
                onEvict.accept(evicted);
                found = head < tail && entries.find(head);
            }
            cursors.set(slot, HEAD, head);
            cursors.set(slot, HEAD_TS, found ? entries.ts : Long.MIN_VALUE);
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
            Entries entries = new Entries();
            for (long seq = cursors.get(slot, HEAD); seq < cursors.get(slot, TAIL); seq++) {
                if (!entries.find(seq)) {
                    throw new IllegalStateException("window entry " + seq + " is missing");
                }
                out.add(new Timed<>(entries.ts, entries.event));
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
        cursors.begin();
        try {
            if (inLane) {
                clearLane(cursors.get(slot, HEAD), cursors.get(slot, TAIL));
            }
            ownBlocks.clear();
            legacyRing.clear();
            late.clear();
        } catch (Exception e) {
            throw new StateAccessException("clear window", e);
        } finally {
            cursors.end();
        }
        cursors.forget(slot);
    }

    /**
     * Drops the log's blocks from its lane, and only those: the other logs' blocks stay. A block goes
     * with the last entry appended to it, so the blocks left hold entries from {@code head} on.
     */
    private void clearLane(long head, long tail) throws Exception {
        if (tail <= head) {
            return;
        }
        for (long b = RingBlock.blockOf(head); b <= RingBlock.blockOf(tail - 1); b++) {
            blocks.remove(b);
        }
    }

    /** Appends entry {@code number} to its block, opening the block if it has none yet. */
    private void append(long number, long ts, E event) throws Exception {
        long blockNo = RingBlock.blockOf(number);
        RingBlock<E> block = blocks.get(blockNo);
        if (block == null) {
            block = new RingBlock<>(number);
        } else if (block.next() != number) {
            throw new IllegalStateException("window entry " + number + " does not follow " + block);
        }
        block.append(ts, event);
        blocks.put(blockNo, block);
    }

    /**
     * Finds entries by number, reading each block once as a walk through consecutive numbers needs
     * it, and an entry the log's blocks do not hold from the earlier layouts' maps.
     */
    private final class Entries {
        private RingBlock<E> block;
        /** Whether {@link #block} came from the earlier layout's map of the log's own, not from {@link #blocks}. */
        private boolean blockFromOwnMap;
        private boolean fromRing;
        long ts;
        E event;

        /** Points at entry {@code number}; false if the log holds no such entry. */
        boolean find(long number) throws Exception {
            if (block == null || !block.holds(number)) {
                long blockNo = RingBlock.blockOf(number);
                block = blocks.get(blockNo);
                blockFromOwnMap = false;
                if (inLane && (block == null || !block.holds(number))) {
                    block = ownBlocks.get(blockNo);
                    blockFromOwnMap = true;
                }
            }
            if (block != null && block.holds(number)) {
                fromRing = false;
                ts = block.timeAt(number);
                event = block.eventAt(number);
                return true;
            }
            Tuple2<Long, E> old = legacyRing.get(number);
            if (old == null) {
                return false;
            }
            fromRing = true;
            ts = old.f0;
            event = old.f1;
            return true;
        }

        /** Drops entry {@code number}, the one just found: a block goes with its last entry. */
        void remove(long number) throws Exception {
            if (fromRing) {
                legacyRing.remove(number);
            } else if (number == block.next() - 1) {
                if (blockFromOwnMap) {
                    ownBlocks.remove(RingBlock.blockOf(number));
                } else {
                    blocks.remove(RingBlock.blockOf(number));
                }
                block = null;
            }
        }
    }
}

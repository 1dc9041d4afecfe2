package io.canarykit.operators.flink.state;

import java.util.BitSet;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * One map state of {@link RingBlock}s that several {@link KeyedWindowLog}s of a key share, each in a
 * lane of its own: a block's map key is its lane in the top bits and its block number below
 * ({@link #keyOf}).
 *
 * <p>One state rather than one per log, because a state is a column family in RocksDB, and a
 * checkpoint's synchronous part flushes every column family written since the last one, one after
 * another, on the task's thread: the pause grows with the number of states written, not with the
 * bytes. The lanes are fixed numbers, kept in savepoints inside the keys, so a log keeps its lane for
 * good.
 *
 * @param <E> the events of every log in the store
 */
public final class WindowBlocks<E> {

    /** The bits below a block's lane: room for block numbers far beyond any log's life. */
    static final int LANE_SHIFT = 56;

    /** The highest lane; keys stay positive, so a store's blocks sort by lane, then by number. */
    public static final int MAX_LANE = 127;

    private final String name;
    private final MapState<Long, RingBlock<E>> map;
    private final TypeInformation<E> eventType;
    private final BitSet taken = new BitSet();

    private WindowBlocks(String name, MapState<Long, RingBlock<E>> map, TypeInformation<E> eventType) {
        this.name = name;
        this.map = map;
        this.eventType = eventType;
    }

    /** Registers the store's map state under {@code name} (unique per function). */
    public static <E> WindowBlocks<E> register(KeyedStates states, String name, TypeInformation<E> eventType) {
        if (eventType == null) {
            throw new IllegalArgumentException("eventType of " + name + " is required but not provided");
        }
        return new WindowBlocks<>(name,
                states.map(new MapStateDescriptor<>(name, Types.LONG, RingBlockSerializer.typeOf(eventType))), eventType);
    }

    public String name() {
        return name;
    }

    TypeInformation<E> eventType() {
        return eventType;
    }

    /** The map key of block {@code blockNo} in {@code lane}. */
    static long keyOf(int lane, long blockNo) {
        if (blockNo < 0 || blockNo >= 1L << LANE_SHIFT) {
            throw new IllegalArgumentException("block number " + blockNo + " is outside a lane's range");
        }
        return ((long) lane << LANE_SHIFT) | blockNo;
    }

    /** Takes {@code lane} for one log; each lane is taken once, before any key is used. */
    Lane<E> lane(int lane, String logName) {
        if (lane < 0 || lane > MAX_LANE) {
            throw new IllegalArgumentException(
                    "lane of " + logName + " in " + name + " must be 0 to " + MAX_LANE + ", got " + lane);
        }
        if (taken.get(lane)) {
            throw new IllegalArgumentException("lane " + lane + " of " + name + " is taken; " + logName + " needs its own");
        }
        taken.set(lane);
        return new Lane<>(map, lane);
    }

    /** One log's blocks in the shared map. */
    static final class Lane<E> implements KeyedWindowLog.Blocks<E> {
        private final MapState<Long, RingBlock<E>> map;
        private final int lane;

        private Lane(MapState<Long, RingBlock<E>> map, int lane) {
            this.map = map;
            this.lane = lane;
        }

        @Override
        public RingBlock<E> get(long blockNo) throws Exception {
            return map.get(keyOf(lane, blockNo));
        }

        @Override
        public void put(long blockNo, RingBlock<E> block) throws Exception {
            map.put(keyOf(lane, blockNo), block);
        }

        @Override
        public void remove(long blockNo) throws Exception {
            map.remove(keyOf(lane, blockNo));
        }
    }
}

package io.canarykit.operators.flink;

import java.io.Serializable;
import java.time.Duration;

/**
 * How an operator holds its function's keyed state on the heap in front of RocksDB
 * ({@link io.canarykit.operators.flink.state.WriteBehindStates}).
 *
 * @param keysOnHeap the keys (symbols) one subtask holds on the heap, the most recently used; a key
 *     beyond them is written to RocksDB when it leaves and read again when it returns
 * @param writeSpreadMs over how long the changed keys are written to RocksDB between checkpoints, a
 *     share at each tick, so that a checkpoint's barrier finds at most about that much change to write
 *     on the task's thread; 0 writes only at checkpoints and when a key leaves the heap, which suits
 *     a job that takes no checkpoints
 */
public record WriteBehindSettings(int keysOnHeap, long writeSpreadMs) implements Serializable {

    /** Ticks over one spread: each writes a tenth of the changed keys. */
    static final int TICKS_PER_SPREAD = 10;

    public WriteBehindSettings {
        if (keysOnHeap < 1) {
            throw new IllegalArgumentException("keys on the heap must be at least 1, got " + keysOnHeap);
        }
        if (writeSpreadMs != 0 && writeSpreadMs < TICKS_PER_SPREAD) {
            throw new IllegalArgumentException("the write spread is 0 (off) or at least " + TICKS_PER_SPREAD
                    + " ms, got " + writeSpreadMs);
        }
    }

    /** Changes written at checkpoints and when a key leaves the heap, never in between. */
    public static WriteBehindSettings atCheckpoints(int keysOnHeap) {
        return new WriteBehindSettings(keysOnHeap, 0);
    }

    /** Changes written over {@code spread} between checkpoints too. */
    public static WriteBehindSettings spreadOver(int keysOnHeap, Duration spread) {
        return new WriteBehindSettings(keysOnHeap, spread.toMillis());
    }

    long tickMs() {
        return writeSpreadMs / TICKS_PER_SPREAD;
    }
}

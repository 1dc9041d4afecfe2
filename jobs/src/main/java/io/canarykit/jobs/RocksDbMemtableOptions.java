package io.canarykit.jobs;

import java.util.Collection;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * RocksDB options of the job's keyed state: memtables that allocate memory in small blocks.
 *
 * <p>The RocksDB instances of a slot share one write buffer manager, sized from the slot's managed
 * memory, and it charges each memtable for the arena blocks it has allocated, not for its data.
 * Each state is a column family with a memtable of its own, and the symbol gate alone wrote 21 of
 * them between checkpoints (14 since its windows share block maps), a little input each. With
 * RocksDB's default arena block (1 MiB for Flink's 64 MiB write buffers) one gate subtask was
 * charged 21 MiB for kilobytes of data, beside the symbol ledger's, the account's and the
 * rollout's states in the same slot, against about 28 MiB in the bench's mini-cluster: the manager
 * flushed a memtable of a handful of entries at nearly every write (4,432 flushes of one gate
 * subtask in two minutes), level 0 grew past the write slowdown trigger, and each checkpoint's
 * flush waited for the stall to clear, for seconds. With small blocks the charge follows the data,
 * and memtables are flushed by the checkpoints, or when the data itself fills the budget.
 */
public final class RocksDbMemtableOptions implements RocksDBOptionsFactory {

    private static final long serialVersionUID = 1L;

    /** RocksDB's smallest sensible block: a page-aligned 64 KiB, 16 times below its default. */
    static final long ARENA_BLOCK_BYTES = 64 * 1024;

    @Override
    public DBOptions createDBOptions(DBOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        return currentOptions;
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(
            ColumnFamilyOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        return currentOptions.setArenaBlockSize(ARENA_BLOCK_BYTES);
    }
}

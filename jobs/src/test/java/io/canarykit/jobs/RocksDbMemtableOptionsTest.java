package io.canarykit.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

class RocksDbMemtableOptionsTest {

    private static final int STATES = 50;
    private static final long MIB = 1 << 20;

    @Test
    void setsTheArenaBlockOfEveryColumnFamily() {
        RocksDB.loadLibrary();
        try (ColumnFamilyOptions options = new ColumnFamilyOptions()) {
            List<AutoCloseable> handles = new ArrayList<>();
            assertThat(new RocksDbMemtableOptions().createColumnOptions(options, handles).arenaBlockSize())
                    .isEqualTo(64 * 1024);
            assertThat(handles).isEmpty();
        }
    }

    /**
     * The case it exists for, in a real RocksDB: fifty column families with Flink's 64 MiB write
     * buffers share a 24 MiB write buffer manager, as a slot's states do, and each takes twenty
     * small entries. With RocksDB's default arena block the manager flushes memtables that hold
     * almost nothing; with the job's options it flushes none.
     */
    @Test
    void fiftyMemtablesWithALittleDataEachStayWithinTheWriteBufferBudget(@TempDir Path dir) throws Exception {
        RocksDB.loadLibrary();
        assertThat(level0FilesAfterSmallWrites(dir.resolve("default"), false)).isGreaterThan(STATES / 2);
        assertThat(level0FilesAfterSmallWrites(dir.resolve("job"), true)).isZero();
    }

    private static long level0FilesAfterSmallWrites(Path path, boolean jobOptions) throws Exception {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Cache cache = track(resources, new LRUCache(48 * MIB));
            WriteBufferManager manager = track(resources, new WriteBufferManager(24 * MIB, cache));
            DBOptions dbOptions = track(resources, new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setWriteBufferManager(manager));
            ColumnFamilyOptions columnOptions = track(resources, new ColumnFamilyOptions().setWriteBufferSize(64 * MIB));
            if (jobOptions) {
                new RocksDbMemtableOptions().createColumnOptions(columnOptions, resources);
            }
            List<ColumnFamilyDescriptor> families = new ArrayList<>();
            families.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions));
            for (int i = 0; i < STATES; i++) {
                families.add(new ColumnFamilyDescriptor(("state-" + i).getBytes(), columnOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(dbOptions, path.toString(), families, handles);
            // Closed before the db, in reverse order of opening.
            resources.add(0, db);
            handles.forEach(h -> resources.add(0, h));
            WriteOptions noLog = track(resources, new WriteOptions().setDisableWAL(true));
            byte[] value = new byte[100];
            for (int entry = 0; entry < 20; entry++) {
                for (int state = 1; state <= STATES; state++) {
                    db.put(handles.get(state), noLog, ("key-" + entry).getBytes(), value);
                }
            }
            // Flushes the manager asked for run in the background: wait until none is pending.
            for (int i = 0; i < 200 && flushesPending(db, handles); i++) {
                Thread.sleep(10);
            }
            long files = 0;
            for (ColumnFamilyHandle handle : handles) {
                files += Long.parseLong(db.getProperty(handle, "rocksdb.num-files-at-level0").trim());
            }
            return files;
        } finally {
            for (AutoCloseable resource : resources) {
                resource.close();
            }
        }
    }

    private static boolean flushesPending(RocksDB db, List<ColumnFamilyHandle> handles) throws Exception {
        for (ColumnFamilyHandle handle : handles) {
            if (Long.parseLong(db.getProperty(handle, "rocksdb.mem-table-flush-pending").trim()) > 0) {
                return true;
            }
        }
        return false;
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> resources, T resource) {
        resources.add(0, resource);
        return resource;
    }
}

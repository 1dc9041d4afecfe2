package io.canarykit.jobs;

import java.util.Locale;
import org.apache.flink.configuration.Configuration;

/**
 * The state backend settings every way of running the gating graph uses (the Kafka job, replay, the
 * demo and the bench), so that what is measured is what runs.
 */
public final class StateBackendConfig {

    public static final String ROCKSDB = "rocksdb";
    public static final String HASHMAP = "hashmap";

    private StateBackendConfig() {}

    /**
     * Sets {@code backend} ({@value #ROCKSDB} or {@value #HASHMAP}) on {@code conf}. On RocksDB, timers
     * are kept on the heap: replay registers one per held timestamp and symbol, and in RocksDB each is
     * a write, a read and a delete, while the heap queue stays as small as the events in flight. Bloom
     * filters spare the reads of keys that were never written (a window slot, an order not yet seen).
     * Memtables allocate in small blocks ({@link RocksDbMemtableOptions}), so that the many states'
     * memtables do not exhaust the slot's write buffer budget while holding almost nothing.
     */
    public static Configuration use(Configuration conf, String backend) {
        String name = backend.trim().toLowerCase(Locale.ROOT);
        switch (name) {
            case ROCKSDB -> {
                conf.setString("state.backend.type", ROCKSDB);
                conf.setString("state.backend.rocksdb.timer-service.factory", "HEAP");
                conf.setString("state.backend.rocksdb.use-bloom-filter", "true");
                conf.setString("state.backend.rocksdb.options-factory", RocksDbMemtableOptions.class.getName());
            }
            case HASHMAP -> conf.setString("state.backend.type", HASHMAP);
            default -> throw new IllegalArgumentException(
                    "state backend must be " + ROCKSDB + " or " + HASHMAP + ", got '" + backend + "'");
        }
        return conf;
    }
}

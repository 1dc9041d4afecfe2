package io.canarykit.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The state backend settings every way of running the gating graph uses (the Kafka job, replay, the
 * demo and the bench), so that what is measured is what runs.
 */
public final class StateBackendConfig {

    public static final String ROCKSDB = "rocksdb";
    public static final String HASHMAP = "hashmap";

    /**
     * How often the changelog's state is written whole (materialized), so that the log a restore
     * replays stays short; each materialization is the pause a checkpoint was before (on RocksDB, its
     * memtable flushes on the task's thread).
     */
    public static final Duration MATERIALIZE_INTERVAL = Duration.ofMinutes(3);

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

    /**
     * The live job's checkpoints as a log of state changes (Flink's changelog state backend, over
     * either backend): a checkpoint uploads the changes since the last one, written as they happen,
     * instead of pausing each task to flush RocksDB's memtables or to snapshot the heap's maps; the
     * state is written whole in the background every {@link #MATERIALIZE_INTERVAL}. The log is kept
     * under {@code baseUri}. A snapshot is restored in CLAIM mode, because the changelog cannot take
     * the full checkpoint that NO_CLAIM mode requires first: Flink then owns the snapshot it starts
     * from and deletes it once later checkpoints no longer need it.
     *
     * <p>The storage is a TaskManager setting (Flink reads it from the cluster's configuration, not
     * the job's), so a session cluster needs these in its own {@code config.yaml}.
     */
    public static Map<String, String> changelogSettings(String baseUri) {
        if (baseUri == null || baseUri.isBlank()) {
            throw new IllegalArgumentException("the state changelog needs a directory for its log");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("state.changelog.enabled", "true");
        settings.put("state.changelog.storage", "filesystem");
        settings.put("state.changelog.dstl.dfs.base-path", baseUri);
        settings.put("state.changelog.periodic-materialize.interval", MATERIALIZE_INTERVAL.toSeconds() + " s");
        settings.put("execution.state-recovery.claim-mode", "CLAIM");
        return settings;
    }

    /** Applies {@link #changelogSettings(String)} to {@code conf}. */
    public static Configuration logChanges(Configuration conf, String baseUri) {
        changelogSettings(baseUri).forEach(conf::setString);
        return conf;
    }
}

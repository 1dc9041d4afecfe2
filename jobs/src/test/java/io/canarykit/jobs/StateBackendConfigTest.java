package io.canarykit.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class StateBackendConfigTest {

    @Test
    void rocksDbKeepsTimersOnTheHeapAndUsesBloomFilters() {
        Configuration conf = StateBackendConfig.use(new Configuration(), " RocksDB ");
        assertThat(conf.toMap())
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("state.backend.rocksdb.timer-service.factory", "HEAP")
                .containsEntry("state.backend.rocksdb.use-bloom-filter", "true")
                .containsEntry("state.backend.rocksdb.options-factory", "io.canarykit.jobs.RocksDbMemtableOptions");
    }

    @Test
    void hashMapSetsOnlyTheBackend() {
        assertThat(StateBackendConfig.use(new Configuration(), "hashmap").toMap())
                .containsExactlyEntriesOf(java.util.Map.of("state.backend.type", "hashmap"));
    }

    @Test
    void anUnknownBackendIsAnErrorThatNamesTheChoices() {
        assertThatThrownBy(() -> StateBackendConfig.use(new Configuration(), "memory"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be rocksdb or hashmap, got 'memory'");
    }
}

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

    @Test
    void theChangelogKeepsItsLogUnderTheGivenDirectoryAndRestoresInClaimMode() {
        Configuration conf = StateBackendConfig.logChanges(
                StateBackendConfig.use(new Configuration(), "rocksdb"), "file:///var/kit/changelog");
        assertThat(conf.toMap())
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("state.changelog.enabled", "true")
                .containsEntry("state.changelog.storage", "filesystem")
                .containsEntry("state.changelog.dstl.dfs.base-path", "file:///var/kit/changelog")
                .containsEntry("state.changelog.periodic-materialize.interval", "180 s")
                .containsEntry("execution.state-recovery.claim-mode", "CLAIM");
    }

    @Test
    void theChangelogWithoutADirectoryIsAnError() {
        assertThatThrownBy(() -> StateBackendConfig.changelogSettings(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a directory");
    }
}

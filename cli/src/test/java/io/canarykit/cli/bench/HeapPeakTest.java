package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The heap in use after a collection: the heap's pools only, as the collectors report them. */
class HeapPeakTest {

    private static final long MB = 1024 * 1024;

    @Test
    void sumsTheHeapsPoolsAndNothingElse() {
        Map<String, MemoryUsage> afterGc = Map.of(
                "G1 Eden Space", new MemoryUsage(0, 0, 64 * MB, 256 * MB),
                "G1 Survivor Space", new MemoryUsage(0, 3 * MB, 8 * MB, -1),
                "G1 Old Gen", new MemoryUsage(0, 40 * MB, 128 * MB, 512 * MB),
                "Metaspace", new MemoryUsage(0, 90 * MB, 96 * MB, -1));
        assertThat(HeapPeak.heapUsed(afterGc, Set.of("G1 Eden Space", "G1 Survivor Space", "G1 Old Gen")))
                .isEqualTo(43 * MB);
    }

    @Test
    void hearsOfACollectionThatRunsWhileItWatches() throws Exception {
        try (HeapPeak heap = new HeapPeak()) {
            assertThat(heap.afterGcPeakMb()).isEmpty();
            System.gc();
            // The collectors' notifications arrive on a thread of their own.
            for (int i = 0; i < 500 && heap.afterGcPeakMb().isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertThat(heap.afterGcPeakMb()).isPresent();
            assertThat(heap.afterGcPeakMb().getAsDouble()).isPositive();
        }
    }
}

package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GcPausesTest {

    // As JDK 17's G1 writes them with -Xlog:gc:file=...:time, each at the collection's end.
    private static final List<String> LOG = List.of(
            "[2026-12-05T19:05:14.000+0000] Using G1",
            "[2026-12-05T19:05:14.116+0000] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 24M->8M(64M) 16.000ms",
            "[2026-12-05T19:05:15.300+0000] GC(13) Pause Young (Concurrent Start) (G1 Humongous Allocation) 30M->9M(64M) 50.500ms",
            "[2026-12-05T19:05:15.420+0000] GC(13) Concurrent Mark Cycle 120.000ms",
            "[2026-12-05T19:05:15.440+0000] GC(13) Pause Remark 12M->12M(64M) 4.000ms",
            "not a line of the log");

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void sumsThePausesThatOverlapAStretchAndOnlyTheirOverlap() {
        // The whole second from 19:05:14.5: the young pause ending at 15.300 (15.2495 to 15.300) and the
        // remark (15.436 to 15.440); the concurrent cycle is no pause.
        assertThat(GcPauses.pausedMsDuring(LOG, ms("2026-12-05T19:05:14.500Z"), ms("2026-12-05T19:05:15.500Z")))
                .isEqualTo(55);
        // Half of the first pause (14.100 to 14.116) falls after 14.108.
        assertThat(GcPauses.pausedMsDuring(LOG, ms("2026-12-05T19:05:14.108Z"), ms("2026-12-05T19:05:14.200Z")))
                .isEqualTo(8);
        assertThat(GcPauses.pausedMsDuring(LOG, ms("2026-12-05T19:05:14.200Z"), ms("2026-12-05T19:05:15.200Z")))
                .isZero();
    }
}

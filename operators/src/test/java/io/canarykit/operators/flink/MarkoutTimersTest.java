package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which markout timers a fill registers, worked by hand for the 1 s, 5 s and 60 s horizons. */
class MarkoutTimersTest {

    private final List<Long> registered = new ArrayList<>();

    private long register(JobClock clock, long fillTs, long now, long registeredFrom) {
        registered.clear();
        return MarkoutTimers.register(clock, fillTs, now, registeredFrom, registered::add);
    }

    @Test
    void liveTheFillsOfOneGridSecondShareTheTimersOfTheFirst() {
        // 10.2 s + 1 s, 5 s, 60 s = 11.2, 15.2, 70.2: the next whole seconds.
        long from = register(JobClock.LIVE, 10_200, 10_250, MarkoutTimers.NONE);
        assertThat(registered).containsExactly(12_000L, 16_000L, 71_000L);
        assertThat(from).isEqualTo(12_000);

        // 10.9 s and exactly 11.0 s: 11.9 and 12.0 both wait for 12 s, and so on: nothing new.
        assertThat(register(JobClock.LIVE, 10_900, 10_950, from)).isEqualTo(12_000);
        assertThat(registered).isEmpty();
        assertThat(register(JobClock.LIVE, 11_000, 11_000, from)).isEqualTo(12_000);
        assertThat(registered).isEmpty();

        // 11.001 s: 12.001 waits for 13 s.
        assertThat(register(JobClock.LIVE, 11_001, 11_010, from)).isEqualTo(13_000);
        assertThat(registered).containsExactly(13_000L, 17_000L, 72_000L);
    }

    @Test
    void liveAFillAppliedLateRegistersItsMovedTimersAndTheNextFillRegistersAgain() {
        // Stamped 5.0 s, applied at 11.1 s: 6.0 and 10.0 have passed and move to 12 s; 65.0 stays.
        long from = register(JobClock.LIVE, 5_000, 11_100, 12_000);
        assertThat(registered).containsExactly(12_000L, 12_000L, 65_000L);
        assertThat(from).isEqualTo(MarkoutTimers.NONE);

        // A fill at 11.0 s would share 12, 16 and 71 s with a plain set, but none is kept: all three.
        assertThat(register(JobClock.LIVE, 11_000, 11_150, from)).isEqualTo(12_000);
        assertThat(registered).containsExactly(12_000L, 16_000L, 71_000L);
    }

    @Test
    void replayRegistersEveryHorizonAtItsOwnTimeForEveryFill() {
        assertThat(register(JobClock.EVENT, 1_000, 0, MarkoutTimers.NONE)).isEqualTo(MarkoutTimers.NONE);
        assertThat(registered).containsExactly(2_000L, 6_000L, 61_000L);
        // Even a fill at the same time as the last one: replay keeps to Flink's own queue.
        assertThat(register(JobClock.EVENT, 1_000, 0, 2_000)).isEqualTo(MarkoutTimers.NONE);
        assertThat(registered).containsExactly(2_000L, 6_000L, 61_000L);
    }
}

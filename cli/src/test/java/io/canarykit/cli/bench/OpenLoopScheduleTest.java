package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    @Test
    void twentyThousandASecondAreDueEveryFiftyMicroseconds() {
        OpenLoopSchedule s = new OpenLoopSchedule(1_000, 20_000);

        assertThat(s.dueNanos(0)).isEqualTo(1_000);
        assertThat(s.dueNanos(3)).isEqualTo(151_000);
        assertThat(s.dueNanos(20_000)).isEqualTo(1_000_001_000L);
    }

    @Test
    void countsTheSendsDueByAMomentFromTheFirstAtTheStart() {
        OpenLoopSchedule s = new OpenLoopSchedule(1_000, 20_000);

        assertThat(s.dueBy(999)).isZero();
        assertThat(s.dueBy(1_000)).isEqualTo(1);
        // Sends 0, 1 and 2 are due at 1,000, 51,000 and 101,000; send 3 at 151,000.
        assertThat(s.dueBy(150_999)).isEqualTo(3);
        assertThat(s.dueBy(151_000)).isEqualTo(4);
        // One second in, 20,000 intervals have passed: sends 0 to 20,000.
        assertThat(s.dueBy(1_000_001_000L)).isEqualTo(20_001);
    }

    @Test
    void aSendIsDueByTheMomentItIsDueAtEvenWhenTheIntervalIsNotWholeNanoseconds() {
        // Three a second: send 1 is due a third of a second in, 333,333,333.3 ns, rounded up.
        OpenLoopSchedule s = new OpenLoopSchedule(0, 3);

        assertThat(s.dueNanos(1)).isEqualTo(333_333_334L);
        assertThat(s.dueBy(s.dueNanos(1))).isEqualTo(2);
        assertThat(s.dueBy(s.dueNanos(1) - 1)).isEqualTo(1);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 0)).hasMessageContaining("perSecond must be a positive rate");
    }
}

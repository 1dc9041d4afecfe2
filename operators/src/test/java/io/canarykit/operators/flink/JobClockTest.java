package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.symbol.StaleClock;
import org.apache.flink.streaming.api.TimeDomain;
import org.junit.jupiter.api.Test;

class JobClockTest {

    @Test
    void liveAppliesEveryInputOnArrivalWhateverTheWatermark() {
        assertThat(JobClock.LIVE.admit(1_000, 5_000)).isEqualTo(JobClock.Admission.ON_ARRIVAL);
        assertThat(JobClock.LIVE.admit(9_000, 5_000)).isEqualTo(JobClock.Admission.ON_ARRIVAL);
    }

    @Test
    void replayHoldsAnInputAheadOfTheWatermarkAndAppliesOneAtOrBehindItLate() {
        assertThat(JobClock.EVENT.admit(5_001, 5_000)).isEqualTo(JobClock.Admission.HELD);
        assertThat(JobClock.EVENT.admit(5_000, 5_000)).isEqualTo(JobClock.Admission.LATE);
        assertThat(JobClock.EVENT.admit(4_000, 5_000)).isEqualTo(JobClock.Admission.LATE);
    }

    @Test
    void liveTakesEveryBroadcastChangeAndReplayOnlyThoseStampedUpToTheTime() {
        assertThat(JobClock.LIVE.changesInForceAt(7_000)).isEqualTo(Long.MAX_VALUE);
        assertThat(JobClock.EVENT.changesInForceAt(7_000)).isEqualTo(7_000);
    }

    @Test
    void liveMarkoutTimersFireOnTheNextWholeSecondAndReplaysAtTheHorizonItself() {
        long now = 1_767_225_600_400L;
        assertThat(JobClock.LIVE.markoutTimerAt(1_767_225_601_250L, now)).isEqualTo(1_767_225_602_000L);
        assertThat(JobClock.LIVE.markoutTimerAt(1_767_225_601_999L, now)).isEqualTo(1_767_225_602_000L);
        assertThat(JobClock.LIVE.markoutTimerAt(1_767_225_602_000L, now)).isEqualTo(1_767_225_602_000L);
        assertThat(JobClock.LIVE.markoutTimerAt(1_767_225_602_001L, now)).isEqualTo(1_767_225_603_000L);
        assertThat(JobClock.LIVE.markoutTimerAt(1, 0)).isEqualTo(1_000);
        assertThat(JobClock.EVENT.markoutTimerAt(1_767_225_601_250L, now)).isEqualTo(1_767_225_601_250L);
    }

    @Test
    void aLiveHorizonAlreadyPastWaitsForTheFirstWholeSecondAfterNow() {
        // Due at 01.250, rounded to 02.000; applied late, at 05.300: the timer goes to 06.000.
        assertThat(JobClock.LIVE.markoutTimerAt(1_767_225_601_250L, 1_767_225_605_300L)).isEqualTo(1_767_225_606_000L);
        // Every fill applied late within the same second shares that one timer.
        assertThat(JobClock.LIVE.markoutTimerAt(1_767_225_603_900L, 1_767_225_605_999L)).isEqualTo(1_767_225_606_000L);
        // The grid second equal to now has fired or fires now: the next one.
        assertThat(JobClock.LIVE.markoutTimerAt(1_767_225_601_250L, 1_767_225_602_000L)).isEqualTo(1_767_225_603_000L);
        // Replay keeps the horizon, however far behind its timer service is.
        assertThat(JobClock.EVENT.markoutTimerAt(1_767_225_601_250L, 1_767_225_605_300L)).isEqualTo(1_767_225_601_250L);
    }

    @Test
    void inputTimeIsTheArrivalLiveAndTheEventsOwnTimestampInReplay() {
        assertThat(JobClock.LIVE.inputTime(100, 40)).isEqualTo(100);
        assertThat(JobClock.EVENT.inputTime(100, 40)).isEqualTo(40);
    }

    @Test
    void onlyAReplayWhoseWatermarkReachedTheEndOfTimeHasEndedItsInput() {
        assertThat(JobClock.EVENT.inputEnded(Long.MAX_VALUE)).isTrue();
        assertThat(JobClock.EVENT.inputEnded(5_000)).isFalse();
        assertThat(JobClock.LIVE.inputEnded(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void eachClockOwnsTheTimersOfItsTimeDomain() {
        assertThat(JobClock.LIVE.owns(TimeDomain.PROCESSING_TIME)).isTrue();
        assertThat(JobClock.LIVE.owns(TimeDomain.EVENT_TIME)).isFalse();
        assertThat(JobClock.EVENT.owns(TimeDomain.EVENT_TIME)).isTrue();
        assertThat(JobClock.EVENT.owns(TimeDomain.PROCESSING_TIME)).isFalse();
    }

    @Test
    void stalenessIsMeasuredOnProcessingTimeLiveAndOnEventTimeInReplay() {
        assertThat(JobClock.LIVE.staleClock(40, 100, 90L)).isEqualTo(StaleClock.live(100, 90L));
        assertThat(JobClock.EVENT.staleClock(40, 100, 90L)).isEqualTo(StaleClock.replay(40));
    }

    @Test
    void onlyTheLiveClockRunsAheadOfItsInput() {
        assertThat(JobClock.LIVE.runsAheadOfInput()).isTrue();
        assertThat(JobClock.EVENT.runsAheadOfInput()).isFalse();
    }
}

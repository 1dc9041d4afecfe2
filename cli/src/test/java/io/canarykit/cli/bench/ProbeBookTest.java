package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProbeBookTest {

    private static final long MS = 1_000_000;

    @Test
    void aProbeLastsFromItsAcknowledgementToTheDecisionThatAppliedIt() {
        ProbeBook book = new ProbeBook();

        assertThat(book.sent("S000", 5_000, 100 * MS)).isTrue();
        assertThat(book.acked("S000", 5_000, 103 * MS)).isEmpty();
        // A decision over input before the probe, and one that does not show the dislocation, do not end it.
        assertThat(book.seen("S000", 4_999, true, 200 * MS)).isEmpty();
        assertThat(book.seen("S000", 5_000, false, 300 * MS)).isEmpty();
        OptionalLong latency = book.seen("S000", 5_010, true, 640 * MS);

        // 640 ms - 103 ms, in microseconds.
        assertThat(latency).hasValue(537_000);
        assertThat(book.settled("S000")).isTrue();
        assertThat(book.dislocated("S000")).isTrue();
    }

    @Test
    void theNextProbeClosesTheDislocationAndEndsWhenItDisappears() {
        ProbeBook book = new ProbeBook();
        book.sent("S000", 5_000, 0);
        book.acked("S000", 5_000, 1 * MS);
        book.seen("S000", 5_000, true, 50 * MS);

        assertThat(book.sent("S000", 6_000, 1_000 * MS)).isFalse();
        assertThat(book.acked("S000", 6_000, 1_002 * MS)).isEmpty();
        // Still dislocated at the closing probe's time: a decision over input that has not reached it.
        assertThat(book.seen("S000", 5_999, false, 1_100 * MS)).isEmpty();

        assertThat(book.seen("S000", 6_000, false, 1_250 * MS)).hasValue(248_000);
    }

    @Test
    void aDecisionSeenBeforeTheAcknowledgementEndsTheProbeAtNoTime() {
        ProbeBook book = new ProbeBook();
        book.sent("S001", 7_000, 0);

        assertThat(book.seen("S001", 7_000, true, 10 * MS)).isEmpty();
        assertThat(book.acked("S001", 7_000, 12 * MS)).hasValue(0);
    }

    @Test
    void aProbeThatTimesOutIsCountedAndItsLateAcknowledgementIgnored() {
        ProbeBook book = new ProbeBook();
        book.sent("S000", 1_000, 0);
        book.sent("S001", 1_075, 75 * MS);

        // At 10.05 s with a 10 s timeout, only the first is over it.
        assertThat(book.expire(10_050 * MS, 10_000 * MS)).isEqualTo(1);
        assertThat(book.timedOut()).isEqualTo(1);
        assertThat(book.pending()).isEqualTo(1);

        book.sent("S000", 11_000, 11_000 * MS);
        assertThat(book.acked("S000", 1_000, 11_001 * MS)).isEmpty();
        assertThat(book.seen("S000", 11_000, false, 11_200 * MS)).isEmpty();
        assertThat(book.acked("S000", 11_000, 11_003 * MS)).hasValue(197_000);
    }

    @Test
    void aProbeGivenUpSaysWhichWayItWentAndWhatCameBackOnce() {
        ProbeBook book = new ProbeBook();
        book.sent("S000", 1_000, 0);
        book.acked("S000", 1_000, MS);
        book.sent("S001", 1_075, 75 * MS);
        book.seen("S001", 1_075, true, 80 * MS);

        book.expire(40_000 * MS, 30_000 * MS);

        assertThat(book.takeGivenUp()).containsExactlyInAnyOrder(
                new ProbeBook.GivenUp("S000", true, 1_000, true, false),
                new ProbeBook.GivenUp("S001", true, 1_075, false, true));
        assertThat(book.takeGivenUp()).isEmpty();
    }

    @Test
    void theWarmUpsTimedOutProbesAreForgottenWhenMeasuringStartsButTheFeedsStateIsKept() {
        ProbeBook book = new ProbeBook();
        assertThat(book.sent("S000", 1_000, 0)).isTrue();
        assertThat(book.expire(30_000 * MS, 10_000 * MS)).isEqualTo(1);

        book.forgetTimedOut();

        assertThat(book.timedOut()).isZero();
        // The warm-up's probe left the feed dislocated: the first measured probe puts it back in line.
        assertThat(book.dislocated("S000")).isTrue();
        assertThat(book.sent("S000", 31_000, 31_000 * MS)).isFalse();
    }

    @Test
    void refusesASecondProbeOnASymbolWhoseProbeIsOnItsWay() {
        ProbeBook book = new ProbeBook();
        book.sent("S000", 1_000, 0);

        assertThat(book.settled("S000")).isFalse();
        assertThatThrownBy(() -> book.sent("S000", 1_075, 75 * MS)).hasMessageContaining("still on its way");
    }
}

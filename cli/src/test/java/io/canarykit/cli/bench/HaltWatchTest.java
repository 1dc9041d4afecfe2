package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HaltWatchTest {

    @Test
    void allHaltedSinceTheLastSymbolTurned() {
        HaltWatch watch = new HaltWatch(List.of("A", "B", "C"));
        watch.seen("A", 1, false, 10_000, 10);
        watch.seen("B", 1, false, 11_000, 11);
        watch.seen("C", 1, false, 12_000, 12);
        assertThat(watch.allSince(false)).hasValue(12);

        watch.seen("A", 2, true, 100_000, 100);
        watch.seen("C", 2, true, 130_000, 130);
        assertThat(watch.allSince(true)).isEmpty();
        watch.seen("B", 2, true, 170_000, 170);

        assertThat(watch.allSince(true)).hasValue(170);
        assertThat(watch.allSince(false)).isEmpty();
    }

    @Test
    void aRepeatedDecisionKeepsTheMomentTheSymbolTurned() {
        HaltWatch watch = new HaltWatch(List.of("A", "B"));
        watch.seen("A", 1, true, 100_000, 100);
        watch.seen("B", 1, true, 120_000, 120);
        // A heartbeat of A, still halted, later on.
        watch.seen("A", 2, true, 400_000, 400);

        assertThat(watch.allSince(true)).hasValue(120);
    }

    @Test
    void anOlderDecisionThanOneSeenChangesNothing() {
        HaltWatch watch = new HaltWatch(List.of("A"));
        watch.seen("A", 5, true, 100_000, 100);
        watch.seen("A", 4, false, 150_000, 150);

        assertThat(watch.allSince(true)).hasValue(100);
    }

    @Test
    void aWaitThatRanOutSaysHowManyTurnedAndWhichDidNot() {
        HaltWatch watch = new HaltWatch(List.of("D", "A", "C", "B"));
        watch.seen("A", 3, true, 100_000, 100);
        watch.seen("B", 7, false, 100_000, 100);
        watch.seen("C", 2, true, 100_000, 100);

        assertThat(watch.shortOf(true)).isEqualTo("2 of 4 seen halted; not yet: B (seq 7), D (no decision seen)");
        assertThat(watch.shortOf(false)).isEqualTo("1 of 4 seen released; not yet: A (seq 3), C (seq 2), D (no decision seen)");
    }

    @Test
    void aSymbolWithoutADecisionKeepsAllFromHolding() {
        HaltWatch watch = new HaltWatch(List.of("A", "B"));
        watch.seen("A", 1, true, 100_000, 100);
        watch.seen("Z", 1, true, 100_000, 100);

        assertThat(watch.known()).isEqualTo(1);
        assertThat(watch.allSince(true)).isEmpty();
    }

    @Test
    void awaitReturnsAtOnceWhenAllHoldAndEmptyAtAPastDeadline() throws InterruptedException {
        HaltWatch watch = new HaltWatch(List.of("A"));
        watch.seen("A", 1, false, 7_000, 7);

        assertThat(watch.await(false, System.nanoTime())).hasValue(7);
        assertThat(watch.await(true, System.nanoTime() - 1)).isEmpty();
    }

    @Test
    void theGateTimesOfTheTurnsAreThoseOfTheDecisionsThatTurnedEachSymbol() {
        List<String> symbols = List.of("A", "B", "C");
        HaltWatch watch = new HaltWatch(symbols);
        symbols.forEach(symbol -> watch.seen(symbol, 1, false, 5_000, 10));
        watch.seen("A", 2, true, 7_040, 100);
        watch.seen("B", 2, true, 7_010, 120);
        assertThat(watch.turnedTs(true)).isEmpty();
        watch.seen("C", 2, true, 7_300, 400);
        // A later decision of A, still halted, keeps the ts of the one that turned it.
        watch.seen("A", 3, true, 9_000, 900);

        assertThat(watch.turnedTs(true)).contains(new HaltWatch.Span(7_010, 7_300));
        assertThat(watch.turnedTs(false)).isEmpty();
    }
}

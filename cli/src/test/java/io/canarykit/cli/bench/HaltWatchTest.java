package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HaltWatchTest {

    @Test
    void allHaltedSinceTheLastSymbolTurned() {
        HaltWatch watch = new HaltWatch(List.of("A", "B", "C"));
        watch.seen("A", 1, false, 10);
        watch.seen("B", 1, false, 11);
        watch.seen("C", 1, false, 12);
        assertThat(watch.allSince(false)).hasValue(12);

        watch.seen("A", 2, true, 100);
        watch.seen("C", 2, true, 130);
        assertThat(watch.allSince(true)).isEmpty();
        watch.seen("B", 2, true, 170);

        assertThat(watch.allSince(true)).hasValue(170);
        assertThat(watch.allSince(false)).isEmpty();
    }

    @Test
    void aRepeatedDecisionKeepsTheMomentTheSymbolTurned() {
        HaltWatch watch = new HaltWatch(List.of("A", "B"));
        watch.seen("A", 1, true, 100);
        watch.seen("B", 1, true, 120);
        // A heartbeat of A, still halted, later on.
        watch.seen("A", 2, true, 400);

        assertThat(watch.allSince(true)).hasValue(120);
    }

    @Test
    void anOlderDecisionThanOneSeenChangesNothing() {
        HaltWatch watch = new HaltWatch(List.of("A"));
        watch.seen("A", 5, true, 100);
        watch.seen("A", 4, false, 150);

        assertThat(watch.allSince(true)).hasValue(100);
    }

    @Test
    void aWaitThatRanOutSaysHowManyTurnedAndWhichDidNot() {
        HaltWatch watch = new HaltWatch(List.of("D", "A", "C", "B"));
        watch.seen("A", 3, true, 100);
        watch.seen("B", 7, false, 100);
        watch.seen("C", 2, true, 100);

        assertThat(watch.shortOf(true)).isEqualTo("2 of 4 seen halted; not yet: B (seq 7), D (no decision seen)");
        assertThat(watch.shortOf(false)).isEqualTo("1 of 4 seen released; not yet: A (seq 3), C (seq 2), D (no decision seen)");
    }

    @Test
    void aSymbolWithoutADecisionKeepsAllFromHolding() {
        HaltWatch watch = new HaltWatch(List.of("A", "B"));
        watch.seen("A", 1, true, 100);
        watch.seen("Z", 1, true, 100);

        assertThat(watch.known()).isEqualTo(1);
        assertThat(watch.allSince(true)).isEmpty();
    }

    @Test
    void awaitReturnsAtOnceWhenAllHoldAndEmptyAtAPastDeadline() throws InterruptedException {
        HaltWatch watch = new HaltWatch(List.of("A"));
        watch.seen("A", 1, false, 7);

        assertThat(watch.await(false, System.nanoTime())).hasValue(7);
        assertThat(watch.await(true, System.nanoTime() - 1)).isEmpty();
    }
}

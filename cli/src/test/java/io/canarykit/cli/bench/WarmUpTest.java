package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    private static final long SECOND = 1_000_000_000L;
    private final WarmUp warmUp = new WarmUp(0.2, 10, Duration.ofSeconds(60));

    @Test
    void aRoundsShareIsItsCompileTimeOverItsWallTime() {
        // 1,500 ms of compiling (two compiler threads) in a round of 3 s: half of it.
        assertThat(WarmUp.jitShare(3 * SECOND, 1_500)).isEqualTo(0.5);
        // Compile time summed over threads can exceed the wall time.
        assertThat(WarmUp.jitShare(2 * SECOND, 5_000)).isEqualTo(2.5);
        assertThat(WarmUp.jitShare(0, 100)).isZero();
    }

    @Test
    void goesOnWhileTheCompilersTakeMoreThanTheQuietShare() {
        assertThat(warmUp.over(0, 0, Double.NaN)).as("no round yet").isFalse();
        assertThat(warmUp.over(1, 5 * SECOND, 1.8)).isFalse();
        assertThat(warmUp.over(6, 30 * SECOND, 0.21)).isFalse();
    }

    @Test
    void endsAtTheFirstQuietRound() {
        assertThat(warmUp.over(7, 33 * SECOND, 0.2)).isTrue();
        assertThat(warmUp.over(1, 5 * SECOND, 0.0)).as("a JVM that reports no compile time").isTrue();
    }

    @Test
    void endsAfterTheMostRoundsOrTheLongestTimeWhateverTheCompilers() {
        assertThat(warmUp.over(10, 40 * SECOND, 0.9)).isTrue();
        assertThat(warmUp.over(4, 60 * SECOND, 0.9)).isTrue();
        assertThat(warmUp.over(9, 59 * SECOND, 0.9)).isFalse();
    }

    @Test
    void refusesAWarmUpThatCouldNeverEnd() {
        assertThatThrownBy(() -> new WarmUp(0, 10, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WarmUp(0.2, 0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}

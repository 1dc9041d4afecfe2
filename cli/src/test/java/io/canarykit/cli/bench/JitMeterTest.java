package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitMeterTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong compiled = new AtomicLong();
    private final JitMeter meter = new JitMeter(5 * SECOND, 0.15, compiled::get);

    @Test
    void saysNothingUntilItHasAWindowOfHistory() {
        assertThat(meter.share(0)).isNaN();
        compiled.set(4_000);
        assertThat(meter.share(4 * SECOND)).isNaN();
    }

    @Test
    void measuresFromTheNewestSampleAWindowOld() {
        meter.share(0);
        compiled.set(9_000);
        meter.share(2 * SECOND);
        compiled.set(10_000);
        meter.share(4 * SECOND);
        // At 6 s the newest sample a window old is the one at 0: 11,000 ms over 6 s.
        compiled.set(11_000);
        assertThat(meter.share(6 * SECOND)).isCloseTo(11.0 / 6, within(1e-12));
        // At 8 s it is the one at 2 s (9,000 ms): 2,500 ms over 6 s; the burst before it no longer counts.
        compiled.set(11_500);
        assertThat(meter.share(8 * SECOND)).isCloseTo(2.5 / 6, within(1e-12));
        // At 14 s, the one at 8 s: nothing compiled since.
        assertThat(meter.share(14 * SECOND)).isZero();
    }

    @Test
    void isQuietOnceTheCompilersTookAtMostItsShareOfAWindow() {
        assertThat(meter.quiet(0)).as("no history yet").isFalse();
        compiled.set(5_000);
        assertThat(meter.quiet(5 * SECOND)).as("a core's worth").isFalse();
        compiled.set(5_750);
        assertThat(meter.quiet(10 * SECOND)).as("750 ms in 5 s: 15%").isTrue();
        compiled.set(6_600);
        assertThat(meter.quiet(15 * SECOND)).as("850 ms in 5 s").isFalse();
    }
}

package io.canarykit.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SloWindowTest {

    private static final long W = 1_000;

    @Test
    void emptyWindowHasNoValuesAndZeroCounts() {
        SloWindow w = new SloWindow(W, 1);
        w.advanceTo(5_000);

        assertThat(w.p95PlaceMs()).isNull();
        assertThat(w.errorRate()).isNull();
        assertThat(w.slippageBps()).isNull();
        assertThat(w.placed()).isZero();
        assertThat(w.failures()).isZero();
        assertThat(w.acked()).isZero();
        assertThat(w.fills()).isZero();
        assertThat(w.slippageFills()).isZero();
    }

    @Test
    void singleSampleIsItsOwnValue() {
        SloWindow w = new SloWindow(W, 1);
        w.record(SloFact.placed(100));
        w.record(SloFact.failed(100));
        w.record(SloFact.acked(100, 87.0));
        w.record(SloFact.fill(100, 500.0, -3.5));
        w.advanceTo(100);

        // One ack: ceil(0.95 * 1) = 1 -> 87; one failure over one placement -> 1.0; one fill -> its slippage.
        assertThat(w.p95PlaceMs()).isEqualTo(87.0);
        assertThat(w.errorRate()).isEqualTo(1.0);
        assertThat(w.slippageBps()).isEqualTo(-3.5);
    }

    @Test
    void factAtExactlyTMinusWIsOutAndFactAtTIsIn() {
        SloWindow w = new SloWindow(W, 1);
        w.record(SloFact.acked(1_000, 10.0));
        w.record(SloFact.placed(1_000));
        w.record(SloFact.fill(1_000, 100.0, 9.0));
        w.advanceTo(1_999);
        // (999, 1999] still holds ts 1000.
        assertThat(w.acked()).isEqualTo(1);

        w.record(SloFact.acked(2_000, 20.0));
        w.record(SloFact.placed(2_000));
        w.record(SloFact.fill(2_000, 100.0, 1.0));
        w.advanceTo(2_000);

        // (1000, 2000]: ts 1000 is out, ts 2000 is in.
        assertThat(w.acked()).isEqualTo(1);
        assertThat(w.p95PlaceMs()).isEqualTo(20.0);
        assertThat(w.placed()).isEqualTo(1);
        assertThat(w.fills()).isEqualTo(1);
        assertThat(w.slippageBps()).isEqualTo(1.0);
    }

    @Test
    void p95NeedsTheMinimumNumberOfAcks() {
        SloWindow w = SloWindow.withDefaults();
        for (int i = 1; i <= 19; i++) {
            w.record(SloFact.acked(i, i * 10.0));
        }
        w.advanceTo(19);
        // 19 acks < 20: no value.
        assertThat(w.acked()).isEqualTo(19);
        assertThat(w.p95PlaceMs()).isNull();

        w.record(SloFact.acked(20, 200.0));
        // 20 acks: 10, 20, ..., 200; ceil(0.95 * 20) = 19 -> 190.
        assertThat(w.p95PlaceMs()).isEqualTo(190.0);

        w.record(SloFact.acked(21, 210.0));
        // 21 acks: ceil(0.95 * 21) = ceil(19.95) = 20 -> 200.
        assertThat(w.p95PlaceMs()).isEqualTo(200.0);
    }

    @Test
    void errorRateNeedsTheMinimumNumberOfPlacements() {
        SloWindow w = SloWindow.withDefaults();
        for (int i = 1; i <= 19; i++) {
            w.record(SloFact.placed(i));
        }
        w.record(SloFact.failed(10));
        w.advanceTo(19);
        // 19 placements < 20: no value, even with a failure in the window.
        assertThat(w.errorRate()).isNull();

        w.record(SloFact.placed(20));
        w.record(SloFact.failed(20));
        // 2 failures / 20 placements = 0.1.
        assertThat(w.errorRate()).isEqualTo(0.1);
        assertThat(w.failures()).isEqualTo(2);
    }

    @Test
    void slippageIsWeightedByNotional() {
        SloWindow w = new SloWindow(W, 1);
        w.record(SloFact.fill(10, 1_000.0, 2.0));
        w.record(SloFact.fill(20, 3_000.0, -1.0));
        // Known arrival mid missing: counts as a fill, weighs nothing.
        w.record(SloFact.fill(30, 9_000.0, null));
        // Zero notional weighs nothing either.
        w.record(SloFact.fill(40, 0.0, 50.0));
        w.advanceTo(40);

        // (1000 * 2 + 3000 * -1) / (1000 + 3000) = -1000 / 4000 = -0.25.
        assertThat(w.slippageBps()).isEqualTo(-0.25);
        assertThat(w.fills()).isEqualTo(4);
        assertThat(w.slippageFills()).isEqualTo(2);
    }

    @Test
    void slippageHasNoValueWhenNoFillHasOne() {
        SloWindow w = new SloWindow(W, 1);
        w.record(SloFact.fill(10, 1_000.0, null));
        w.advanceTo(10);

        assertThat(w.fills()).isEqualTo(1);
        assertThat(w.slippageBps()).isNull();
    }

    @Test
    void largeFillLeavingDoesNotLeaveItsRoundingBehind() {
        // Regression: a plain running sum kept ~2e-4 bps of the large fill's rounding after it left.
        SloWindow w = new SloWindow(W, 1);
        w.record(SloFact.fill(0, 1e12, 3.3));
        w.record(SloFact.fill(500, 1.0, 0.1));
        w.advanceTo(1_000);

        // Only the small fill is left: 1 * 0.1 / 1.
        assertThat(w.slippageFills()).isEqualTo(1);
        assertThat(w.slippageBps()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void sumsStartFromExactlyZeroOnceTheWindowEmpties() {
        // Regression: without the reset these two fills left a residue and the next mean was
        // 0.0010000000000000009 instead of 0.001.
        SloWindow w = new SloWindow(W, 1);
        w.record(SloFact.fill(0, 1e15, -2.0 / 3.0));
        w.record(SloFact.fill(0, 3.0, -0.1));
        w.advanceTo(1_000);
        assertThat(w.slippageBps()).isNull();

        w.record(SloFact.fill(1_500, 1.0, 0.001));
        // 1 * 0.001 / 1 with nothing else in the sums: exactly 0.001.
        assertThat(w.slippageBps()).isEqualTo(0.001);
    }

    @Test
    void ignoresFactsAlreadyOutsideTheWindow() {
        SloWindow w = new SloWindow(W, 1);
        w.advanceTo(10_000);

        // (9000, 10000]: ts 9000 is already out, ts 9001 is in.
        assertThat(w.record(SloFact.placed(9_000))).isFalse();
        assertThat(w.record(SloFact.placed(9_001))).isTrue();
        assertThat(w.placed()).isEqualTo(1);
    }

    @Test
    void factAfterTheWindowTimeMovesTheWindow() {
        SloWindow w = new SloWindow(W, 1);
        w.record(SloFact.placed(5_000));
        w.record(SloFact.placed(6_000));

        // Now (5000, 6000]: the first placement left.
        assertThat(w.now()).isEqualTo(6_000);
        assertThat(w.placed()).isEqualTo(1);
    }

    @Test
    void neverMovesBack() {
        SloWindow w = new SloWindow(W, 1);
        w.advanceTo(5_000);
        w.advanceTo(3_000);

        assertThat(w.now()).isEqualTo(5_000);
        assertThat(w.record(SloFact.placed(3_500))).isFalse();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new SloWindow(0, 20)).hasMessageContaining("windowMs must be positive");
        assertThatThrownBy(() -> new SloWindow(W, 0)).hasMessageContaining("minSamples must be at least 1");
        assertThatThrownBy(() -> SloWindow.withDefaults().record(null)).hasMessageContaining("fact is required");
        assertThatThrownBy(() -> SloFact.acked(1, -1.0)).hasMessageContaining("placeMs must be finite and non-negative");
        assertThatThrownBy(() -> SloFact.fill(1, Double.NaN, 1.0)).hasMessageContaining("notional must be finite");
        assertThatThrownBy(() -> SloFact.fill(1, 1.0, Double.POSITIVE_INFINITY))
                .hasMessageContaining("slippageBps must be finite or null");
    }

    @Test
    void matchesBruteForceAfterEveryStep() {
        Random random = new Random(7_151_515L);
        int minSamples = 5;
        SloWindow w = new SloWindow(W, minSamples);
        List<SloFact> all = new ArrayList<>();
        long now = 100_000;
        w.advanceTo(now);

        for (int step = 0; step < 8_000; step++) {
            if (random.nextInt(4) == 0) {
                // Zero steps keep several facts on one timestamp.
                now += random.nextInt(4) == 0 ? 0 : random.nextInt(400);
                w.advanceTo(now);
            } else {
                // Mostly on the clock, some late (a few already out of the window), some ahead of it.
                long ts = switch (random.nextInt(6)) {
                    case 0 -> now - random.nextInt(1_300);
                    case 1 -> now + random.nextInt(200);
                    default -> now;
                };
                SloFact fact = randomFact(random, ts);
                all.add(fact);
                w.record(fact);
                now = Math.max(now, ts);
            }
            assertThat(w.now()).isEqualTo(now);
            assertMatchesBruteForce(w, all, now, minSamples);
        }
    }

    private static void assertMatchesBruteForce(SloWindow w, List<SloFact> all, long now, int minSamples) {
        List<Double> placeMs = new ArrayList<>();
        long placed = 0;
        long failures = 0;
        long fills = 0;
        long slippageFills = 0;
        double weighted = 0;
        double notional = 0;
        for (SloFact f : all) {
            if (f.ts() <= now - W || f.ts() > now) {
                continue;
            }
            switch (f.kind()) {
                case PLACED -> placed++;
                case FAILED -> failures++;
                case ACKED -> placeMs.add(f.placeMs());
                case FILL -> {
                    fills++;
                    if (f.slippageBps() != null && f.notional() > 0) {
                        slippageFills++;
                        weighted += f.notional() * f.slippageBps();
                        notional += f.notional();
                    }
                }
            }
        }
        Collections.sort(placeMs);
        int n = placeMs.size();
        Double p95 = n < minSamples ? null : placeMs.get((95 * n + 99) / 100 - 1);
        Double errorRate = placed < minSamples ? null : (double) failures / placed;

        assertThat(w.acked()).isEqualTo(n);
        assertThat(w.placed()).isEqualTo(placed);
        assertThat(w.failures()).isEqualTo(failures);
        assertThat(w.fills()).isEqualTo(fills);
        assertThat(w.slippageFills()).isEqualTo(slippageFills);
        assertThat(w.p95PlaceMs()).isEqualTo(p95);
        assertThat(w.errorRate()).isEqualTo(errorRate);
        if (slippageFills == 0) {
            assertThat(w.slippageBps()).isNull();
        } else {
            assertThat(w.slippageBps()).isCloseTo(weighted / notional, within(1e-9));
        }
    }

    private static SloFact randomFact(Random random, long ts) {
        return switch (random.nextInt(4)) {
            case 0 -> SloFact.placed(ts);
            case 1 -> random.nextInt(5) == 0 ? SloFact.failed(ts) : SloFact.placed(ts);
            case 2 -> SloFact.acked(ts, random.nextInt(30) * 10.0);
            default -> SloFact.fill(ts, randomNotional(random), randomSlippage(random));
        };
    }

    /** Sizes over six orders of magnitude, with zeros, so a large fill leaving would show drift. */
    private static double randomNotional(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> 0.0;
            case 1 -> 1e6 + random.nextInt(1_000) * 0.37;
            case 2 -> 0.5 + random.nextInt(10);
            default -> 100.0 + random.nextInt(10_000) * 1.3;
        };
    }

    private static Double randomSlippage(Random random) {
        return random.nextInt(5) == 0 ? null : (random.nextInt(81) - 40) * 0.25 + random.nextInt(3) * 0.1;
    }

    @Test
    void theMinimumInForceMovesTheValuesEitherWay() {
        // 5 placed, 1 failed: error rate 1/5 = 0.2; 5 acks of 10..50 ms: p95 = ceil(0.95 * 5) = 5th = 50.
        SloWindow w = new SloWindow(W, 20);
        for (int i = 1; i <= 5; i++) {
            w.record(SloFact.placed(100));
            w.record(SloFact.acked(100, 10.0 * i));
        }
        w.record(SloFact.failed(100));

        assertThat(w.errorRate()).as("the start minimum of 20").isNull();
        assertThat(w.p95PlaceMs()).isNull();
        assertThat(w.errorRate(5)).isEqualTo(0.2);
        assertThat(w.p95PlaceMs(5)).isEqualTo(50.0);
        assertThat(w.errorRate(6)).isNull();
        assertThat(w.p95PlaceMs(6)).isNull();
        // A minimum below 1 still leaves an empty window without values.
        SloWindow empty = new SloWindow(W, 1);
        assertThat(empty.errorRate(0)).isNull();
        assertThat(empty.p95PlaceMs(0)).isNull();
    }
}

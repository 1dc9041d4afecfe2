package io.canarykit.operators.symbol;

import io.canarykit.config.KitConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A symbol's trade counts are per UTC day, like the account's. */
class SymbolTradeDayTest {

    private static final String MODEL = "champion_1";
    private static final long MIDNIGHT = 1_767_312_000_000L; // 2026-01-02T00:00:00Z
    private static final ReferenceProfile PROFILE = new ReferenceProfile(MODEL,
            Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
    private static final ControlState ARMED = new ControlState(true, false, true, null, 0.0, MODEL, null);
    private static final SymbolSetup SETUP = new SymbolSetup(KitConfig.defaults(), Map.of(MODEL, PROFILE), ARMED);

    private final SymbolWatch watch = SymbolWatch.create("BTCUSDT", SETUP, SymbolStores.onHeap(SETUP));

    @Test
    void anOrderFillingOnBothSidesOfMidnightCountsOnEachDay() {
        fill(MIDNIGHT - 2_000, "o-1", 1.0, true);
        fill(MIDNIGHT - 1, "o-1", 1.0, true); // 23:59:59.999: the same order, the same day
        fill(MIDNIGHT - 1, "o-2", 1.0, false);
        KpiRecord dayOne = evaluate(MIDNIGHT - 1);
        // Two orders on day one, one of them canary; o-1's second fill does not count it twice.
        assertThat(dayOne.totalTrades()).isEqualTo(2L);
        assertThat(dayOne.canaryTradesTotal()).isEqualTo(1L);

        fill(MIDNIGHT, "o-1", 1.0, true); // 00:00:00.000: o-1 fills again, on day two
        KpiRecord dayTwo = evaluate(MIDNIGHT);
        assertThat(dayTwo.totalTrades()).isEqualTo(1L);
        assertThat(dayTwo.canaryTradesTotal()).isEqualTo(1L);
    }

    @Test
    void countsKeptFromAnIdleCleanupCarryOnWithinTheDayAndNotIntoTheNext() {
        SymbolWatch again = SymbolWatch.create("BTCUSDT", SETUP, SymbolStores.onHeap(SETUP));
        again.carryOn(new TradeDayCounts(Math.floorDiv(MIDNIGHT - 1, 86_400_000L), 3, 1));
        assertThat(evaluateOn(again, MIDNIGHT - 1).totalTrades()).isEqualTo(3L);
        assertThat(evaluateOn(again, MIDNIGHT).totalTrades()).isZero();
    }

    private void fill(long ts, String orderId, double qty, boolean canary) {
        watch.apply(SymbolEvent.of(new OrderEvent(ts, OrderEventType.FILL, orderId, "BTCUSDT", Side.BUY, "main", MODEL,
                canary, 10.0, 100.0, 100.0, null, qty, 100.0, 0.0)), ARMED, tca -> { }, (e, reason, why) -> {
                    throw new AssertionError(why);
                });
    }

    private KpiRecord evaluate(long t) {
        return evaluateOn(watch, t);
    }

    private static KpiRecord evaluateOn(SymbolWatch w, long t) {
        return w.evaluate(t, StaleClock.replay(t), AccountView.fresh(t), ARMED, GateLimits.defaults()).kpi();
    }
}

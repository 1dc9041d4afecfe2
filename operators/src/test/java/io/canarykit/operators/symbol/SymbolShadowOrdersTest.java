package io.canarykit.operators.symbol;

import io.canarykit.config.KitConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The challenger's paper orders judge the challenger (its TCA and its own SLO) and never the symbol:
 * not its trade counts, its live SLO and slippage, nor its orphans.
 */
class SymbolShadowOrdersTest {

    private static final String CHAMPION = "champion_1";
    private static final String CHALLENGER = "challenger_1";
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final ReferenceProfile PROFILE = new ReferenceProfile(CHAMPION,
            Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
    private static final ControlState ARMED = new ControlState(true, false, true, null, 0.1, CHAMPION, CHALLENGER);
    private static final SymbolSetup SETUP = new SymbolSetup(KitConfig.defaults(), Map.of(CHAMPION, PROFILE), ARMED);

    private final SymbolWatch watch = SymbolWatch.create("BTCUSDT", SETUP, SymbolStores.onHeap(SETUP));
    private final List<TcaRecord> tca = new ArrayList<>();

    @Test
    void paperFillsCountForTheChallengerOnly() {
        // Live champion buy: arrival 100, filled at 100.05 = 5 bps. Live canary buy: 100.01 = 1 bp.
        order(T0, OrderEventType.PLACED, "o-1", false, false, null);
        order(T0 + 100, OrderEventType.FILL, "o-1", false, false, 100.05);
        order(T0 + 200, OrderEventType.PLACED, "o-2", true, false, null);
        order(T0 + 300, OrderEventType.FILL, "o-2", true, false, 100.01);
        // Paper canary buy: 100.10 = 10 bps. A second paper order never answered, and a live one never answered.
        order(T0 + 400, OrderEventType.PLACED, "s-1", true, true, null);
        order(T0 + 500, OrderEventType.FILL, "s-1", true, true, 100.10);
        order(T0 + 600, OrderEventType.PLACED, "s-2", true, true, null);
        order(T0 + 700, OrderEventType.PLACED, "o-3", false, false, null);

        KpiRecord kpi = evaluate(T0 + 10_000);

        assertThat(kpi.totalTrades()).isEqualTo(2L);
        assertThat(kpi.canaryTradesTotal()).isEqualTo(1L);
        // The symbol's slippage over its live fills only: (100.05 * 5 + 100.01 * 1) / (100.05 + 100.01).
        assertThat(kpi.slippageBps()).isCloseTo((100.05 * 5 + 100.01 * 1) / (100.05 + 100.01), within(1e-6));
        assertThat(kpi.samples()).containsEntry("placed", 3L).containsEntry("fills", 2L);
        // The challenger's slippage over its live and paper fills: (100.01 * 1 + 100.10 * 10) / (100.01 + 100.10).
        assertThat(kpi.challenger().slippageBps())
                .isCloseTo((100.01 * 1 + 100.10 * 10) / (100.01 + 100.10), within(1e-6));
        assertThat(kpi.challenger().placed()).isEqualTo(3L);
        // o-3 has waited 9.3 s for an answer (more than the 5 s); s-2 went to no venue.
        assertThat(kpi.orphans()).isEqualTo(1L);

        assertThat(tca).extracting(TcaRecord::orderId).containsExactly("o-1", "o-2", "s-1");
        assertThat(tca).extracting(TcaRecord::shadow).containsExactly(false, false, true);
        assertThat(tca.get(2).canary()).isTrue();
        assertThat(tca.get(2).slippageBps()).isCloseTo(10.0, within(1e-6));
    }

    private void order(long ts, OrderEventType type, String id, boolean canary, boolean shadow, Double fillPx) {
        boolean fill = type == OrderEventType.FILL;
        OrderEvent e = new OrderEvent(ts, type, id, "BTCUSDT", Side.BUY, "main", canary ? CHALLENGER : CHAMPION, canary,
                1.0, null, fill ? null : 100.0, null, fill ? 1.0 : null, fillPx, fill ? 0.01 : null, shadow);
        watch.apply(SymbolEvent.of(e), ARMED, tca::add, (ev, reason, why) -> {
            throw new AssertionError(why);
        });
    }

    private KpiRecord evaluate(long t) {
        return watch.evaluate(t, StaleClock.replay(t), AccountView.fresh(t), ARMED, GateLimits.defaults()).kpi();
    }
}

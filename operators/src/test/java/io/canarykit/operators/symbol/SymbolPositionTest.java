package io.canarykit.operators.symbol;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A symbol knows from its own live fills whether the desk holds a position in it, by the budget's
 * rules: average-cost sizes, flat within 1e-9, a repeated fill counted once for two UTC days, a
 * paper fill never. The account tells it only how many positions the desk holds.
 */
class SymbolPositionTest {

    private static final String SYMBOL = "BTCUSDT";
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long HOUR = 3_600_000L;
    private static final ControlState ARMED = new ControlState(true, false, true, null, 0.0, "champion_1", null);
    private static final SymbolSetup SETUP = new SymbolSetup(KitConfig.defaults(), Map.of(), ARMED);

    private final List<String> unusable = new ArrayList<>();

    @Test
    void aBuyOpensAPositionAndAnEqualSellClosesIt() {
        SymbolWatch w = watch();
        assertThat(w.holdsPosition()).isFalse();
        fill(w, T0, "o-1", Side.BUY, 2.0, 100.0, false);
        assertThat(w.holdsPosition()).isTrue();
        fill(w, T0 + 1, "o-2", Side.SELL, 1.5, 101.0, false);
        assertThat(w.holdsPosition()).isTrue();
        fill(w, T0 + 2, "o-3", Side.SELL, 0.5, 102.0, false);
        assertThat(w.holdsPosition()).isFalse();
        assertThat(unusable).isEmpty();
    }

    @Test
    void aFlipKeepsAPositionTheOtherWayAndDustIsFlat() {
        SymbolWatch w = watch();
        fill(w, T0, "o-1", Side.BUY, 1.0, 100.0, false);
        fill(w, T0 + 1, "o-2", Side.SELL, 3.0, 99.0, false);
        assertThat(w.holdsPosition()).as("short 2 after the flip").isTrue();
        // 0.1 + 0.2 - 0.3 leaves 5.6e-17: flat, as the budget counts it.
        SymbolWatch dust = watch();
        fill(dust, T0, "d-1", Side.BUY, 0.1, 100.0, false);
        fill(dust, T0 + 1, "d-2", Side.BUY, 0.2, 100.0, false);
        fill(dust, T0 + 2, "d-3", Side.SELL, 0.3, 100.0, false);
        assertThat(dust.holdsPosition()).isFalse();
    }

    @Test
    void aPaperFillMovesNoPosition() {
        SymbolWatch w = watch();
        fill(w, T0, "p-1", Side.BUY, 5.0, 100.0, true);
        assertThat(w.holdsPosition()).isFalse();
    }

    @Test
    void aFillSentAgainAfterItsOrderWasForgottenStillCountsOnce() {
        SymbolWatch w = watch();
        fill(w, T0, "o-1", Side.BUY, 1.0, 100.0, false);
        // Two hours on, the finished order o-1 has left the order registry (one hour), not the fill keys.
        fill(w, T0 + 2 * HOUR, "o-2", Side.BUY, 1.0, 100.0, false);
        fill(w, T0, "o-1", Side.BUY, 1.0, 100.0, false);
        // Held 2, not 3: selling 2 closes it.
        fill(w, T0 + 2 * HOUR + 1, "o-3", Side.SELL, 2.0, 100.0, false);
        assertThat(w.holdsPosition()).isFalse();
    }

    @Test
    void aFillKeyIsForgottenTwoUtcDaysOn() {
        SymbolWatch w = watch();
        fill(w, T0, "o-1", Side.BUY, 1.0, 100.0, false);
        fill(w, T0 + 2 * 24 * HOUR, "o-2", Side.SELL, 1.0, 100.0, false);
        assertThat(w.holdsPosition()).isFalse();
        // Day 2 keeps the keys of days 1 and 2 only: o-1's fill of day 0 counts again, as the budget counts it.
        fill(w, T0, "o-1", Side.BUY, 1.0, 100.0, false);
        assertThat(w.holdsPosition()).isTrue();
    }

    @Test
    void atTheMostOpenPositionsOnlyASymbolThatHoldsOneTradesNormally() {
        // MAX_OPEN_POSITIONS is 2 by default, and the desk holds 2.
        AccountView full = new AccountView(T0, 1.0, 0.0, 2, null, 0.0);
        SymbolWatch flat = watch();
        SymbolWatch held = watch();
        fill(held, T0, "o-1", Side.BUY, 1.0, 100.0, false);

        List<GateReason> flatReasons = flat.evaluate(T0, StaleClock.replay(T0), full, ARMED, GateLimits.defaults())
                .verdict().reasons();
        List<GateReason> heldReasons = held.evaluate(T0, StaleClock.replay(T0), full, ARMED, GateLimits.defaults())
                .verdict().reasons();

        assertThat(flatReasons).contains(GateReason.MAX_POSITIONS);
        assertThat(heldReasons).doesNotContain(GateReason.MAX_POSITIONS);
    }

    @Test
    void theStateCarriesThePositionOver() {
        SymbolStores stores = SymbolStores.onHeap(SETUP);
        SymbolWatch w = SymbolWatch.create(SYMBOL, SETUP, stores);
        quote(w, T0);
        fill(w, T0, "o-1", Side.SELL, 4.0, 100.0, false);
        SymbolWatch.State state = w.state();
        assertThat(state.positionQty()).isEqualTo(-4.0);
        assertThat(state.positionAvgCost()).isEqualTo(100.0);

        SymbolWatch restored = SymbolWatch.restore(SETUP, state, stores);
        assertThat(restored.holdsPosition()).isTrue();
        fill(restored, T0 + 1, "o-2", Side.BUY, 4.0, 99.0, false);
        assertThat(restored.holdsPosition()).isFalse();
    }

    private SymbolWatch watch() {
        SymbolWatch w = SymbolWatch.create(SYMBOL, SETUP, SymbolStores.onHeap(SETUP));
        quote(w, T0);
        return w;
    }

    private void quote(SymbolWatch w, long ts) {
        w.apply(SymbolEvent.of(new MarketQuote(ts, SYMBOL, Feed.PRIMARY, 100.0, 100.02, null, null)), ARMED,
                tca -> { }, (e, reason, why) -> unusable.add(why));
    }

    private void fill(SymbolWatch w, long ts, String id, Side side, double qty, double px, boolean shadow) {
        w.apply(SymbolEvent.of(new OrderEvent(ts, OrderEventType.FILL, id, SYMBOL, side, OrderEvent.DEFAULT_ACCOUNT,
                "champion_1", false, qty, null, null, null, qty, px, 0.0, shadow)), ARMED, tca -> { },
                (e, reason, why) -> unusable.add(why));
    }
}

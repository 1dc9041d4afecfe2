package io.canarykit.operators.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.config.KitConfig;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import org.junit.jupiter.api.Test;

/** The challenger's paper fills never reach the account: no position, P&L, fee, trade, notional or SLO sample. */
class AccountShadowFillsTest {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final KitConfig CONFIG = KitConfig.defaults();

    @Test
    void paperFillsLeaveEquityTradesAndTheCanaryShareToTheLiveFills() {
        AccountWatch account = AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG));
        // Live: the champion buys 2 @ 100 (fee 0.2), the challenger sells 1 @ 110 (fee 0.1).
        apply(account, fill(T0 + 1_000, "o-1", Side.BUY, false, false, 2.0, 100.0, 0.2));
        apply(account, fill(T0 + 2_000, "o-2", Side.SELL, true, false, 1.0, 110.0, 0.1));
        // Paper: the challenger buys 5 @ 100 and sells them at 50, which would lose 250 and add 750 of notional.
        apply(account, fill(T0 + 3_000, "s-1", Side.BUY, true, true, 5.0, 100.0, 0.5));
        apply(account, fill(T0 + 4_000, "s-2", Side.SELL, true, true, 5.0, 50.0, 0.25));
        // A paper order whose fill forgets to say so is still paper: its placement said it.
        apply(account, new OrderEvent(T0 + 4_500, OrderEventType.PLACED, "s-3", "BTCUSDT", Side.BUY, "main",
                "challenger_1", true, 3.0, null, 100.0, null, null, null, null, true));
        apply(account, fill(T0 + 4_600, "s-3", Side.BUY, true, false, 3.0, 100.0, 0.3));
        account.applyMark("BTCUSDT", T0 + 5_000, 105.0, (s, r, d) -> { throw new AssertionError(d); });

        KpiRecord kpi = account.refresh(T0 + 6_000).kpi();

        // Average cost 100; selling 1 at 110 realises 10; 1 left, marked at 105: unrealised 5.
        assertThat(kpi.realisedPnl()).isCloseTo(10.0, within(1e-9));
        assertThat(kpi.fees()).isCloseTo(0.3, within(1e-9));
        assertThat(kpi.unrealisedPnl()).isCloseTo(5.0, within(1e-9));
        assertThat(kpi.equity()).isCloseTo(100_000 + 10 - 0.3 + 5, within(1e-9));
        assertThat(kpi.totalTrades()).isEqualTo(2L);
        assertThat(kpi.tradesToday()).isEqualTo(2L);
        assertThat(kpi.canaryTradesTotal()).isEqualTo(1L);
        // Canary notional 110 of 200 + 110.
        assertThat(kpi.canaryNotionalShare()).isCloseTo(110.0 / 310.0, within(1e-12));
        assertThat(kpi.openPositions()).isEqualTo(1);
        // The account's SLO is the live desk's: two fills, not four.
        assertThat(kpi.samples()).containsEntry("fills", 2L);
    }

    private static void apply(AccountWatch account, OrderEvent e) {
        account.applyOrder(e, (o, r, d) -> { throw new AssertionError(d); });
    }

    private static OrderEvent fill(long ts, String id, Side side, boolean canary, boolean shadow, double qty,
            double px, double fee) {
        return new OrderEvent(ts, OrderEventType.FILL, id, "BTCUSDT", side, "main", canary ? "challenger_1" : "champion_1",
                canary, qty, null, px, null, qty, px, fee, shadow);
    }
}

package io.canarykit.operators.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** set_limits moves the desk-wide SLO minimum both ways, as it does each symbol's. */
class AccountSloMinimumTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final KitConfig CONFIG = KitConfig.defaults();

    @Test
    void loweringAndRaisingSloMinSamplesTakesEffectAtTheNextEvaluation() {
        AccountWatch account = AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG));
        // Ten orders placed, one of them rejected: an error rate of 1/10 = 0.1 once 10 samples suffice.
        for (int i = 0; i < 10; i++) {
            account.applyOrder(order(T0 + i, OrderEventType.PLACED, "o-" + i), (o, r, d) -> { throw new AssertionError(d); });
        }
        account.applyOrder(order(T0 + 20, OrderEventType.REJECTED, "o-3"), (o, r, d) -> { throw new AssertionError(d); });

        assertThat(account.refresh(T0 + 30).kpi().errorRate()).as("the default minimum, 20 placed").isNull();

        assertThat(account.applyCommand(limits("SLO_MIN_SAMPLES", "10", T0 + 40))).isNull();
        assertThat(account.refresh(T0 + 50).kpi().errorRate()).isEqualTo(0.1);

        // Another limit alone leaves the minimum where the last command put it.
        assertThat(account.applyCommand(limits("MAX_TRADES_PER_DAY", "7", T0 + 60))).isNull();
        assertThat(account.refresh(T0 + 70).kpi().errorRate()).isEqualTo(0.1);

        assertThat(account.applyCommand(limits("SLO_MIN_SAMPLES", "11", T0 + 80))).isNull();
        assertThat(account.refresh(T0 + 90).kpi().errorRate()).isNull();
        // It survives the state's round trip.
        AccountWatch restored = AccountWatch.restore(CONFIG, account.state(), AccountWatch.Stores.onHeap(CONFIG));
        assertThat(restored.state().sloMinSamples()).isEqualTo(11);
    }

    private static ControlCommand limits(String key, String value, long ts) {
        return new ControlCommand("c-" + ts, ts, "ops", ControlType.SET_LIMITS, Map.of(key, value));
    }

    private static OrderEvent order(long ts, OrderEventType type, String id) {
        return new OrderEvent(ts, type, id, "BTCUSDT", Side.BUY, null, "champion_1", false,
                null, null, null, null, null, null, null);
    }
}

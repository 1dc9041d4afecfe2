package io.canarykit.operators.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** set_limits moves the desk-wide KPI cadence, as it does each symbol's. */
class AccountKpiIntervalTest {

    // A multiple of 5,000 ms: the cadence's intervals are aligned to the epoch.
    private static final long T0 = 1_767_225_600_000L;
    private static final KitConfig CONFIG = KitConfig.defaults();

    @Test
    void aLongerIntervalSetByCommandSpacesTheRecordsFromTheNextEvaluation() {
        AccountWatch account = AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG));
        assertThat(account.evaluate(T0).kpi()).as("the first").isNotNull();
        assertThat(account.evaluate(T0 + 1_000).kpi()).as("the configured 1,000 ms: a new interval").isNotNull();

        assertThat(account.applyCommand(new ControlCommand("c", T0 + 1_100, "ops", ControlType.SET_LIMITS,
                Map.of("KPI_INTERVAL_MS", "5000")))).isNull();

        // Every 5,000 ms from the epoch: T0 + 1,000 .. T0 + 4,999 share an interval, T0 + 5,000 starts one.
        assertThat(account.evaluate(T0 + 2_000).kpi()).isNull();
        assertThat(account.evaluate(T0 + 4_999).kpi()).isNull();
        assertThat(account.evaluate(T0 + 5_000).kpi()).isNotNull();

        AccountWatch restored = AccountWatch.restore(CONFIG, account.state(), AccountWatch.Stores.onHeap(CONFIG));
        assertThat(restored.evaluate(T0 + 9_999).kpi()).as("after a restore too").isNull();
        assertThat(restored.evaluate(T0 + 10_000).kpi()).isNotNull();
    }
}

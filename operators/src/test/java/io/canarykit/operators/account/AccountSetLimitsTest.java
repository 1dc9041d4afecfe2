package io.canarykit.operators.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.ControlTimeline;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The account checks set_limits against the settings the job runs with, as the symbols do. */
class AccountSetLimitsTest {

    private static final long T0 = 1_767_225_600_000L;
    // Away from the defaults: PSI_HALT 0.5 lets PSI_WARN go to 0.4, which the default 0.3 would refuse.
    private static final KitConfig CONFIG = KitConfig.defaults().with(Map.of("PSI_HALT", "0.5"));

    @Test
    void aCommandTheSymbolsAcceptTheAccountAcceptsToo() {
        AccountWatch account = AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG));
        ControlTimeline symbols = ControlTimeline.startingAt(ControlState.initial("champion_1", null), CONFIG);
        ControlCommand command = limits(T0 + 1, Map.of("PSI_WARN", "0.4", "MAX_TRADES_PER_DAY", "5"));

        symbols.add(command);
        String refusal = account.applyCommand(command);

        assertThat(symbols.latestLimits().psiWarn()).isEqualTo(0.4);
        assertThat(refusal).isNull();
        assertThat(account.limits().maxTradesPerDay()).isEqualTo(5);
    }

    @Test
    void variablesSetEarlierHoldForTheNextCommandAndAcrossARestore() {
        AccountWatch account = AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG));

        assertThat(account.applyCommand(limits(T0 + 1, Map.of("ACCOUNT_EQUITY", "250000")))).isNull();
        AccountWatch restored = AccountWatch.restore(CONFIG, account.state(), AccountWatch.Stores.onHeap(CONFIG));
        assertThat(restored.applyCommand(limits(T0 + 2, Map.of("MAX_TRADES_PER_DAY", "3")))).isNull();

        // The second command keeps the first's equity rather than going back to the configured 100,000.
        assertThat(restored.limits().accountEquity()).isEqualTo(250_000);
        assertThat(restored.limits().maxTradesPerDay()).isEqualTo(3);
        // A refused command changes nothing, and says why.
        assertThat(restored.applyCommand(limits(T0 + 3, Map.of("PSI_WARN", "0.6"))))
                .isEqualTo("set_limits refused: PSI_WARN=0.6 must not exceed PSI_HALT=0.5");
        assertThat(restored.limits().maxTradesPerDay()).isEqualTo(3);
    }

    @Test
    void aRestartWithSettingsThatNoLongerFitKeepsTheConfiguredOnes() {
        KitConfig before = CONFIG;
        AccountWatch account = AccountWatch.create(before, T0, AccountWatch.Stores.onHeap(before));
        assertThat(account.applyCommand(limits(T0 + 1, Map.of("PSI_WARN", "0.4")))).isNull();

        // Restarted with PSI_HALT back at 0.3: the PSI_WARN of 0.4 set before no longer fits.
        KitConfig after = KitConfig.defaults();
        AccountWatch restored = AccountWatch.restore(after, account.state(), AccountWatch.Stores.onHeap(after));

        assertThat(restored.applyCommand(limits(T0 + 2, Map.of("MAX_TRADES_PER_DAY", "4")))).isNull();
        assertThat(restored.limits().maxTradesPerDay()).isEqualTo(4);
        // The next command builds on the one that fits, not on the dropped PSI_WARN.
        assertThat(restored.applyCommand(limits(T0 + 3, Map.of("ACCOUNT_EQUITY", "120000")))).isNull();
        assertThat(restored.limits().maxTradesPerDay()).isEqualTo(4);
        assertThat(restored.limits().accountEquity()).isEqualTo(120_000);

        // The symbols' timeline does the same over the same settings.
        ControlTimeline symbols = ControlTimeline.startingAt(ControlState.initial("champion_1", null), CONFIG);
        symbols.add(limits(T0 + 1, Map.of("PSI_WARN", "0.4")));
        ControlTimeline reopened = ControlTimeline.startingAt(ControlState.initial("champion_1", null),
                KitConfig.defaults());
        reopened.setBaseSettings(symbols.getSlots().get(0).settings());
        reopened.add(limits(T0 + 2, Map.of("MAX_TRADES_PER_DAY", "4")));
        reopened.add(limits(T0 + 3, Map.of("MAX_OPEN_POSITIONS", "1")));
        assertThat(reopened.latestLimits().psiWarn()).isEqualTo(0.2);
        assertThat(reopened.latestLimits().maxOpenPositions()).isEqualTo(1);
        assertThat(reopened.latestLimits().config().maxTradesPerDay()).isEqualTo(4);
    }

    private static ControlCommand limits(long ts, Map<String, String> args) {
        return new ControlCommand("c-" + ts, ts, "ops", ControlType.SET_LIMITS, args);
    }
}

package io.canarykit.admin.http;

import io.canarykit.config.KitConfig;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.KpiRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The SLO gates applied to the account-wide figures of the {@code _global} KPI record, with the
 * symbols' thresholds: a desk whose symbols each have too few orders to trip their own gate can
 * still breach the SLO as a whole.
 */
final class AccountSlo {

    private AccountSlo() {}

    /**
     * The SLO reasons the account-wide figures trip, in the gates' order. The job leaves a figure
     * null below its minimum samples, so a null figure trips nothing, as in the symbols' gates.
     */
    static List<GateReason> breaches(KpiRecord globalKpi, KitConfig config) {
        List<GateReason> reasons = new ArrayList<>();
        if (globalKpi == null) {
            return reasons;
        }
        if (atLeast(globalKpi.errorRate(), config.sloErrorRateMax())) {
            reasons.add(GateReason.SLO_ERROR_RATE);
        }
        if (atLeast(globalKpi.p95PlaceMs(), config.sloP95PlaceMsMax())) {
            reasons.add(GateReason.SLO_P95_PLACE_MS);
        }
        Double slippage = globalKpi.slippageBps();
        if (slippage != null && slippage > config.slippageSloBps()) {
            reasons.add(GateReason.SLO_SLIPPAGE);
        }
        return reasons;
    }

    private static boolean atLeast(Double value, double threshold) {
        return value != null && value >= threshold;
    }
}

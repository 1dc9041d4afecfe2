package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.GateReason;
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
    static List<GateReason> breaches(JsonNode globalKpi, KitConfig config) {
        List<GateReason> reasons = new ArrayList<>();
        if (globalKpi == null) {
            return reasons;
        }
        if (atLeast(globalKpi.get("error_rate"), config.sloErrorRateMax())) {
            reasons.add(GateReason.SLO_ERROR_RATE);
        }
        if (atLeast(globalKpi.get("p95_place_ms"), config.sloP95PlaceMsMax())) {
            reasons.add(GateReason.SLO_P95_PLACE_MS);
        }
        JsonNode slippage = globalKpi.get("slippage_bps");
        if (slippage != null && slippage.isNumber() && slippage.asDouble() > config.slippageSloBps()) {
            reasons.add(GateReason.SLO_SLIPPAGE);
        }
        return reasons;
    }

    private static boolean atLeast(JsonNode value, double threshold) {
        return value != null && value.isNumber() && value.asDouble() >= threshold;
    }
}

package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.codec.JsonCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class AccountSloTest {

    // The contract's thresholds: error rate >= 0.01, p95 >= 300 ms, slippage > 5 bps.
    private static final KitConfig CONFIG = ConfigLoader.load(Map.of("KIT_DB_URL", "jdbc:sqlite::memory:"), List.of(), Map.of());

    @Test
    void tripsEachGateAtItsThresholdAsTheSymbolsGatesDo() {
        assertThat(AccountSlo.breaches(kpi("{\"error_rate\":0.01,\"p95_place_ms\":300,\"slippage_bps\":5.01}"), CONFIG))
                .containsExactly(GateReason.SLO_ERROR_RATE, GateReason.SLO_P95_PLACE_MS, GateReason.SLO_SLIPPAGE);
    }

    @Test
    void staysOpenJustInsideEveryThreshold() {
        // Slippage exactly at the SLO is allowed (> trips), unlike the error rate and the p95 (>= trips).
        assertThat(AccountSlo.breaches(kpi("{\"error_rate\":0.0099,\"p95_place_ms\":299.9,\"slippage_bps\":5.0}"), CONFIG))
                .isEmpty();
    }

    @Test
    void aFigureWithoutEnoughSamplesTripsNothing() {
        // The job publishes null below SLO_MIN_SAMPLES; no record at all is no breach either.
        assertThat(AccountSlo.breaches(kpi("{\"error_rate\":null,\"p95_place_ms\":null,\"slippage_bps\":null}"), CONFIG))
                .isEmpty();
        assertThat(AccountSlo.breaches(null, CONFIG)).isEmpty();
        assertThat(AccountSlo.breaches(kpi("{\"error_rate\":0.5}"), CONFIG)).containsExactly(GateReason.SLO_ERROR_RATE);
    }

    /** The account-wide record of the job with these figures, decoded as the sidecar decodes it. */
    private static KpiRecord kpi(String figures) {
        try {
            ObjectNode json = (ObjectNode) ApiJson.MAPPER.readTree(figures);
            json.put("symbol", KpiRecord.GLOBAL);
            json.put("ts", 0L);
            return JsonCodec.decode(JsonCodec.encode(json), KpiRecord.class).value();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

package io.canarykit.operators.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateLimitsTest {

    @Test
    void defaultsAreTheContractsThresholds() {
        GateLimits d = GateLimits.defaults();

        assertThat(d.psiHalt()).isEqualTo(0.3);
        assertThat(d.psiWarn()).isEqualTo(0.2);
        assertThat(d.featuresMissingMax()).isEqualTo(0.01);
        assertThat(d.staleSecondsMax()).isEqualTo(1.0);
        assertThat(d.dislocationBpsMax()).isEqualTo(5.0);
        assertThat(d.errorRateMax()).isEqualTo(0.01);
        assertThat(d.p95PlaceMsMax()).isEqualTo(300.0);
        assertThat(d.sloMinSamples()).isEqualTo(20);
        assertThat(d.slippageSloBps()).isEqualTo(5.0);
        assertThat(d.slippageSloBpsBySymbol()).isEmpty();
        assertThat(d.maxOpenPositions()).isEqualTo(2);
        assertThat(d.maxDailyDrawdownPct()).isEqualTo(0.01);
        assertThat(d.canaryNotionalCap()).isEqualTo(0.25);
        assertThat(d.heartbeatMs()).isEqualTo(5_000);
        assertThat(d.decisionTtlMs()).isEqualTo(15_000);
        assertThat(d.liveTrading()).isFalse();
    }

    @Test
    void symbolSlippageSloFallsBackToTheGlobalOne() {
        GateLimits limits = TestLimits.withSymbolSlippageSlo(GateLimits.defaults(), "BTCUSDT", 8.0);

        assertThat(limits.slippageSloBps("BTCUSDT")).isEqualTo(8.0);
        assertThat(limits.slippageSloBps("ETHUSDT")).isEqualTo(5.0);
    }

    @Test
    void withersChangeOnlyTheirOwnField() {
        GateLimits d = GateLimits.defaults();

        assertThat(TestLimits.withLiveTrading(TestLimits.withLiveTrading(d, true), false)).isEqualTo(d);
        assertThat(TestLimits.withSymbolSlippageSlo(d, "X", 1.0).slippageSloBpsBySymbol()).isEqualTo(Map.of("X", 1.0));
        assertThat(TestLimits.withLiveTrading(TestLimits.withSymbolSlippageSlo(d, "X", 1.0), true).slippageSloBpsBySymbol())
                .isEqualTo(Map.of("X", 1.0));
    }

    @Test
    void perSymbolMapIsCopied() {
        Map<String, Double> bySymbol = new HashMap<>(Map.of("BTCUSDT", 8.0));
        GateLimits limits = limits(bySymbol, 5_000, 15_000);

        bySymbol.put("BTCUSDT", 1.0);

        assertThat(limits.slippageSloBps("BTCUSDT")).isEqualTo(8.0);
    }

    @Test
    void refusesATtlThatDoesNotOutliveTheHeartbeat() {
        assertThatThrownBy(() -> limits(Map.of(), 5_000, 5_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decisionTtlMs");
    }

    @Test
    void refusesInvalidThresholdsByName() {
        assertThatThrownBy(() -> new GateLimits(0.3, 0.4, 0.01, 1, 5, 0.01, 300, 20, 5, Map.of(), 2, 0.01, 0.25,
                5_000, 15_000, 1_000, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("psiWarn");
        assertThatThrownBy(() -> new GateLimits(Double.NaN, 0.2, 0.01, 1, 5, 0.01, 300, 20, 5, Map.of(), 2, 0.01,
                0.25, 5_000, 15_000, 1_000, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("psiHalt");
        assertThatThrownBy(() -> new GateLimits(0.3, 0.2, 0.01, 1, 5, 0.01, 300, 0, 5, Map.of(), 2, 0.01, 0.25,
                5_000, 15_000, 1_000, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sloMinSamples");
        assertThatThrownBy(() -> limits(Map.of("BTCUSDT", Double.POSITIVE_INFINITY), 5_000, 15_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slippageSloBpsBySymbol[BTCUSDT]");
        assertThatThrownBy(() -> new GateLimits(0.3, 0.2, 0.01, 1, 5, 0.01, 300, 20, 5, Map.of(), 2, 0.0, 0.25,
                5_000, 15_000, 1_000, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDailyDrawdownPct");
    }

    private static GateLimits limits(Map<String, Double> bySymbol, long heartbeatMs, long ttlMs) {
        return new GateLimits(0.3, 0.2, 0.01, 1, 5, 0.01, 300, 20, 5, bySymbol, 2, 0.01, 0.25, heartbeatMs, ttlMs,
                1_000, false);
    }
}

package io.canarykit.operators.gate;

import java.util.HashMap;
import java.util.Map;

/** Limits that differ from given ones in one field, built threshold by threshold as a test needs them. */
final class TestLimits {

    private TestLimits() {}

    /** {@code limits} with {@code ENABLE_LIVE_TRADING} read as {@code live}. */
    static GateLimits withLiveTrading(GateLimits limits, boolean live) {
        return new GateLimits(limits.psiHalt(), limits.psiWarn(), limits.featuresMissingMax(),
                limits.staleSecondsMax(), limits.dislocationBpsMax(), limits.errorRateMax(), limits.p95PlaceMsMax(),
                limits.sloMinSamples(), limits.slippageSloBps(), limits.slippageSloBpsBySymbol(),
                limits.maxOpenPositions(), limits.maxDailyDrawdownPct(), limits.canaryNotionalCap(),
                limits.heartbeatMs(), limits.decisionTtlMs(), limits.kpiIntervalMs(), live, limits.config());
    }

    /** {@code limits} with {@code SLIPPAGE_SLO_BPS_<symbol>} at {@code bps}. */
    static GateLimits withSymbolSlippageSlo(GateLimits limits, String symbol, double bps) {
        Map<String, Double> bySymbol = new HashMap<>(limits.slippageSloBpsBySymbol());
        bySymbol.put(symbol, bps);
        return new GateLimits(limits.psiHalt(), limits.psiWarn(), limits.featuresMissingMax(),
                limits.staleSecondsMax(), limits.dislocationBpsMax(), limits.errorRateMax(), limits.p95PlaceMsMax(),
                limits.sloMinSamples(), limits.slippageSloBps(), bySymbol, limits.maxOpenPositions(),
                limits.maxDailyDrawdownPct(), limits.canaryNotionalCap(), limits.heartbeatMs(),
                limits.decisionTtlMs(), limits.kpiIntervalMs(), limits.liveTrading(), limits.config());
    }
}

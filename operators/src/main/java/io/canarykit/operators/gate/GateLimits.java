package io.canarykit.operators.gate;

import io.canarykit.config.KitConfig;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every threshold the gates compare against, with the contract's defaults in {@link #defaults()} and
 * the configured ones in {@link #from(KitConfig)}.
 *
 * @param psiHalt psi above this halts the symbol ({@code psi} gate)
 * @param psiWarn psi above this, up to {@code psiHalt}, halves the size ({@code psi_warn})
 * @param featuresMissingMax features_missing_ratio above this halts
 * @param staleSecondsMax data_stale_seconds above this halts
 * @param dislocationBpsMax feed_dislocation_bps above this halts
 * @param errorRateMax error_rate at or above this halts
 * @param p95PlaceMsMax p95_place_ms at or above this halts
 * @param sloMinSamples fewest placed (error rate) or acked (p95) orders for those SLO gates to fire
 * @param slippageSloBps global {@code SLIPPAGE_SLO_BPS}: slippage_bps above it halts
 * @param slippageSloBpsBySymbol {@code SLIPPAGE_SLO_BPS_<SYMBOL>} by symbol, overriding the global one; a
 *     symbol is held as its variable writes it (upper-case, other characters than letters and digits as _)
 * @param maxOpenPositions {@code MAX_OPEN_POSITIONS}: at or above it, flat symbols are reduce-only
 * @param maxDailyDrawdownPct {@code MAX_DAILY_DRAWDOWN_PCT}: dd_today at or above it trips the budget
 * @param canaryNotionalCap {@code CANARY_NOTIONAL_CAP}: canary_notional_share at or above it cuts the canary
 * @param heartbeatMs a decision is re-sent at least this often
 * @param decisionTtlMs {@code valid_until - ts} of every decision
 * @param kpiIntervalMs {@code KPI_INTERVAL_MS}: a symbol whose decision has not changed sends a KPI record at most this often
 * @param liveTrading {@code ENABLE_LIVE_TRADING}, copied into every decision as {@code live}
 */
public record GateLimits(
        double psiHalt,
        double psiWarn,
        double featuresMissingMax,
        double staleSecondsMax,
        double dislocationBpsMax,
        double errorRateMax,
        double p95PlaceMsMax,
        long sloMinSamples,
        double slippageSloBps,
        Map<String, Double> slippageSloBpsBySymbol,
        int maxOpenPositions,
        double maxDailyDrawdownPct,
        double canaryNotionalCap,
        long heartbeatMs,
        long decisionTtlMs,
        long kpiIntervalMs,
        boolean liveTrading) {

    public GateLimits {
        requireNonNegative("psiWarn", psiWarn);
        requireNonNegative("psiHalt", psiHalt);
        if (psiWarn > psiHalt) {
            throw new IllegalArgumentException(
                    "psiWarn must not exceed psiHalt, got psiWarn=" + psiWarn + " psiHalt=" + psiHalt);
        }
        requireNonNegative("featuresMissingMax", featuresMissingMax);
        requireNonNegative("staleSecondsMax", staleSecondsMax);
        requireNonNegative("dislocationBpsMax", dislocationBpsMax);
        requireNonNegative("errorRateMax", errorRateMax);
        requireNonNegative("p95PlaceMsMax", p95PlaceMsMax);
        if (sloMinSamples < 1) {
            throw new IllegalArgumentException("sloMinSamples must be at least 1, got " + sloMinSamples);
        }
        requireFinite("slippageSloBps", slippageSloBps);
        if (slippageSloBpsBySymbol == null) {
            throw new IllegalArgumentException("slippageSloBpsBySymbol must not be null (use an empty map)");
        }
        slippageSloBpsBySymbol.forEach((symbol, bps) -> {
            if (symbol == null || symbol.isBlank()) {
                throw new IllegalArgumentException("slippageSloBpsBySymbol has a blank symbol");
            }
            if (bps == null || !Double.isFinite(bps)) {
                throw new IllegalArgumentException(
                        "slippageSloBpsBySymbol[" + symbol + "] must be a finite number, got " + bps);
            }
        });
        slippageSloBpsBySymbol = bySymbolKey(slippageSloBpsBySymbol);
        if (maxOpenPositions < 0) {
            throw new IllegalArgumentException("maxOpenPositions must not be negative, got " + maxOpenPositions);
        }
        requirePositive("maxDailyDrawdownPct", maxDailyDrawdownPct);
        // A cap of 0 is allowed, as in the config: the challenger gets no notional at all.
        requireNonNegative("canaryNotionalCap", canaryNotionalCap);
        if (heartbeatMs <= 0) {
            throw new IllegalArgumentException("heartbeatMs must be positive, got " + heartbeatMs);
        }
        // A decision must outlive the gap to the next heartbeat, or healthy engines would halt between beats.
        if (decisionTtlMs <= heartbeatMs) {
            throw new IllegalArgumentException("decisionTtlMs must exceed heartbeatMs, got decisionTtlMs="
                    + decisionTtlMs + " heartbeatMs=" + heartbeatMs);
        }
        if (kpiIntervalMs <= 0) {
            throw new IllegalArgumentException("kpiIntervalMs must be positive, got " + kpiIntervalMs);
        }
    }

    /** The contract's defaults, with live trading off and no per-symbol slippage SLO. */
    public static GateLimits defaults() {
        return new GateLimits(
                0.3, 0.2, 0.01, 1.0, 5.0, 0.01, 300.0, 20, 5.0, Map.of(), 2, 0.01, 0.25, 5_000, 15_000, 1_000, false);
    }

    /** The limits that {@code config} sets: every threshold from its variable. */
    public static GateLimits from(KitConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is required but not provided");
        }
        return new GateLimits(
                config.psiHalt(),
                config.psiWarn(),
                config.featuresMissingMax(),
                config.staleMaxSeconds(),
                config.dislocationMaxBps(),
                config.sloErrorRateMax(),
                config.sloP95PlaceMsMax(),
                config.sloMinSamples(),
                config.slippageSloBps(),
                config.slippageSloBpsPerSymbol(),
                config.maxOpenPositions(),
                config.maxDailyDrawdownPct(),
                config.canaryNotionalCap(),
                config.decisionHeartbeatMs(),
                config.decisionTtlMs(),
                config.kpiIntervalMs(),
                // Real money needs both switches; the loader refuses one without the other anyway.
                config.isLive());
    }

    /** The slippage SLO of {@code symbol}: its own when set, else the global one. */
    public double slippageSloBps(String symbol) {
        Double own = slippageSloBpsBySymbol.get(symbolKey(symbol));
        return own != null ? own : slippageSloBps;
    }

    /**
     * How {@code symbol} is written in {@code SLIPPAGE_SLO_BPS_<SYMBOL>}: upper-case, with every
     * character other than A-Z and 0-9 as _ ({@code BTC-USD} is {@code BTC_USD}), as
     * {@link KitConfig#slippageSloBps(String)} reads it.
     */
    static String symbolKey(String symbol) {
        char[] key = symbol.toUpperCase(Locale.ROOT).toCharArray();
        for (int i = 0; i < key.length; i++) {
            boolean letterOrDigit = (key[i] >= 'A' && key[i] <= 'Z') || (key[i] >= '0' && key[i] <= '9');
            key[i] = letterOrDigit ? key[i] : '_';
        }
        return new String(key);
    }

    /** These limits with {@code ENABLE_LIVE_TRADING} set to {@code live}. */
    public GateLimits withLiveTrading(boolean live) {
        return new GateLimits(psiHalt, psiWarn, featuresMissingMax, staleSecondsMax, dislocationBpsMax,
                errorRateMax, p95PlaceMsMax, sloMinSamples, slippageSloBps, slippageSloBpsBySymbol,
                maxOpenPositions, maxDailyDrawdownPct, canaryNotionalCap, heartbeatMs, decisionTtlMs, kpiIntervalMs,
                live);
    }

    /** These limits with {@code SLIPPAGE_SLO_BPS_<symbol>} set to {@code bps}. */
    public GateLimits withSymbolSlippageSlo(String symbol, double bps) {
        Map<String, Double> bySymbol = new HashMap<>(slippageSloBpsBySymbol);
        bySymbol.put(symbol, bps);
        return new GateLimits(psiHalt, psiWarn, featuresMissingMax, staleSecondsMax, dislocationBpsMax,
                errorRateMax, p95PlaceMsMax, sloMinSamples, slippageSloBps, bySymbol,
                maxOpenPositions, maxDailyDrawdownPct, canaryNotionalCap, heartbeatMs, decisionTtlMs, kpiIntervalMs,
                liveTrading);
    }

    // Two spellings of one symbol (btc-usd, BTC_USD) must not disagree, or the SLO would depend on map order.
    private static Map<String, Double> bySymbolKey(Map<String, Double> bySymbol) {
        Map<String, Double> byKey = new HashMap<>();
        bySymbol.forEach((symbol, bps) -> {
            Double other = byKey.put(symbolKey(symbol), bps);
            if (other != null && !other.equals(bps)) {
                throw new IllegalArgumentException("slippageSloBpsBySymbol has two values for " + symbolKey(symbol)
                        + ": " + other + " and " + bps);
            }
        });
        return Map.copyOf(byKey);
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
    }

    private static void requireNonNegative(String name, double value) {
        requireFinite(name, value);
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }

    private static void requirePositive(String name, double value) {
        requireFinite(name, value);
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}

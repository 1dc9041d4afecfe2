package io.canarykit.operators.gate;

import io.canarykit.config.CrossRules;
import io.canarykit.config.KitConfig;
import java.util.HashMap;
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
 * @param config the settings these limits were read from, as of the same time: a class that uses a
 *     setting of its own reads it here ({@link KitConfig#decimal(io.canarykit.config.ConfigKey, String)}),
 *     so a new limit needs no field in this record
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
        boolean liveTrading,
        KitConfig config) {

    public GateLimits {
        requireNonNegative("psiWarn", psiWarn);
        requireNonNegative("psiHalt", psiHalt);
        if (!CrossRules.psiInOrder(psiWarn, psiHalt)) {
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
        if (!CrossRules.heartbeatBeforeExpiry(heartbeatMs, decisionTtlMs)) {
            throw new IllegalArgumentException("decisionTtlMs must exceed heartbeatMs, got decisionTtlMs="
                    + decisionTtlMs + " heartbeatMs=" + heartbeatMs);
        }
        if (kpiIntervalMs <= 0) {
            throw new IllegalArgumentException("kpiIntervalMs must be positive, got " + kpiIntervalMs);
        }
        if (config == null) {
            throw new IllegalArgumentException("config must not be null (use KitConfig.defaults())");
        }
    }

    /** Limits given threshold by threshold, every other setting at its default. */
    public GateLimits(double psiHalt, double psiWarn, double featuresMissingMax, double staleSecondsMax,
            double dislocationBpsMax, double errorRateMax, double p95PlaceMsMax, long sloMinSamples,
            double slippageSloBps, Map<String, Double> slippageSloBpsBySymbol, int maxOpenPositions,
            double maxDailyDrawdownPct, double canaryNotionalCap, long heartbeatMs, long decisionTtlMs,
            long kpiIntervalMs, boolean liveTrading) {
        this(psiHalt, psiWarn, featuresMissingMax, staleSecondsMax, dislocationBpsMax, errorRateMax, p95PlaceMsMax,
                sloMinSamples, slippageSloBps, slippageSloBpsBySymbol, maxOpenPositions, maxDailyDrawdownPct,
                canaryNotionalCap, heartbeatMs, decisionTtlMs, kpiIntervalMs, liveTrading, Defaults.CONFIG);
    }

    /**
     * Limits are equal when their thresholds are: the settings they were read from are carried along,
     * not compared, so limits read from settings that differ only elsewhere are the same limits.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof GateLimits other
                && Double.compare(psiHalt, other.psiHalt) == 0
                && Double.compare(psiWarn, other.psiWarn) == 0
                && Double.compare(featuresMissingMax, other.featuresMissingMax) == 0
                && Double.compare(staleSecondsMax, other.staleSecondsMax) == 0
                && Double.compare(dislocationBpsMax, other.dislocationBpsMax) == 0
                && Double.compare(errorRateMax, other.errorRateMax) == 0
                && Double.compare(p95PlaceMsMax, other.p95PlaceMsMax) == 0
                && sloMinSamples == other.sloMinSamples
                && Double.compare(slippageSloBps, other.slippageSloBps) == 0
                && slippageSloBpsBySymbol.equals(other.slippageSloBpsBySymbol)
                && maxOpenPositions == other.maxOpenPositions
                && Double.compare(maxDailyDrawdownPct, other.maxDailyDrawdownPct) == 0
                && Double.compare(canaryNotionalCap, other.canaryNotionalCap) == 0
                && heartbeatMs == other.heartbeatMs
                && decisionTtlMs == other.decisionTtlMs
                && kpiIntervalMs == other.kpiIntervalMs
                && liveTrading == other.liveTrading;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(psiHalt, psiWarn, featuresMissingMax, staleSecondsMax, dislocationBpsMax,
                errorRateMax, p95PlaceMsMax, sloMinSamples, slippageSloBps, slippageSloBpsBySymbol, maxOpenPositions,
                maxDailyDrawdownPct, canaryNotionalCap, heartbeatMs, decisionTtlMs, kpiIntervalMs, liveTrading);
    }

    /** The limits of the default settings: the contract's thresholds, live trading off, no per-symbol SLO. */
    public static GateLimits defaults() {
        return Defaults.LIMITS;
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
                config.isLive(),
                config);
    }

    /** The slippage SLO of {@code symbol}: its own when set, else the global one. */
    public double slippageSloBps(String symbol) {
        Double own = KitConfig.ownValue(slippageSloBpsBySymbol, symbol);
        return own != null ? own : slippageSloBps;
    }

    // Two spellings of one symbol (btc-usd, BTC_USD) must not disagree, or the SLO would depend on map order.
    private static Map<String, Double> bySymbolKey(Map<String, Double> bySymbol) {
        Map<String, Double> byKey = new HashMap<>();
        bySymbol.forEach((symbol, bps) -> {
            Double other = byKey.put(KitConfig.variableSuffix(symbol), bps);
            if (other != null && !other.equals(bps)) {
                throw new IllegalArgumentException("slippageSloBpsBySymbol has two values for " + KitConfig.variableSuffix(symbol)
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

    // Built once: every symbol's first read and every hand-made limit share them.
    private static final class Defaults {
        static final KitConfig CONFIG = KitConfig.defaults();
        static final GateLimits LIMITS = from(CONFIG);

        private Defaults() {}
    }
}

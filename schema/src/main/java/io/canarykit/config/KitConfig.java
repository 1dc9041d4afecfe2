package io.canarykit.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

// Build it with ConfigLoader, which checks every range and rule; the constructor only checks that
// nothing required is missing. A setting unset by default (KIT_ADMIN_TOKEN, PROMETHEUS_URL) reads null.
/**
 * Every Canary Kit setting, one value per {@link ConfigKey}. A class reads the setting it uses with
 * the typed readers ({@link #decimal}, {@link #whole}, {@link #integer}, {@link #flag}, {@link #text},
 * and {@link #decimal(ConfigKey, String)} where a per-symbol family may override it), so a new setting
 * needs no change here; the named readers serve the settings read in many places.
 */
public final class KitConfig implements Serializable {

    /** The token of {@code .env.live.example}, which preflight rejects until an operator replaces it. */
    public static final String ADMIN_TOKEN_PLACEHOLDER = "REPLACE_WITH_A_LONG_RANDOM_SECRET";

    private static final long serialVersionUID = 2L;
    private static final String REDACTED = "<redacted>";

    private final EnumMap<ConfigKey, Object> values;
    // The settings in force are read per event under the same set_limits variables: the last
    // overrides and their result are kept, so a repeat costs a map comparison, not a parse.
    private transient volatile Overridden lastOverridden;

    private record Overridden(Map<String, String> overrides, KitConfig config) {}

    /** The config of one typed value per key, as {@link ConfigLoader} checked them; per-symbol families as maps. */
    KitConfig(Map<ConfigKey, Object> typed) {
        EnumMap<ConfigKey, Object> copy = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            Object value = typed.get(key);
            if (key.isPerSymbol()) {
                @SuppressWarnings("unchecked")
                Map<String, Double> bySymbol = value == null ? Map.of() : Map.copyOf((Map<String, Double>) value);
                value = bySymbol;
            } else if (value == null && !key.type().emptyMeansUnset()) {
                throw new IllegalArgumentException(key.componentName() + " is required but not provided.");
            }
            if (value != null) {
                copy.put(key, value);
            }
        }
        this.values = copy;
    }

    /** The settings when nothing is configured: every key's default, read once. */
    public static KitConfig defaults() {
        return Defaults.CONFIG;
    }

    /**
     * These settings with {@code overrides} (variable to text, as in a {@code .env} file) applied, checked
     * as at load time: every value's type and range and the rules across settings.
     *
     * @throws ConfigException naming every variable and value that is wrong, all at once
     */
    public KitConfig with(Map<String, String> overrides) {
        Overridden last = lastOverridden;
        if (last != null && last.overrides().equals(overrides)) {
            return last.config();
        }
        ConfigLoader.Overridden result = ConfigLoader.override(this, overrides, key -> true, ConfigLoader.Wording.FILE);
        if (!result.accepted()) {
            throw new ConfigException(result.problems());
        }
        lastOverridden = new Overridden(Map.copyOf(overrides), result.config());
        return result.config();
    }

    /** The value of a {@link ConfigKey.Type#DOUBLE} setting. */
    public double decimal(ConfigKey key) {
        return (Double) read(key, ConfigKey.Type.DOUBLE);
    }

    /**
     * The value of a {@link ConfigKey.Type#DOUBLE} setting for {@code symbol}: its per-symbol family's
     * {@code <KEY>_<SYMBOL>} when set, else the key's own.
     */
    public double decimal(ConfigKey key, String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("symbol must not be blank, got " + symbol);
        }
        ConfigKey family = key.perSymbolFamily().orElse(null);
        Double own = family == null ? null : ownValue(bySymbol(family), symbol);
        return own != null ? own : decimal(key);
    }

    /** The value of a {@link ConfigKey.Type#LONG} setting. */
    public long whole(ConfigKey key) {
        return (Long) read(key, ConfigKey.Type.LONG);
    }

    /** The value of a {@link ConfigKey.Type#INT} setting. */
    public int integer(ConfigKey key) {
        return (Integer) read(key, ConfigKey.Type.INT);
    }

    /** The value of a {@link ConfigKey.Type#BOOLEAN} setting. */
    public boolean flag(ConfigKey key) {
        return (Boolean) read(key, ConfigKey.Type.BOOLEAN);
    }

    /** The value of a text setting, or null when one that may be unset is. */
    public String text(ConfigKey key) {
        ConfigKey.Type type = key.type();
        if (type != ConfigKey.Type.TEXT && type != ConfigKey.Type.SECRET && type != ConfigKey.Type.OPTIONAL_TEXT) {
            throw new IllegalArgumentException(key + " is not text but " + type);
        }
        return (String) values.get(key);
    }

    /** The values of a per-symbol family by the symbol as its variables write it. */
    @SuppressWarnings("unchecked")
    public Map<String, Double> bySymbol(ConfigKey family) {
        if (!family.isPerSymbol()) {
            throw new IllegalArgumentException(family + " is not a per-symbol family");
        }
        return (Map<String, Double>) values.get(family);
    }

    // Named readers of the settings that many classes read; any other setting is read with its key.

    public Profile profile() {
        return (Profile) values.get(ConfigKey.PROFILE);
    }

    public boolean enableLiveTrading() {
        return flag(ConfigKey.ENABLE_LIVE_TRADING);
    }

    public boolean enableOnlineLearning() {
        return flag(ConfigKey.ENABLE_ONLINE_LEARNING);
    }

    public double riskPerTradePct() {
        return decimal(ConfigKey.RISK_PER_TRADE_PCT);
    }

    public int maxOpenPositions() {
        return integer(ConfigKey.MAX_OPEN_POSITIONS);
    }

    public int maxTradesPerDay() {
        return integer(ConfigKey.MAX_TRADES_PER_DAY);
    }

    public double maxDailyDrawdownPct() {
        return decimal(ConfigKey.MAX_DAILY_DRAWDOWN_PCT);
    }

    public double canaryNotionalCap() {
        return decimal(ConfigKey.CANARY_NOTIONAL_CAP);
    }

    public double challengerShare() {
        return decimal(ConfigKey.CHALLENGER_SHARE);
    }

    public double slippageSloBps() {
        return decimal(ConfigKey.SLIPPAGE_SLO_BPS);
    }

    /** {@code SLIPPAGE_SLO_BPS_<SYMBOL>} by symbol suffix. */
    public Map<String, Double> slippageSloBpsPerSymbol() {
        return bySymbol(ConfigKey.SLIPPAGE_SLO_BPS_PER_SYMBOL);
    }

    public double accountEquity() {
        return decimal(ConfigKey.ACCOUNT_EQUITY);
    }

    public String kafkaBootstrap() {
        return text(ConfigKey.KAFKA_BOOTSTRAP);
    }

    public String kitDbUrl() {
        return text(ConfigKey.KIT_DB_URL);
    }

    public String kitAdminToken() {
        return text(ConfigKey.KIT_ADMIN_TOKEN);
    }

    public long psiWindowMs() {
        return whole(ConfigKey.PSI_WINDOW_MS);
    }

    public int psiMinSamples() {
        return integer(ConfigKey.PSI_MIN_SAMPLES);
    }

    public double psiWarn() {
        return decimal(ConfigKey.PSI_WARN);
    }

    public double psiHalt() {
        return decimal(ConfigKey.PSI_HALT);
    }

    public long missingWindowMs() {
        return whole(ConfigKey.MISSING_WINDOW_MS);
    }

    public double featuresMissingMax() {
        return decimal(ConfigKey.FEATURES_MISSING_MAX);
    }

    public long sloWindowMs() {
        return whole(ConfigKey.SLO_WINDOW_MS);
    }

    public int sloMinSamples() {
        return integer(ConfigKey.SLO_MIN_SAMPLES);
    }

    public double sloErrorRateMax() {
        return decimal(ConfigKey.SLO_ERROR_RATE_MAX);
    }

    public double sloP95PlaceMsMax() {
        return decimal(ConfigKey.SLO_P95_PLACE_MS_MAX);
    }

    public double staleMaxSeconds() {
        return decimal(ConfigKey.STALE_MAX_SECONDS);
    }

    public double dislocationMaxBps() {
        return decimal(ConfigKey.DISLOCATION_MAX_BPS);
    }

    public long feedFreshnessMs() {
        return whole(ConfigKey.FEED_FRESHNESS_MS);
    }

    public long featuresStaleMs() {
        return whole(ConfigKey.FEATURES_STALE_MS);
    }

    public boolean requireReferenceFeed() {
        return flag(ConfigKey.REQUIRE_REFERENCE_FEED);
    }

    public long maxClockSkewMs() {
        return whole(ConfigKey.MAX_CLOCK_SKEW_MS);
    }

    public long orphanTimeoutMs() {
        return whole(ConfigKey.ORPHAN_TIMEOUT_MS);
    }

    public long decisionHeartbeatMs() {
        return whole(ConfigKey.DECISION_HEARTBEAT_MS);
    }

    public long decisionTtlMs() {
        return whole(ConfigKey.DECISION_TTL_MS);
    }

    public long kpiIntervalMs() {
        return whole(ConfigKey.KPI_INTERVAL_MS);
    }

    public long outOfOrdernessMs() {
        return whole(ConfigKey.OUT_OF_ORDERNESS_MS);
    }

    public int dlqMaxRawBytes() {
        return integer(ConfigKey.DLQ_MAX_RAW_BYTES);
    }

    public String prometheusUrl() {
        return text(ConfigKey.PROMETHEUS_URL);
    }

    /** The slippage SLO of {@code symbol}: its {@code SLIPPAGE_SLO_BPS_<SYMBOL>}, else the global one. */
    public double slippageSloBps(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("symbol must not be blank, got " + symbol);
        }
        return decimal(ConfigKey.SLIPPAGE_SLO_BPS, symbol);
    }

    /** True when real money is traded: {@code PROFILE=live} and {@code ENABLE_LIVE_TRADING=true}. */
    public boolean isLive() {
        return profile() == Profile.LIVE && enableLiveTrading();
    }

    /** True when mutating calls need {@code Authorization: Bearer $KIT_ADMIN_TOKEN}. */
    public boolean hasAdminToken() {
        return kitAdminToken() != null;
    }

    /** The settings outside the runbook's initial live limits, one message each naming the variable. */
    public List<String> initialLiveLimitBreaches() {
        // The runbook's "Límites Live iniciales", fixed here because they are the runbook's, not settings.
        List<String> breaches = new ArrayList<>();
        outside(breaches, ConfigKey.RISK_PER_TRADE_PCT, riskPerTradePct(), 0.0015, 0.0020);
        outside(breaches, ConfigKey.MAX_OPEN_POSITIONS, maxOpenPositions(), 1, 2);
        outside(breaches, ConfigKey.MAX_TRADES_PER_DAY, maxTradesPerDay(), 5, 8);
        if (maxDailyDrawdownPct() > 0.01) {
            breaches.add(ConfigKey.MAX_DAILY_DRAWDOWN_PCT + "=" + ValueRange.plain(maxDailyDrawdownPct())
                    + " is above the initial live daily loss cap of 0.01");
        }
        return breaches;
    }

    /** What makes a live profile unsafe to arm, one message each naming the variable (none under paper). */
    public List<String> liveProfileProblems() {
        List<String> problems = new ArrayList<>();
        if (profile() != Profile.LIVE) {
            return problems;
        }
        if (enableOnlineLearning()) {
            problems.add(ConfigKey.ENABLE_ONLINE_LEARNING + "=true, but it must be false when PROFILE=live");
        }
        if (ADMIN_TOKEN_PLACEHOLDER.equals(kitAdminToken())) {
            problems.add(ConfigKey.KIT_ADMIN_TOKEN + " is still the example placeholder; set a secret of your own");
        }
        return problems;
    }

    /** The value of {@code key} (a boxed number, a Profile, a String, a Map or null). */
    public Object value(ConfigKey key) {
        return values.get(key);
    }

    /** Every setting as {@code .env} lines in {@link ConfigKey} order, the token line a comment that hides it. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (ConfigKey key : ConfigKey.values()) {
            for (String line : lines(key)) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KitConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringJoiner settings = new StringJoiner(", ", "KitConfig[", "]");
        for (ConfigKey key : ConfigKey.values()) {
            for (String line : lines(key)) {
                settings.add(line.startsWith("# ") ? line.substring(2) : line);
            }
        }
        return settings.toString();
    }

    /**
     * {@code symbol}'s own value in a per-symbol family's values (keyed by {@link #variableSuffix}),
     * or null when it has none. Read for every symbol's evaluation: no suffix is built while no
     * symbol has a value of its own.
     */
    public static <V> V ownValue(Map<String, V> bySuffix, String symbol) {
        return bySuffix.isEmpty() ? null : bySuffix.get(variableSuffix(symbol));
    }

    /** The suffix of {@code SLIPPAGE_SLO_BPS_<SYMBOL>} that stands for {@code symbol}. */
    // Variable names hold only letters, digits and _, so BTC-USD is written SLIPPAGE_SLO_BPS_BTC_USD.
    public static String variableSuffix(String symbol) {
        char[] chars = symbol.toUpperCase(Locale.ROOT).toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                chars[i] = '_';
            }
        }
        return new String(chars);
    }

    private List<String> lines(ConfigKey key) {
        if (key == ConfigKey.KIT_ADMIN_TOKEN) {
            return List.of("# " + key + (hasAdminToken() ? "=" + REDACTED : " is unset"));
        }
        if (key.isPerSymbol()) {
            List<String> lines = new ArrayList<>();
            bySymbol(key).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                    lines.add(key.symbolPrefix() + entry.getKey() + "=" + ValueRange.plain(entry.getValue())));
            return lines;
        }
        Object value = value(key);
        return List.of(key + "=" + (value == null ? "" : written(value)));
    }

    private static String written(Object value) {
        if (value instanceof Double number) {
            return ValueRange.plain(number);
        }
        return value instanceof Profile profile ? profile.wire() : String.valueOf(value);
    }

    private static void outside(List<String> breaches, ConfigKey key, double value, double low, double high) {
        if (value < low || value > high) {
            breaches.add(key + "=" + ValueRange.plain(value) + " is outside the initial live limits "
                    + ValueRange.closed(low, high));
        }
    }

    private Object read(ConfigKey key, ConfigKey.Type type) {
        if (key.type() != type) {
            throw new IllegalArgumentException(key + " is " + key.type() + ", not " + type);
        }
        return values.get(key);
    }

    // A holder, so the defaults are read on first use, after every key is declared.
    private static final class Defaults {
        static final KitConfig CONFIG = ConfigLoader.load(Map.of(), List.of(), Map.of());

        private Defaults() {}
    }
}

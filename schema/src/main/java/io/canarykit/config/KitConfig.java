package io.canarykit.config;

import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

// Build it with ConfigLoader, which checks every range and rule; the constructor only checks that
// nothing required is missing. kitAdminToken is null when unset (Optional is not Serializable).
/** Every Canary Kit setting, one component per {@link ConfigKey}, named after it in camelCase. */
public record KitConfig(
        Profile profile,
        boolean enableLiveTrading,
        boolean enableOnlineLearning,
        double riskPerTradePct,
        int maxOpenPositions,
        int maxTradesPerDay,
        double maxDailyDrawdownPct,
        double canaryNotionalCap,
        double challengerShare,
        double slippageSloBps,
        Map<String, Double> slippageSloBpsPerSymbol,
        double accountEquity,
        String kafkaBootstrap,
        String kitDbUrl,
        String kitAdminToken,
        long psiWindowMs,
        int psiMinSamples,
        double psiWarn,
        double psiHalt,
        long missingWindowMs,
        double featuresMissingMax,
        long sloWindowMs,
        int sloMinSamples,
        double sloErrorRateMax,
        double sloP95PlaceMsMax,
        double staleMaxSeconds,
        double dislocationMaxBps,
        long feedFreshnessMs,
        long featuresStaleMs,
        boolean requireReferenceFeed,
        long maxClockSkewMs,
        long orphanTimeoutMs,
        long decisionHeartbeatMs,
        long decisionTtlMs,
        long kpiIntervalMs,
        long outOfOrdernessMs,
        int dlqMaxRawBytes,
        String prometheusUrl) implements Serializable {

    /** The token of {@code .env.live.example}, which preflight rejects until an operator replaces it. */
    public static final String ADMIN_TOKEN_PLACEHOLDER = "REPLACE_WITH_A_LONG_RANDOM_SECRET";

    private static final long serialVersionUID = 1L;
    private static final String REDACTED = "<redacted>";
    // Looked up once: reading record components by reflection costs far more than the call itself.
    private static final Map<ConfigKey, RecordComponent> COMPONENTS = componentsByKey();

    public KitConfig {
        requirePresent(profile, "profile");
        requirePresent(slippageSloBpsPerSymbol, "slippageSloBpsPerSymbol");
        requirePresent(kafkaBootstrap, "kafkaBootstrap");
        requirePresent(kitDbUrl, "kitDbUrl");
        slippageSloBpsPerSymbol = Map.copyOf(slippageSloBpsPerSymbol);
    }

    /** The settings when nothing is configured. */
    public static KitConfig defaults() {
        return ConfigLoader.load(Map.of(), List.of(), Map.of());
    }

    /** The slippage SLO of {@code symbol}: its {@code SLIPPAGE_SLO_BPS_<SYMBOL>}, else the global one. */
    public double slippageSloBps(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("symbol must not be blank, got " + symbol);
        }
        return slippageSloBpsPerSymbol.getOrDefault(variableSuffix(symbol), slippageSloBps);
    }

    /** True when real money is traded: {@code PROFILE=live} and {@code ENABLE_LIVE_TRADING=true}. */
    public boolean isLive() {
        return profile == Profile.LIVE && enableLiveTrading;
    }

    /** True when mutating calls need {@code Authorization: Bearer $KIT_ADMIN_TOKEN}. */
    public boolean hasAdminToken() {
        return kitAdminToken != null;
    }

    /** The settings outside the runbook's initial live limits, one message each naming the variable. */
    public List<String> initialLiveLimitBreaches() {
        // The runbook's "Límites Live iniciales", fixed here because they are the runbook's, not settings.
        List<String> breaches = new ArrayList<>();
        outside(breaches, ConfigKey.RISK_PER_TRADE_PCT, riskPerTradePct, 0.0015, 0.0020);
        outside(breaches, ConfigKey.MAX_OPEN_POSITIONS, maxOpenPositions, 1, 2);
        outside(breaches, ConfigKey.MAX_TRADES_PER_DAY, maxTradesPerDay, 5, 8);
        if (maxDailyDrawdownPct > 0.01) {
            breaches.add(ConfigKey.MAX_DAILY_DRAWDOWN_PCT + "=" + ValueRange.plain(maxDailyDrawdownPct)
                    + " is above the initial live daily loss cap of 0.01");
        }
        return breaches;
    }

    /** What makes a live profile unsafe to arm, one message each naming the variable (none under paper). */
    public List<String> liveProfileProblems() {
        List<String> problems = new ArrayList<>();
        if (profile != Profile.LIVE) {
            return problems;
        }
        if (enableOnlineLearning) {
            problems.add(ConfigKey.ENABLE_ONLINE_LEARNING + "=true, but it must be false when PROFILE=live");
        }
        if (ADMIN_TOKEN_PLACEHOLDER.equals(kitAdminToken)) {
            problems.add(ConfigKey.KIT_ADMIN_TOKEN + " is still the example placeholder; set a secret of your own");
        }
        return problems;
    }

    /** The value of {@code key} as held by its component (a boxed number, a Profile, a String, a Map or null). */
    public Object value(ConfigKey key) {
        try {
            return componentOf(key).getAccessor().invoke(this);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read component " + key.componentName(), e);
        }
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
    public String toString() {
        StringJoiner settings = new StringJoiner(", ", "KitConfig[", "]");
        for (ConfigKey key : ConfigKey.values()) {
            for (String line : lines(key)) {
                settings.add(line.startsWith("# ") ? line.substring(2) : line);
            }
        }
        return settings.toString();
    }

    /** A config built from one typed value per key, as {@link ConfigLoader} checked them. */
    static KitConfig fromValues(Map<ConfigKey, Object> values) {
        RecordComponent[] components = KitConfig.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            arguments[i] = values.get(keyOf(components[i]));
        }
        try {
            return KitConfig.class.getDeclaredConstructor(types).newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build KitConfig", e);
        }
    }

    /** The suffix of {@code SLIPPAGE_SLO_BPS_<SYMBOL>} that stands for {@code symbol}. */
    // Variable names hold only letters, digits and _, so BTC-USD is written SLIPPAGE_SLO_BPS_BTC_USD.
    static String variableSuffix(String symbol) {
        return symbol.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private List<String> lines(ConfigKey key) {
        if (key == ConfigKey.KIT_ADMIN_TOKEN) {
            return List.of("# " + key + (hasAdminToken() ? "=" + REDACTED : " is unset"));
        }
        if (key.isPerSymbol()) {
            List<String> lines = new ArrayList<>();
            slippageSloBpsPerSymbol.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                    lines.add(ConfigKey.PER_SYMBOL_PREFIX + entry.getKey() + "=" + ValueRange.plain(entry.getValue())));
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

    private static RecordComponent componentOf(ConfigKey key) {
        RecordComponent component = COMPONENTS.get(key);
        if (component == null) {
            throw new IllegalStateException("KitConfig has no component " + key.componentName() + " for " + key);
        }
        return component;
    }

    private static Map<ConfigKey, RecordComponent> componentsByKey() {
        Map<ConfigKey, RecordComponent> byKey = new EnumMap<>(ConfigKey.class);
        for (RecordComponent component : KitConfig.class.getRecordComponents()) {
            ConfigKey.byComponentName(component.getName()).ifPresent(key -> byKey.put(key, component));
        }
        return byKey;
    }

    private static ConfigKey keyOf(RecordComponent component) {
        return ConfigKey.byComponentName(component.getName()).orElseThrow(() ->
                new IllegalStateException("KitConfig component " + component.getName() + " has no ConfigKey"));
    }

    private static void requirePresent(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required but not provided.");
        }
    }
}

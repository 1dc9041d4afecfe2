package io.canarykit.operators.gate;

import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One changed value per limit variable, and the record components it must change, for the mapping tests. */
final class ConfigRows {

    /**
     * A variable set to {@code text} over {@link #BASE}, and what it changes in each record.
     *
     * @param gate the GateLimits components it changes, with their new values
     * @param risk the RiskLimits components it changes, with their new values
     */
    record Row(String variable, String text, Map<String, Object> gate, Map<String, Object> risk) {
        @Override
        public String toString() {
            return variable + "=" + text;
        }
    }

    /** Live, so that ENABLE_LIVE_TRADING can change alone; every other limit at its default. */
    static final Map<String, String> BASE = Map.of("PROFILE", "live", "KIT_ADMIN_TOKEN", "s3cret");

    static final List<Row> ROWS = List.of(
            new Row("PSI_HALT", "0.5", Map.of("psiHalt", 0.5), Map.of()),
            new Row("PSI_WARN", "0.25", Map.of("psiWarn", 0.25), Map.of()),
            new Row("FEATURES_MISSING_MAX", "0.05", Map.of("featuresMissingMax", 0.05), Map.of()),
            new Row("STALE_MAX_SECONDS", "2.5", Map.of("staleSecondsMax", 2.5), Map.of()),
            new Row("DISLOCATION_MAX_BPS", "7", Map.of("dislocationBpsMax", 7.0), Map.of()),
            new Row("SLO_ERROR_RATE_MAX", "0.02", Map.of("errorRateMax", 0.02), Map.of()),
            new Row("SLO_P95_PLACE_MS_MAX", "250", Map.of("p95PlaceMsMax", 250.0), Map.of()),
            new Row("SLO_MIN_SAMPLES", "30", Map.of("sloMinSamples", 30L), Map.of()),
            new Row("SLIPPAGE_SLO_BPS", "6", Map.of("slippageSloBps", 6.0), Map.of()),
            new Row("SLIPPAGE_SLO_BPS_BTC_USD", "9", Map.of("slippageSloBpsBySymbol", Map.of("BTC_USD", 9.0)),
                    Map.of()),
            new Row("MAX_OPEN_POSITIONS", "3", Map.of("maxOpenPositions", 3), Map.of()),
            new Row("MAX_DAILY_DRAWDOWN_PCT", "0.02", Map.of("maxDailyDrawdownPct", 0.02),
                    Map.of("maxDailyDrawdownPct", 0.02)),
            new Row("CANARY_NOTIONAL_CAP", "0.1", Map.of("canaryNotionalCap", 0.1), Map.of("canaryNotionalCap", 0.1)),
            new Row("DECISION_HEARTBEAT_MS", "4000", Map.of("heartbeatMs", 4_000L), Map.of()),
            new Row("DECISION_TTL_MS", "20000", Map.of("decisionTtlMs", 20_000L), Map.of()),
            new Row("KPI_INTERVAL_MS", "2500", Map.of("kpiIntervalMs", 2_500L), Map.of()),
            new Row("ENABLE_LIVE_TRADING", "true", Map.of("liveTrading", true), Map.of()),
            // Read where it is used, from the settings the limits carry: no field of either record.
            new Row("MAX_ORDER_NOTIONAL", "40000", Map.of(), Map.of()),
            new Row("MAX_ORDER_NOTIONAL_BTC_USD", "10000", Map.of(), Map.of()),
            new Row("ACCOUNT_EQUITY", "250000", Map.of(), Map.of("accountEquity", 250_000.0)),
            new Row("MAX_TRADES_PER_DAY", "5", Map.of(), Map.of("maxTradesPerDay", 5)));

    private ConfigRows() {}

    static KitConfig base() {
        return ConfigLoader.load(Map.of(), List.of(), BASE);
    }

    static KitConfig with(Row row) {
        Map<String, String> flags = new HashMap<>(BASE);
        flags.put(row.variable(), row.text());
        return ConfigLoader.load(Map.of(), List.of(), flags);
    }

    /**
     * The limit components whose values differ between {@code before} and {@code after}, with the new
     * values; the settings the limits were read from ({@code config}) are not a limit.
     */
    static Map<String, Object> changed(Record before, Record after) {
        Map<String, Object> changed = new TreeMap<>();
        for (RecordComponent component : limitComponents(before.getClass())) {
            Object was = value(component, before);
            Object now = value(component, after);
            if (!was.equals(now)) {
                changed.put(component.getName(), now);
            }
        }
        return changed;
    }

    static List<String> componentNames(Class<? extends Record> type) {
        return limitComponents(type).stream().map(RecordComponent::getName).toList();
    }

    private static List<RecordComponent> limitComponents(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).filter(c -> !c.getName().equals("config")).toList();
    }

    private static Object value(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.canarykit.operators.gate;

import io.canarykit.config.ConfigKey;
import io.canarykit.operators.risk.RiskLimits;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Applies an operator's {@code set_limits} command, whose args name config variables (e.g.
 * {@code {"MAX_TRADES_PER_DAY": "5"}}), to the gate and risk limits: every change or none.
 *
 * <p>A value must read as the variable's type and lie in the range that {@link ConfigKey} declares
 * for it, and the rules across variables hold as at load time. Unknown variables, and variables
 * that only take effect at start, are refused. {@code ENABLE_LIVE_TRADING} is one of those: real
 * money is switched on in the configuration, beside {@code PROFILE=live}, never by a command.
 */
public final class SetLimits {

    /** The variables set_limits may change; SLIPPAGE_SLO_BPS_PER_SYMBOL stands for each SLIPPAGE_SLO_BPS_<SYMBOL>. */
    public static final Set<ConfigKey> SETTABLE = Collections.unmodifiableSet(EnumSet.of(
            ConfigKey.PSI_HALT,
            ConfigKey.PSI_WARN,
            ConfigKey.FEATURES_MISSING_MAX,
            ConfigKey.STALE_MAX_SECONDS,
            ConfigKey.DISLOCATION_MAX_BPS,
            ConfigKey.SLO_ERROR_RATE_MAX,
            ConfigKey.SLO_P95_PLACE_MS_MAX,
            ConfigKey.SLO_MIN_SAMPLES,
            ConfigKey.SLIPPAGE_SLO_BPS,
            ConfigKey.SLIPPAGE_SLO_BPS_PER_SYMBOL,
            ConfigKey.MAX_OPEN_POSITIONS,
            ConfigKey.MAX_DAILY_DRAWDOWN_PCT,
            ConfigKey.CANARY_NOTIONAL_CAP,
            ConfigKey.DECISION_HEARTBEAT_MS,
            ConfigKey.DECISION_TTL_MS,
            ConfigKey.KPI_INTERVAL_MS,
            ConfigKey.ACCOUNT_EQUITY,
            ConfigKey.MAX_TRADES_PER_DAY));

    // The value syntax of the config: digits only for integers; plain decimals, no NaN, hex or suffix.
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private SetLimits() {}

    /** The limits after {@code command}, or the unchanged limits and every reason it was refused. */
    public static Applied apply(ControlCommand command, GateLimits gate, RiskLimits risk) {
        if (command == null || command.type() != ControlType.SET_LIMITS) {
            throw new IllegalArgumentException("command must be a set_limits command, got " + command);
        }
        if (gate == null || risk == null) {
            throw new IllegalArgumentException("gate and risk limits are required but not provided");
        }
        if (command.args().isEmpty()) {
            return refused(gate, risk,
                    List.of("set_limits needs at least one variable, e.g. {\"MAX_TRADES_PER_DAY\": \"5\"}"));
        }
        Draft draft = new Draft(gate, risk);
        List<String> problems = new ArrayList<>();
        // Sorted, so the same command is always refused with the same message.
        new TreeMap<>(command.args()).forEach((variable, text) -> set(draft, variable, text, problems));
        if (problems.isEmpty()) {
            checkTogether(draft, problems);
        }
        if (!problems.isEmpty()) {
            return refused(gate, risk, problems);
        }
        try {
            return new Applied(draft.gate(), draft.risk(), List.of());
        } catch (IllegalArgumentException unexpected) {
            // The config's ranges sit inside the records' own, so this only guards against a drift between them.
            return refused(gate, risk, List.of(unexpected.getMessage()));
        }
    }

    private static void set(Draft draft, String variable, String text, List<String> problems) {
        Optional<ConfigKey> found = ConfigKey.byVariable(variable);
        if (found.isEmpty()) {
            problems.add(variable + " is not a Canary Kit setting" + caseHint(variable));
            return;
        }
        ConfigKey key = found.get();
        if (!SETTABLE.contains(key)) {
            problems.add(variable + " cannot be changed by set_limits, only in the configuration at start");
            return;
        }
        String symbol = null;
        if (key.isPerSymbol()) {
            symbol = variable.substring(ConfigKey.PER_SYMBOL_PREFIX.length());
            if (!isVariableSymbol(symbol)) {
                problems.add(variable + " needs a symbol of upper-case letters, digits and _ after "
                        + ConfigKey.PER_SYMBOL_PREFIX);
                return;
            }
        }
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            problems.add(variable + " is empty (allowed: " + key.allowed() + ")");
            return;
        }
        Number number = parse(key, value);
        if (number == null) {
            problems.add(variable + "=" + value + " is not " + key.type().kind() + " (allowed: " + key.allowed() + ")");
            return;
        }
        if (!key.range().orElseThrow().contains(number.doubleValue())) {
            problems.add(variable + "=" + value + " is out of range (allowed: " + key.allowed() + ")");
            return;
        }
        draft.set(key, symbol, number);
    }

    /** The number {@code text} holds in the syntax of {@code key}'s type, or null. */
    private static Number parse(ConfigKey key, String text) {
        try {
            return switch (key.type()) {
                case INT -> INTEGER.matcher(text).matches() ? Integer.valueOf(text) : null;
                case LONG -> INTEGER.matcher(text).matches() ? Long.valueOf(text) : null;
                case DOUBLE, DOUBLE_PER_SYMBOL -> DECIMAL.matcher(text).matches() ? Double.valueOf(text) : null;
                default -> throw new IllegalStateException(key + " is settable but not a number");
            };
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    private static void checkTogether(Draft d, List<String> problems) {
        if (d.psiWarn > d.psiHalt) {
            problems.add(ConfigKey.PSI_WARN + "=" + plain(d.psiWarn) + " must not exceed "
                    + ConfigKey.PSI_HALT + "=" + plain(d.psiHalt));
        }
        if (d.heartbeatMs >= d.decisionTtlMs) {
            problems.add(ConfigKey.DECISION_HEARTBEAT_MS + "=" + d.heartbeatMs + " must be below "
                    + ConfigKey.DECISION_TTL_MS + "=" + d.decisionTtlMs + ", or decisions expire between heartbeats");
        }
    }

    // What the config accepts after SLIPPAGE_SLO_BPS_: upper-case letters, digits and _, not starting with _.
    private static boolean isVariableSymbol(String symbol) {
        return !symbol.isEmpty() && symbol.charAt(0) != '_' && symbol.equals(GateLimits.symbolKey(symbol));
    }

    private static String caseHint(String variable) {
        String upper = variable.toUpperCase(Locale.ROOT);
        return !upper.equals(variable) && ConfigKey.byVariable(upper).isPresent()
                ? " (variables are upper-case: " + upper + ")" : "";
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static Applied refused(GateLimits gate, RiskLimits risk, List<String> problems) {
        return new Applied(gate, risk, problems);
    }

    /**
     * The limits after a set_limits command, and why it was refused.
     *
     * @param gate the new gate limits; the old ones when refused
     * @param risk the new risk limits; the old ones when refused
     * @param problems every reason for the refusal, each naming its variable; empty when accepted
     */
    public record Applied(GateLimits gate, RiskLimits risk, List<String> problems) {

        public Applied {
            problems = List.copyOf(problems);
        }

        /** Whether the command was accepted. */
        public boolean accepted() {
            return problems.isEmpty();
        }

        /** The problems on one line, or null when the command was accepted. */
        public String refusal() {
            return accepted() ? null : "set_limits refused: " + String.join("; ", problems);
        }
    }

    /** The values of both records while a command is applied, one field per component. */
    private static final class Draft {
        double psiHalt;
        double psiWarn;
        double featuresMissingMax;
        double staleSecondsMax;
        double dislocationBpsMax;
        double errorRateMax;
        double p95PlaceMsMax;
        long sloMinSamples;
        double slippageSloBps;
        final Map<String, Double> slippageSloBpsBySymbol;
        int maxOpenPositions;
        // Both records hold these two; a command sets them in both, and leaves each as it was otherwise.
        double gateMaxDailyDrawdownPct;
        double gateCanaryNotionalCap;
        double riskMaxDailyDrawdownPct;
        double riskCanaryNotionalCap;
        long heartbeatMs;
        long decisionTtlMs;
        long kpiIntervalMs;
        final boolean liveTrading;
        double accountEquity;
        int maxTradesPerDay;

        Draft(GateLimits g, RiskLimits r) {
            psiHalt = g.psiHalt();
            psiWarn = g.psiWarn();
            featuresMissingMax = g.featuresMissingMax();
            staleSecondsMax = g.staleSecondsMax();
            dislocationBpsMax = g.dislocationBpsMax();
            errorRateMax = g.errorRateMax();
            p95PlaceMsMax = g.p95PlaceMsMax();
            sloMinSamples = g.sloMinSamples();
            slippageSloBps = g.slippageSloBps();
            slippageSloBpsBySymbol = new HashMap<>(g.slippageSloBpsBySymbol());
            maxOpenPositions = g.maxOpenPositions();
            gateMaxDailyDrawdownPct = g.maxDailyDrawdownPct();
            gateCanaryNotionalCap = g.canaryNotionalCap();
            riskMaxDailyDrawdownPct = r.maxDailyDrawdownPct();
            riskCanaryNotionalCap = r.canaryNotionalCap();
            heartbeatMs = g.heartbeatMs();
            decisionTtlMs = g.decisionTtlMs();
            kpiIntervalMs = g.kpiIntervalMs();
            liveTrading = g.liveTrading();
            accountEquity = r.accountEquity();
            maxTradesPerDay = r.maxTradesPerDay();
        }

        void set(ConfigKey key, String symbol, Number v) {
            switch (key) {
                case PSI_HALT -> psiHalt = v.doubleValue();
                case PSI_WARN -> psiWarn = v.doubleValue();
                case FEATURES_MISSING_MAX -> featuresMissingMax = v.doubleValue();
                case STALE_MAX_SECONDS -> staleSecondsMax = v.doubleValue();
                case DISLOCATION_MAX_BPS -> dislocationBpsMax = v.doubleValue();
                case SLO_ERROR_RATE_MAX -> errorRateMax = v.doubleValue();
                case SLO_P95_PLACE_MS_MAX -> p95PlaceMsMax = v.doubleValue();
                case SLO_MIN_SAMPLES -> sloMinSamples = v.longValue();
                case SLIPPAGE_SLO_BPS -> slippageSloBps = v.doubleValue();
                case SLIPPAGE_SLO_BPS_PER_SYMBOL -> slippageSloBpsBySymbol.put(symbol, v.doubleValue());
                case MAX_OPEN_POSITIONS -> maxOpenPositions = v.intValue();
                case MAX_DAILY_DRAWDOWN_PCT -> {
                    gateMaxDailyDrawdownPct = v.doubleValue();
                    riskMaxDailyDrawdownPct = v.doubleValue();
                }
                case CANARY_NOTIONAL_CAP -> {
                    gateCanaryNotionalCap = v.doubleValue();
                    riskCanaryNotionalCap = v.doubleValue();
                }
                case DECISION_HEARTBEAT_MS -> heartbeatMs = v.longValue();
                case DECISION_TTL_MS -> decisionTtlMs = v.longValue();
                case KPI_INTERVAL_MS -> kpiIntervalMs = v.longValue();
                case ACCOUNT_EQUITY -> accountEquity = v.doubleValue();
                case MAX_TRADES_PER_DAY -> maxTradesPerDay = v.intValue();
                default -> throw new IllegalStateException(key + " has no limit to set");
            }
        }

        GateLimits gate() {
            return new GateLimits(psiHalt, psiWarn, featuresMissingMax, staleSecondsMax, dislocationBpsMax,
                    errorRateMax, p95PlaceMsMax, sloMinSamples, slippageSloBps, slippageSloBpsBySymbol,
                    maxOpenPositions, gateMaxDailyDrawdownPct, gateCanaryNotionalCap, heartbeatMs, decisionTtlMs,
                    kpiIntervalMs, liveTrading);
        }

        RiskLimits risk() {
            return new RiskLimits(accountEquity, riskMaxDailyDrawdownPct, maxTradesPerDay, riskCanaryNotionalCap);
        }
    }
}

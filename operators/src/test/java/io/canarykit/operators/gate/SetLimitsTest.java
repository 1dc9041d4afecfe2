package io.canarykit.operators.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.config.ConfigKey;
import io.canarykit.config.KitConfig;
import io.canarykit.config.ValueRange;
import io.canarykit.operators.risk.RiskLimits;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SetLimitsTest {

    private static final KitConfig CONFIG = KitConfig.defaults();
    private static final GateLimits GATE = GateLimits.defaults();

    @Test
    void setsTheDailyTradeLimit() {
        SetLimits.Applied a = apply(Map.of("MAX_TRADES_PER_DAY", "5"));

        assertThat(a.accepted()).isTrue();
        assertThat(a.refusal()).isNull();
        assertThat(a.risk()).isEqualTo(new RiskLimits(100_000, 0.01, 5, 0.25));
        assertThat(a.gate()).isEqualTo(GATE);
    }

    static Stream<ConfigRows.Row> settableRows() {
        return ConfigRows.ROWS.stream().filter(row -> !row.variable().equals("ENABLE_LIVE_TRADING"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settableRows")
    void setsEachVariableAsTheConfigWouldLoadIt(ConfigRows.Row row) {
        KitConfig base = ConfigRows.base();
        KitConfig loaded = ConfigRows.with(row);

        SetLimits.Applied a = SetLimits.apply(command(Map.of(row.variable(), row.text())), base);

        assertThat(a.problems()).isEmpty();
        assertThat(a.config()).isEqualTo(loaded);
        assertThat(a.gate()).isEqualTo(GateLimits.from(loaded));
        assertThat(a.risk()).isEqualTo(RiskLimits.from(loaded));
    }

    @Test
    void settableVariablesAreTheLimitsButTheLiveSwitch() {
        Set<ConfigKey> limitKeys = EnumSet.noneOf(ConfigKey.class);
        ConfigRows.ROWS.forEach(row -> limitKeys.add(ConfigKey.byVariable(row.variable()).orElseThrow()));
        limitKeys.remove(ConfigKey.ENABLE_LIVE_TRADING);

        assertThat(SetLimits.SETTABLE).isEqualTo(limitKeys);
    }

    static Stream<ConfigKey> settableKeys() {
        return SetLimits.SETTABLE.stream();
    }

    @ParameterizedTest
    @MethodSource("settableKeys")
    void refusesAValueJustOutsideTheConfigsRange(ConfigKey key) {
        ValueRange range = key.range().orElseThrow();
        String variable = key.isPerSymbol() ? key.symbolPrefix() + "BTC_USD" : key.name();
        // Above the top for every key; below the bottom too, or the bottom itself when it is open.
        String above = text(key, range.upper() + 1);
        String below = text(key, range.lowerClosed() ? range.lower() - 1 : range.lower());
        String top = text(key, range.upper());

        for (String value : new String[] {above, below}) {
            SetLimits.Applied a = apply(Map.of(variable, value));
            assertThat(a.accepted()).as(variable + "=" + value).isFalse();
            assertThat(a.refusal()).isEqualTo("set_limits refused: " + variable + "=" + value
                    + " is out of range (allowed: " + key.allowed() + ")");
            assertThat(a.config()).isSameAs(CONFIG);
        }
        // The top itself is allowed, with the cross-key rules kept: PSI_HALT stays at or above PSI_WARN, and
        // DECISION_HEARTBEAT_MS below DECISION_TTL_MS.
        Map<String, String> atTop = switch (key) {
            case PSI_WARN -> Map.of(variable, top, "PSI_HALT", top);
            case DECISION_HEARTBEAT_MS -> Map.of(variable, text(key, range.upper() - 1), "DECISION_TTL_MS", top);
            default -> Map.of(variable, top);
        };
        assertThat(apply(atTop).problems()).as(atTop.toString()).isEmpty();
    }

    @Test
    void honoursOpenAndClosedBounds() {
        // MAX_DAILY_DRAWDOWN_PCT is (0, 0.5]; CANARY_NOTIONAL_CAP is [0, 0.25]; MAX_TRADES_PER_DAY is [1, 100000].
        assertThat(apply(Map.of("MAX_DAILY_DRAWDOWN_PCT", "0")).accepted()).isFalse();
        assertThat(apply(Map.of("MAX_DAILY_DRAWDOWN_PCT", "0.5")).risk().maxDailyDrawdownPct()).isEqualTo(0.5);
        assertThat(apply(Map.of("CANARY_NOTIONAL_CAP", "0")).gate().canaryNotionalCap()).isZero();
        assertThat(apply(Map.of("MAX_TRADES_PER_DAY", "100000")).risk().maxTradesPerDay()).isEqualTo(100_000);
        assertThat(apply(Map.of("MAX_TRADES_PER_DAY", "100001")).refusal())
                .contains("MAX_TRADES_PER_DAY=100001 is out of range (allowed: an integer in [1, 100000])");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "NaN", "Infinity", "0x10", "5d", "1,5", "--1"})
    void refusesANumberTheConfigWouldNotRead(String text) {
        SetLimits.Applied a = apply(Map.of("SLIPPAGE_SLO_BPS", text));

        assertThat(a.refusal()).isEqualTo("set_limits refused: SLIPPAGE_SLO_BPS=" + text
                + " is not a number (allowed: a number in [0, 1000])");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void refusesAnEmptyValue(String text) {
        assertThat(apply(Map.of("SLIPPAGE_SLO_BPS", text)).refusal())
                .isEqualTo("set_limits refused: SLIPPAGE_SLO_BPS is empty (allowed: a number in [0, 1000])");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5.0", "5e0", "five", "99999999999"})
    void refusesAnIntegerVariableThatIsNotAnInteger(String text) {
        assertThat(apply(Map.of("MAX_TRADES_PER_DAY", text)).refusal())
                .isEqualTo("set_limits refused: MAX_TRADES_PER_DAY=" + text
                        + " is not an integer (allowed: an integer in [1, 100000])");
    }

    @Test
    void readsValuesAsTheConfigDoes() {
        // Trimmed, with a sign or an exponent.
        SetLimits.Applied a = apply(Map.of("MAX_TRADES_PER_DAY", " +12 ", "SLIPPAGE_SLO_BPS", "7.5e-1"));

        assertThat(a.risk().maxTradesPerDay()).isEqualTo(12);
        assertThat(a.gate().slippageSloBps()).isEqualTo(0.75);
    }

    @Test
    void refusesAnUnknownVariableByName() {
        assertThat(apply(Map.of("MAX_TRADES", "5")).refusal())
                .isEqualTo("set_limits refused: MAX_TRADES is not a Canary Kit setting");
        assertThat(apply(Map.of("max_trades_per_day", "5")).refusal()).isEqualTo(
                "set_limits refused: max_trades_per_day is not a Canary Kit setting"
                        + " (variables are upper-case: MAX_TRADES_PER_DAY)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ENABLE_LIVE_TRADING", "PROFILE", "PSI_WINDOW_MS", "KAFKA_BOOTSTRAP", "CHALLENGER_SHARE",
            "RISK_PER_TRADE_PCT", "OUT_OF_ORDERNESS_MS"})
    void refusesVariablesThatOnlyTakeEffectAtStart(String variable) {
        assertThat(apply(Map.of(variable, "true")).refusal()).isEqualTo(
                "set_limits refused: " + variable
                        + " cannot be changed by set_limits, only in the configuration at start");
    }

    @Test
    void appliesNothingWhenAnyVariableIsRefusedAndReportsEveryProblem() {
        SetLimits.Applied a = apply(Map.of("MAX_TRADES_PER_DAY", "5", "PSI_HALT", "-1", "FOO", "1"));

        assertThat(a.accepted()).isFalse();
        assertThat(a.config()).isSameAs(CONFIG);
        // In variable order, whatever the order of the args.
        assertThat(a.problems()).containsExactly("FOO is not a Canary Kit setting",
                "PSI_HALT=-1 is out of range (allowed: a number in (0, 10])");
    }

    @Test
    void keepsPsiWarnAtOrBelowPsiHaltCountingTheCurrentValues() {
        // Defaults: PSI_WARN 0.2, PSI_HALT 0.3.
        assertThat(apply(Map.of("PSI_WARN", "0.35")).refusal())
                .isEqualTo("set_limits refused: PSI_WARN=0.35 must not exceed PSI_HALT=0.3");
        assertThat(apply(Map.of("PSI_HALT", "0.15")).refusal())
                .isEqualTo("set_limits refused: PSI_WARN=0.2 must not exceed PSI_HALT=0.15");
        SetLimits.Applied both = apply(Map.of("PSI_WARN", "0.35", "PSI_HALT", "0.5"));
        assertThat(both.gate().psiWarn()).isEqualTo(0.35);
        assertThat(both.gate().psiHalt()).isEqualTo(0.5);
        // Equal means no halve-size band, which the config allows too.
        assertThat(apply(Map.of("PSI_WARN", "0.3")).accepted()).isTrue();
    }

    @Test
    void keepsTheHeartbeatBelowTheDecisionTtl() {
        // Defaults: heartbeat 5000, TTL 15000.
        assertThat(apply(Map.of("DECISION_TTL_MS", "5000")).refusal()).isEqualTo("set_limits refused:"
                + " DECISION_HEARTBEAT_MS=5000 must be below DECISION_TTL_MS=5000,"
                + " or decisions expire between heartbeats");
        assertThat(apply(Map.of("DECISION_HEARTBEAT_MS", "15000")).accepted()).isFalse();
        SetLimits.Applied faster = apply(Map.of("DECISION_HEARTBEAT_MS", "1000", "DECISION_TTL_MS", "3000"));
        assertThat(faster.gate().heartbeatMs()).isEqualTo(1_000);
        assertThat(faster.gate().decisionTtlMs()).isEqualTo(3_000);
    }

    @Test
    void setsOneSymbolsSlippageSlo() {
        SetLimits.Applied a = apply(Map.of("SLIPPAGE_SLO_BPS_BTC_USD", "9"));

        assertThat(a.gate().slippageSloBps("BTC-USD")).isEqualTo(9.0);
        assertThat(a.gate().slippageSloBps("ETHUSDT")).isEqualTo(5.0);
        assertThat(TestLimits.withSymbolSlippageSlo(a.gate(), "BTC-USD", 9.0)).isEqualTo(a.gate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SLIPPAGE_SLO_BPS_", "SLIPPAGE_SLO_BPS_btc", "SLIPPAGE_SLO_BPS_BTC-USD",
            "SLIPPAGE_SLO_BPS__X"})
    void refusesAPerSymbolVariableWithoutAProperSymbol(String variable) {
        assertThat(apply(Map.of(variable, "9")).refusal()).isEqualTo("set_limits refused: " + variable
                + " needs a symbol of upper-case letters, digits and _ after SLIPPAGE_SLO_BPS_");
    }

    @Test
    void setsTheDrawdownAndCanaryCapInBothRecords() {
        SetLimits.Applied a = apply(Map.of("MAX_DAILY_DRAWDOWN_PCT", "0.02", "CANARY_NOTIONAL_CAP", "0.1"));

        assertThat(a.gate().maxDailyDrawdownPct()).isEqualTo(0.02);
        assertThat(a.risk().maxDailyDrawdownPct()).isEqualTo(0.02);
        assertThat(a.gate().canaryNotionalCap()).isEqualTo(0.1);
        assertThat(a.risk().canaryNotionalCap()).isEqualTo(0.1);
    }

    @Test
    void leavesEveryOtherValueOfEachRecordAsItWas() {
        // Settings away from the defaults, so a value taken from anywhere but the settings in force shows.
        KitConfig config = CONFIG.with(Map.of("MAX_DAILY_DRAWDOWN_PCT", "0.03", "CANARY_NOTIONAL_CAP", "0.2",
                "ACCOUNT_EQUITY", "50000"));

        SetLimits.Applied a = SetLimits.apply(command(Map.of("ACCOUNT_EQUITY", "60000")), config);

        assertThat(a.gate()).isEqualTo(GateLimits.from(config));
        assertThat(a.risk()).isEqualTo(new RiskLimits(60_000, 0.03, 8, 0.2));
    }

    @Test
    void refusesACommandWithoutVariables() {
        assertThat(apply(Map.of()).refusal())
                .isEqualTo("set_limits refused: set_limits needs at least one variable,"
                        + " e.g. {\"MAX_TRADES_PER_DAY\": \"5\"}");
    }

    @Test
    void rejectsOtherCommandsAndMissingLimits() {
        ControlCommand arm = new ControlCommand("c1", 1, "ops", ControlType.ARM, Map.of());
        ControlCommand set = command(Map.of("MAX_TRADES_PER_DAY", "5"));

        assertThatThrownBy(() -> SetLimits.apply(arm, CONFIG)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set_limits");
        assertThatThrownBy(() -> SetLimits.apply(null, CONFIG)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command");
        assertThatThrownBy(() -> SetLimits.apply(set, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config");
    }

    private static SetLimits.Applied apply(Map<String, String> args) {
        return SetLimits.apply(command(args), CONFIG);
    }

    private static ControlCommand command(Map<String, String> args) {
        return new ControlCommand("c-1", 1_000, "ops", ControlType.SET_LIMITS, args);
    }

    /** {@code value} as an operator would write it for {@code key}: a whole number for integer keys. */
    private static String text(ConfigKey key, double value) {
        boolean integer = key.type() == ConfigKey.Type.INT || key.type() == ConfigKey.Type.LONG;
        return integer ? Long.toString((long) value)
                : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}

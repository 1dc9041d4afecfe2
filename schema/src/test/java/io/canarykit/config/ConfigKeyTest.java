package io.canarykit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {

    private static final KitConfig DEFAULTS = KitConfig.defaults();

    @Test
    void everyKeyHoldsAValueOfItsType() {
        for (ConfigKey key : ConfigKey.values()) {
            Object value = DEFAULTS.value(key);
            if (key.type().emptyMeansUnset()) {
                assertThat(value).as("unset by default: %s", key).isNull();
                continue;
            }
            assertThat(value).as("value of %s", key).isNotNull();
            assertThat(boxed(key.type().componentType()).isInstance(value)).as("type of %s", key).isTrue();
        }
    }

    @Test
    void aValueOutsideItsKeysRangeIsRefusedNamingTheVariableAndTheRange() {
        // MAX_DAILY_DRAWDOWN_PCT is in (0, 0.5]: both ends by hand, then just outside each.
        assertThat(ConfigKey.MAX_DAILY_DRAWDOWN_PCT.requireAllowed(0.5)).isEqualTo(0.5);
        assertThat(ConfigKey.MAX_DAILY_DRAWDOWN_PCT.requireAllowed(1e-9)).isEqualTo(1e-9);
        assertThatThrownBy(() -> ConfigKey.MAX_DAILY_DRAWDOWN_PCT.requireAllowed(0.51))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MAX_DAILY_DRAWDOWN_PCT must be " + ConfigKey.MAX_DAILY_DRAWDOWN_PCT.allowed() + ", got 0.51");
        assertThatThrownBy(() -> ConfigKey.MAX_DAILY_DRAWDOWN_PCT.requireAllowed(0))
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> ConfigKey.CANARY_NOTIONAL_CAP.requireAllowed(Double.NaN))
                .hasMessageContaining("CANARY_NOTIONAL_CAP").hasMessageContaining("got NaN");
    }

    @Test
    void everyNamedReaderReadsTheKeyOfItsName() {
        // The named readers are KitConfig's public no-argument methods named after a key in camelCase.
        for (Method reader : KitConfig.class.getDeclaredMethods()) {
            if (reader.getParameterCount() != 0 || !java.lang.reflect.Modifier.isPublic(reader.getModifiers())) {
                continue;
            }
            ConfigKey.byComponentName(reader.getName()).ifPresent(key -> {
                assertThat(reader.getReturnType()).as("type of %s", key).isEqualTo(key.type().componentType());
                assertThat(invoke(reader)).as("%s", key).isEqualTo(DEFAULTS.value(key));
            });
        }
    }

    @Test
    void describeListsTheKeysInTheirOrder() {
        List<String> described = DEFAULTS.describe().lines()
                .map(line -> line.replaceFirst("^# ", "").split("[= ]")[0])
                .toList();
        assertThat(described).containsExactlyElementsOf(Arrays.stream(ConfigKey.values())
                .filter(key -> !key.isPerSymbol())
                .map(ConfigKey::name)
                .toList());
    }

    private static Object invoke(Method reader) {
        try {
            return reader.invoke(DEFAULTS);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Class<?> boxed(Class<?> type) {
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        return type == boolean.class ? Boolean.class : type;
    }

    @Test
    void noVariableOrComponentNameIsDeclaredTwice() {
        Set<String> variables = new HashSet<>();
        Set<String> componentNames = new HashSet<>();
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(variables.add(key.variable())).as("variable %s", key.variable()).isTrue();
            assertThat(componentNames.add(key.componentName())).as("component %s", key.componentName()).isTrue();
        }
    }

    @Test
    void componentNameIsTheKeyInCamelCase() {
        assertThat(ConfigKey.MAX_TRADES_PER_DAY.componentName()).isEqualTo("maxTradesPerDay");
        assertThat(ConfigKey.SLO_P95_PLACE_MS_MAX.componentName()).isEqualTo("sloP95PlaceMsMax");
        assertThat(ConfigKey.PROFILE.componentName()).isEqualTo("profile");
    }

    @Test
    void everyKeyHasADescriptionAndNumericKeysHaveARange() {
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(key.description()).as("description of %s", key).isNotBlank();
            boolean numeric = Set.of(ConfigKey.Type.INT, ConfigKey.Type.LONG, ConfigKey.Type.DOUBLE,
                    ConfigKey.Type.DOUBLE_PER_SYMBOL).contains(key.type());
            assertThat(key.range().isPresent()).as("range of %s", key).isEqualTo(numeric);
        }
    }

    @Test
    void everyDefaultIsInsideItsOwnRange() {
        for (ConfigKey key : ConfigKey.values()) {
            key.defaultValue().ifPresent(text -> {
                Object value = key.type().parse(text).orElseThrow();
                assertThat(key.rejection(value)).as("default of %s", key).isEmpty();
            });
        }
    }

    @Test
    void onlyTheTokenThePrometheusUrlAndThePerSymbolFamiliesHaveNoDefault() {
        Set<ConfigKey> withoutDefault = Arrays.stream(ConfigKey.values())
                .filter(key -> key.defaultValue().isEmpty())
                .collect(Collectors.toSet());
        Set<ConfigKey> expected = Arrays.stream(ConfigKey.values()).filter(ConfigKey::isPerSymbol)
                .collect(Collectors.toSet());
        expected.add(ConfigKey.KIT_ADMIN_TOKEN);
        expected.add(ConfigKey.PROMETHEUS_URL);
        assertThat(expected).contains(ConfigKey.SLIPPAGE_SLO_BPS_PER_SYMBOL);
        assertThat(withoutDefault).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void findsKeysByVariableIncludingPerSymbolOnes() {
        assertThat(ConfigKey.byVariable("SLIPPAGE_SLO_BPS")).contains(ConfigKey.SLIPPAGE_SLO_BPS);
        assertThat(ConfigKey.byVariable("SLIPPAGE_SLO_BPS_BTCUSDT")).contains(ConfigKey.SLIPPAGE_SLO_BPS_PER_SYMBOL);
        assertThat(ConfigKey.byVariable("MAX_TRADES_PER_DAY")).contains(ConfigKey.MAX_TRADES_PER_DAY);
        assertThat(ConfigKey.byVariable("max_trades_per_day")).isEmpty();
        assertThat(ConfigKey.byVariable("PATH")).isEmpty();
        assertThat(ConfigKey.SLIPPAGE_SLO_BPS_PER_SYMBOL.variable()).isEqualTo("SLIPPAGE_SLO_BPS_<SYMBOL>");
    }

    @Test
    void allowedValuesReadAsAnOperatorWritesThem() {
        assertThat(ConfigKey.MAX_TRADES_PER_DAY.allowed()).isEqualTo("an integer in [1, 100000]");
        assertThat(ConfigKey.CHALLENGER_SHARE.allowed()).isEqualTo("a number in [0, 0.25]");
        assertThat(ConfigKey.MAX_DAILY_DRAWDOWN_PCT.allowed()).isEqualTo("a number in (0, 0.5]");
        assertThat(ConfigKey.ENABLE_LIVE_TRADING.allowed()).isEqualTo("true or false");
        assertThat(ConfigKey.PROFILE.allowed()).isEqualTo("paper or live");
        assertThat(ConfigKey.KAFKA_BOOTSTRAP.allowed()).isEqualTo("host:port[,host:port...]");
    }

    @Test
    void parsesOnlyWhatTheTypeAllows() {
        assertThat(ConfigKey.Type.BOOLEAN.parse("TRUE")).contains(true);
        assertThat(ConfigKey.Type.BOOLEAN.parse("yes")).isEmpty();
        assertThat(ConfigKey.Type.BOOLEAN.parse("1")).isEmpty();
        assertThat(ConfigKey.Type.INT.parse("8")).contains(8);
        assertThat(ConfigKey.Type.INT.parse("8.0")).isEmpty();
        assertThat(ConfigKey.Type.INT.parse("99999999999")).isEmpty();
        assertThat(ConfigKey.Type.LONG.parse("1800000")).contains(1_800_000L);
        assertThat(ConfigKey.Type.DOUBLE.parse("1e-3")).contains(0.001);
        assertThat(ConfigKey.Type.DOUBLE.parse(".5")).contains(0.5);
        // Double.parseDouble would accept all of these.
        assertThat(ConfigKey.Type.DOUBLE.parse("NaN")).isEmpty();
        assertThat(ConfigKey.Type.DOUBLE.parse("Infinity")).isEmpty();
        assertThat(ConfigKey.Type.DOUBLE.parse("5d")).isEmpty();
        assertThat(ConfigKey.Type.DOUBLE.parse("0x1p3")).isEmpty();
        assertThat(ConfigKey.Type.PROFILE.parse("Live")).contains(Profile.LIVE);
        assertThat(ConfigKey.Type.PROFILE.parse("prod")).isEmpty();
    }

    @Test
    void checksTextFormats() {
        assertThat(ConfigKey.KAFKA_BOOTSTRAP.rejection("broker-1:9092,broker-2:9093")).isEmpty();
        assertThat(ConfigKey.KAFKA_BOOTSTRAP.rejection("localhost")).isPresent();
        assertThat(ConfigKey.KAFKA_BOOTSTRAP.rejection("a:9092, b:9092")).isPresent();
        assertThat(ConfigKey.KIT_DB_URL.rejection("jdbc:postgresql://db/kit")).isEmpty();
        assertThat(ConfigKey.KIT_DB_URL.rejection("./data/kit.db")).isPresent();
        assertThat(ConfigKey.KIT_ADMIN_TOKEN.rejection("two words")).isPresent();
    }

    @Test
    void perSymbolComponentIsAMapOfDoubles() {
        assertThat(ConfigKey.SLIPPAGE_SLO_BPS_PER_SYMBOL.type().componentType()).isEqualTo(Map.class);
        assertThat(ConfigKey.isSymbolSuffix("BTCUSDT")).isTrue();
        assertThat(ConfigKey.isSymbolSuffix("BTC_USD")).isTrue();
        assertThat(ConfigKey.isSymbolSuffix("btcusdt")).isFalse();
        assertThat(ConfigKey.isSymbolSuffix("")).isFalse();
    }
}

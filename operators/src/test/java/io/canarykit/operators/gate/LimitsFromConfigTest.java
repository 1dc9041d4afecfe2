package io.canarykit.operators.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.config.ConfigKey;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import io.canarykit.operators.risk.RiskLimits;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LimitsFromConfigTest {

    static Stream<ConfigRows.Row> rows() {
        return ConfigRows.ROWS.stream();
    }

    @Test
    void defaultConfigGivesTheContractsDefaults() {
        assertThat(GateLimits.from(KitConfig.defaults())).isEqualTo(GateLimits.defaults());
        assertThat(RiskLimits.from(KitConfig.defaults())).isEqualTo(new RiskLimits(100_000, 0.01, 8, 0.25));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachVariableChangesItsOwnFieldsAndNoOther(ConfigRows.Row row) {
        KitConfig base = ConfigRows.base();
        KitConfig changed = ConfigRows.with(row);

        assertThat(ConfigRows.changed(GateLimits.from(base), GateLimits.from(changed))).isEqualTo(row.gate());
        assertThat(ConfigRows.changed(RiskLimits.from(base), RiskLimits.from(changed))).isEqualTo(row.risk());
    }

    @Test
    void everyFieldOfBothRecordsComesFromSomeVariable() {
        Set<String> gateFields = new HashSet<>();
        Set<String> riskFields = new HashSet<>();
        ConfigRows.ROWS.forEach(row -> {
            gateFields.addAll(row.gate().keySet());
            riskFields.addAll(row.risk().keySet());
        });

        assertThat(gateFields).containsExactlyInAnyOrderElementsOf(ConfigRows.componentNames(GateLimits.class));
        assertThat(riskFields).containsExactlyInAnyOrderElementsOf(ConfigRows.componentNames(RiskLimits.class));
    }

    @Test
    void theRowsCoverEverySettableLimit() {
        Set<ConfigKey> covered = EnumSet.noneOf(ConfigKey.class);
        ConfigRows.ROWS.forEach(row -> covered.add(ConfigKey.byVariable(row.variable()).orElseThrow()));
        Set<ConfigKey> settable = EnumSet.noneOf(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            if (key.settable()) {
                settable.add(key);
            }
        }

        assertThat(covered).containsAll(settable);
        // Beyond them only the live switch, which the limits copy but set_limits may not change.
        covered.removeAll(settable);
        assertThat(covered).containsExactly(ConfigKey.ENABLE_LIVE_TRADING);
    }

    @Test
    void perSymbolSloIsFoundUnderTheSymbolAsTheConfigReadsIt() {
        KitConfig config = ConfigLoader.load(Map.of(), List.of(),
                Map.of("SLIPPAGE_SLO_BPS_BTC_USD", "9", "SLIPPAGE_SLO_BPS_ETHUSDT", "3"));
        GateLimits limits = GateLimits.from(config);

        // BTC-USD and btc_usd are written SLIPPAGE_SLO_BPS_BTC_USD; SOLUSDT has none and takes the global 5.
        for (String symbol : List.of("BTC-USD", "btc_usd", "BTC/USD", "ETHUSDT", "ethusdt", "SOLUSDT")) {
            assertThat(limits.slippageSloBps(symbol)).as(symbol).isEqualTo(config.slippageSloBps(symbol));
        }
        assertThat(limits.slippageSloBps("BTC-USD")).isEqualTo(9.0);
        assertThat(limits.slippageSloBps("SOLUSDT")).isEqualTo(5.0);
    }

    @Test
    void liveTradingNeedsTheLiveProfileToo() {
        // The loader refuses ENABLE_LIVE_TRADING=true under paper (KitConfigTest checks a config built by
        // hand with it reads as not live); the limits copy the config's own answer.
        KitConfig paper = KitConfig.defaults();
        KitConfig liveOff = paper.with(Map.of("PROFILE", "live", "KIT_ADMIN_TOKEN", "s3cret"));

        assertThat(GateLimits.from(paper).liveTrading()).isFalse();
        assertThat(GateLimits.from(liveOff).liveTrading()).isFalse();
    }

    @Test
    void aZeroCanaryCapFromTheConfigIsAccepted() {
        KitConfig config = ConfigLoader.load(Map.of(), List.of(), Map.of("CANARY_NOTIONAL_CAP", "0"));

        assertThat(GateLimits.from(config).canaryNotionalCap()).isZero();
        assertThat(RiskLimits.from(config).canaryNotionalCap()).isZero();
    }

    @Test
    void twoSpellingsOfOneSymbolMustAgree() {
        GateLimits d = GateLimits.defaults();
        Map<String, Double> clash = Map.of("btc-usd", 8.0, "BTC_USD", 9.0);

        assertThatThrownBy(() -> new GateLimits(d.psiHalt(), d.psiWarn(), d.featuresMissingMax(), d.staleSecondsMax(),
                d.dislocationBpsMax(), d.errorRateMax(), d.p95PlaceMsMax(), d.sloMinSamples(), d.slippageSloBps(),
                clash, d.maxOpenPositions(), d.maxDailyDrawdownPct(), d.canaryNotionalCap(), d.heartbeatMs(),
                d.decisionTtlMs(), d.kpiIntervalMs(), false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BTC_USD");
        assertThat(TestLimits.withSymbolSlippageSlo(d, "btc-usd", 8.0).slippageSloBpsBySymbol()).isEqualTo(Map.of("BTC_USD", 8.0));
    }

    @Test
    void rejectsAMissingConfig() {
        assertThatThrownBy(() -> GateLimits.from(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config");
        assertThatThrownBy(() -> RiskLimits.from(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config");
    }
}

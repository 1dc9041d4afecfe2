package io.canarykit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KitConfigTest {

    @Test
    void theSameOverridesReadAgainGiveTheSameSettingsWithoutAParse() {
        KitConfig base = KitConfig.defaults();
        KitConfig once = base.with(Map.of("MAX_TRADES_PER_DAY", "5"));

        assertThat(base.with(new HashMap<>(Map.of("MAX_TRADES_PER_DAY", "5")))).isSameAs(once);
        KitConfig other = base.with(Map.of("MAX_TRADES_PER_DAY", "6"));
        assertThat(other.maxTradesPerDay()).isEqualTo(6);
        assertThat(base.with(Map.of("MAX_TRADES_PER_DAY", "5"))).isEqualTo(once).isNotSameAs(once);
        // A refused override is never remembered as an answer.
        assertThatThrownBy(() -> base.with(Map.of("MAX_TRADES_PER_DAY", "-1"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> base.with(Map.of("MAX_TRADES_PER_DAY", "-1"))).isInstanceOf(ConfigException.class);
    }

    private static final String TOKEN = "s3cr3t-token-value";

    private static KitConfig withFlags(Map<String, String> flags) {
        return ConfigLoader.load(Map.of(), List.of(), flags);
    }

    @Test
    void defaultsAreTheContractAndRunbookValues() {
        KitConfig config = KitConfig.defaults();

        assertThat(config.profile()).isEqualTo(Profile.PAPER);
        assertThat(config.enableLiveTrading()).isFalse();
        assertThat(config.enableOnlineLearning()).isFalse();
        assertThat(config.riskPerTradePct()).isEqualTo(0.0015);
        assertThat(config.maxOpenPositions()).isEqualTo(2);
        assertThat(config.maxTradesPerDay()).isEqualTo(8);
        assertThat(config.maxDailyDrawdownPct()).isEqualTo(0.01);
        assertThat(config.canaryNotionalCap()).isEqualTo(0.25);
        assertThat(config.challengerShare()).isEqualTo(0.0);
        assertThat(config.slippageSloBps()).isEqualTo(5.0);
        assertThat(config.slippageSloBpsPerSymbol()).isEmpty();
        assertThat(config.accountEquity()).isEqualTo(100_000.0);
        assertThat(config.kafkaBootstrap()).isEqualTo("localhost:9092");
        assertThat(config.kitDbUrl()).isEqualTo("jdbc:sqlite:./data/kit.db");
        assertThat(config.kitAdminToken()).isNull();
        assertThat(config.psiWindowMs()).isEqualTo(1_800_000L);
        assertThat(config.psiMinSamples()).isEqualTo(100);
        assertThat(config.psiWarn()).isEqualTo(0.2);
        assertThat(config.psiHalt()).isEqualTo(0.3);
        assertThat(config.missingWindowMs()).isEqualTo(300_000L);
        assertThat(config.featuresMissingMax()).isEqualTo(0.01);
        assertThat(config.sloWindowMs()).isEqualTo(900_000L);
        assertThat(config.sloMinSamples()).isEqualTo(20);
        assertThat(config.sloErrorRateMax()).isEqualTo(0.01);
        assertThat(config.sloP95PlaceMsMax()).isEqualTo(300.0);
        assertThat(config.staleMaxSeconds()).isEqualTo(1.0);
        assertThat(config.dislocationMaxBps()).isEqualTo(5.0);
        assertThat(config.feedFreshnessMs()).isEqualTo(1_000L);
        assertThat(config.orphanTimeoutMs()).isEqualTo(5_000L);
        assertThat(config.decisionHeartbeatMs()).isEqualTo(5_000L);
        assertThat(config.decisionTtlMs()).isEqualTo(15_000L);
        assertThat(config.outOfOrdernessMs()).isEqualTo(500L);
    }

    @Test
    void defaultsAreInsideTheInitialLiveLimitsAndPaper() {
        KitConfig config = KitConfig.defaults();

        assertThat(config.initialLiveLimitBreaches()).isEmpty();
        assertThat(config.isLive()).isFalse();
        assertThat(config.hasAdminToken()).isFalse();
        assertThat(config.liveProfileProblems()).isEmpty();
    }

    @Test
    void perSymbolSloWinsOverTheGlobalOne() {
        KitConfig config = withFlags(Map.of("SLIPPAGE_SLO_BPS", "5", "SLIPPAGE_SLO_BPS_BTCUSDT", "3",
                "SLIPPAGE_SLO_BPS_BTC_USD", "2.5"));

        assertThat(config.slippageSloBps("BTCUSDT")).isEqualTo(3.0);
        assertThat(config.slippageSloBps("ETHUSDT")).isEqualTo(5.0);
        assertThat(config.slippageSloBpsPerSymbol()).containsExactlyInAnyOrderEntriesOf(
                Map.of("BTCUSDT", 3.0, "BTC_USD", 2.5));
    }

    @Test
    void perSymbolLookupReadsSymbolsAsVariableNamesWriteThem() {
        KitConfig config = withFlags(Map.of("SLIPPAGE_SLO_BPS_BTC_USD", "2.5", "SLIPPAGE_SLO_BPS_ETHUSDT", "4"));

        assertThat(config.slippageSloBps("BTC-USD")).isEqualTo(2.5);
        assertThat(config.slippageSloBps("btc/usd")).isEqualTo(2.5);
        assertThat(config.slippageSloBps("ethusdt")).isEqualTo(4.0);
    }

    @Test
    void perSymbolLookupRejectsABlankSymbol() {
        KitConfig config = KitConfig.defaults();

        assertThatThrownBy(() -> config.slippageSloBps(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("symbol");
        assertThatThrownBy(() -> config.slippageSloBps(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("symbol");
    }

    @Test
    void toStringAndDescribeNeverShowTheToken() {
        KitConfig config = withFlags(Map.of("KIT_ADMIN_TOKEN", TOKEN));

        assertThat(config.hasAdminToken()).isTrue();
        assertThat(config.kitAdminToken()).isEqualTo(TOKEN);
        assertThat(config.toString()).doesNotContain(TOKEN).contains("KIT_ADMIN_TOKEN=<redacted>");
        assertThat(config.describe()).doesNotContain(TOKEN).contains("# KIT_ADMIN_TOKEN=<redacted>");
        assertThat(KitConfig.defaults().describe()).contains("# KIT_ADMIN_TOKEN is unset");
    }

    @Test
    void toStringNamesEverySetting() {
        String text = withFlags(Map.of("SLIPPAGE_SLO_BPS_BTCUSDT", "3")).toString();

        assertThat(text).startsWith("KitConfig[PROFILE=paper, ").contains("MAX_TRADES_PER_DAY=8")
                .contains("RISK_PER_TRADE_PCT=0.0015").contains("SLIPPAGE_SLO_BPS_BTCUSDT=3")
                .contains("PSI_WINDOW_MS=1800000").contains("ACCOUNT_EQUITY=100000");
    }

    @Test
    void describeIsAnEnvFileThatLoadsBackToTheSameSettings() {
        KitConfig config = withFlags(Map.of("MAX_TRADES_PER_DAY", "6", "PSI_WARN", "0.15",
                "SLIPPAGE_SLO_BPS_BTCUSDT", "3.5", "KAFKA_BOOTSTRAP", "a:1,b:2"));

        EnvFile file = EnvFile.parse("described", config.describe());
        Map<String, String> flags = new HashMap<>();
        file.entries().forEach(entry -> flags.put(entry.name(), entry.value()));

        assertThat(withFlags(flags)).isEqualTo(config);
    }

    @Test
    void describeRoundTripsAThousandRandomConfigs() {
        Random random = new Random(20240611L);
        for (int run = 0; run < 1_000; run++) {
            Map<String, String> flags = randomSettings(random);
            KitConfig config = withFlags(flags);

            Map<String, String> described = new HashMap<>();
            EnvFile.parse("described", config.describe()).entries()
                    .forEach(entry -> described.put(entry.name(), entry.value()));
            described.put("KIT_ADMIN_TOKEN", TOKEN); // describe() hides it, by design

            assertThat(withFlags(described)).as("run %d with %s", run, flags).isEqualTo(config);
        }
    }

    /** A valid random setting for every key, with the cross-key rules respected. */
    private static Map<String, String> randomSettings(Random random) {
        Map<String, String> flags = new HashMap<>();
        for (ConfigKey key : ConfigKey.values()) {
            key.range().ifPresent(range -> flags.put(key.isPerSymbol() ? key.symbolPrefix() + "SYM" + random.nextInt(5) : key.name(),
                    randomIn(random, key.type(), range)));
        }
        boolean live = random.nextBoolean();
        flags.put("PROFILE", live ? "live" : "paper");
        flags.put("ENABLE_LIVE_TRADING", String.valueOf(live && random.nextBoolean()));
        flags.put("ENABLE_ONLINE_LEARNING", String.valueOf(random.nextBoolean()));
        flags.put("KIT_ADMIN_TOKEN", TOKEN);
        if (Double.parseDouble(flags.get("PSI_WARN")) > Double.parseDouble(flags.get("PSI_HALT"))) {
            String warn = flags.get("PSI_WARN");
            flags.put("PSI_WARN", flags.get("PSI_HALT"));
            flags.put("PSI_HALT", warn);
        }
        long ttl = Math.max(2, Long.parseLong(flags.get("DECISION_TTL_MS")));
        flags.put("DECISION_TTL_MS", String.valueOf(ttl));
        flags.put("DECISION_HEARTBEAT_MS", String.valueOf(1 + random.nextInt((int) ttl - 1)));
        return flags;
    }

    private static String randomIn(Random random, ConfigKey.Type type, ValueRange range) {
        if (type == ConfigKey.Type.INT || type == ConfigKey.Type.LONG) {
            long low = (long) range.lower();
            return String.valueOf(low + (long) (random.nextDouble() * (range.upper() - low + 1)));
        }
        double value;
        do {
            value = range.lower() + random.nextDouble() * (range.upper() - range.lower());
        } while (!range.contains(value));
        return String.valueOf(value);
    }

    @Test
    void isLiveNeedsTheLiveProfileAndLiveTrading() {
        Map<String, String> live = Map.of("PROFILE", "live", "KIT_ADMIN_TOKEN", TOKEN);

        assertThat(withFlags(live).isLive()).isFalse();
        assertThat(withFlags(with(live, "ENABLE_LIVE_TRADING", "true")).isLive()).isTrue();
    }

    @Test
    void reportsNoBreachAtTheEdgesOfTheInitialLiveLimits() {
        KitConfig low = withFlags(Map.of("RISK_PER_TRADE_PCT", "0.0015", "MAX_OPEN_POSITIONS", "1",
                "MAX_TRADES_PER_DAY", "5", "MAX_DAILY_DRAWDOWN_PCT", "0.01"));
        KitConfig high = withFlags(Map.of("RISK_PER_TRADE_PCT", "0.0020", "MAX_OPEN_POSITIONS", "2",
                "MAX_TRADES_PER_DAY", "8", "MAX_DAILY_DRAWDOWN_PCT", "0.005"));

        assertThat(low.initialLiveLimitBreaches()).isEmpty();
        assertThat(high.initialLiveLimitBreaches()).isEmpty();
    }

    @Test
    void reportsEachBreachOfTheInitialLiveLimitsByVariable() {
        KitConfig config = withFlags(Map.of("RISK_PER_TRADE_PCT", "0.0021", "MAX_OPEN_POSITIONS", "3",
                "MAX_TRADES_PER_DAY", "4", "MAX_DAILY_DRAWDOWN_PCT", "0.011"));

        assertThat(config.initialLiveLimitBreaches()).containsExactly(
                "RISK_PER_TRADE_PCT=0.0021 is outside the initial live limits [0.0015, 0.002]",
                "MAX_OPEN_POSITIONS=3 is outside the initial live limits [1, 2]",
                "MAX_TRADES_PER_DAY=4 is outside the initial live limits [5, 8]",
                "MAX_DAILY_DRAWDOWN_PCT=0.011 is above the initial live daily loss cap of 0.01");
    }

    @Test
    void reportsABreachBelowTheLowerRiskLimit() {
        KitConfig config = withFlags(Map.of("RISK_PER_TRADE_PCT", "0.001", "MAX_TRADES_PER_DAY", "9"));

        assertThat(config.initialLiveLimitBreaches()).hasSize(2)
                .anySatisfy(breach -> assertThat(breach).startsWith("RISK_PER_TRADE_PCT=0.001 "))
                .anySatisfy(breach -> assertThat(breach).startsWith("MAX_TRADES_PER_DAY=9 "));
    }

    @Test
    void liveProfileWithOnlineLearningOrThePlaceholderTokenIsUnsafe() {
        KitConfig config = withFlags(Map.of("PROFILE", "live", "ENABLE_ONLINE_LEARNING", "true",
                "KIT_ADMIN_TOKEN", KitConfig.ADMIN_TOKEN_PLACEHOLDER));

        assertThat(config.liveProfileProblems()).hasSize(2)
                .anySatisfy(problem -> assertThat(problem).startsWith("ENABLE_ONLINE_LEARNING=true"))
                .anySatisfy(problem -> assertThat(problem).startsWith("KIT_ADMIN_TOKEN ")
                        .doesNotContain(KitConfig.ADMIN_TOKEN_PLACEHOLDER));
        assertThat(withFlags(Map.of("PROFILE", "live", "KIT_ADMIN_TOKEN", TOKEN)).liveProfileProblems()).isEmpty();
    }

    @Test
    void valueReadsTheComponentOfAKey() {
        KitConfig config = withFlags(Map.of("MAX_TRADES_PER_DAY", "6"));

        assertThat(config.value(ConfigKey.MAX_TRADES_PER_DAY)).isEqualTo(6);
        assertThat(config.value(ConfigKey.PROFILE)).isEqualTo(Profile.PAPER);
        assertThat(config.value(ConfigKey.KIT_ADMIN_TOKEN)).isNull();
    }

    @Test
    void perSymbolMapCannotBeChangedAfterwards() {
        KitConfig config = withFlags(Map.of("SLIPPAGE_SLO_BPS_BTCUSDT", "3"));

        assertThatThrownBy(() -> config.slippageSloBpsPerSymbol().put("ETHUSDT", 1.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructorNamesAMissingRequiredComponent() {
        Map<ConfigKey, Object> values = new java.util.EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key, KitConfig.defaults().value(key));
        }
        values.remove(ConfigKey.PROFILE);

        assertThatThrownBy(() -> new KitConfig(values))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("profile");
    }

    @Test
    void liveTradingUnderPaperIsNotLiveEvenInAConfigBuiltByHand() {
        // The loader refuses ENABLE_LIVE_TRADING=true under paper; one built past it still reads as not live.
        Map<ConfigKey, Object> values = new java.util.EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key, KitConfig.defaults().value(key));
        }
        values.put(ConfigKey.ENABLE_LIVE_TRADING, true);

        assertThat(new KitConfig(values).isLive()).isFalse();
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        KitConfig config = withFlags(Map.of("SLIPPAGE_SLO_BPS_BTCUSDT", "3", "KIT_ADMIN_TOKEN", TOKEN));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(config);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(config);
        }
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(name, value);
        return copy;
    }

    @Test
    void aSymbolsVariableSuffixIsItsNameInCapitalsWithEveryOtherCharacterAnUnderscore() {
        assertThat(KitConfig.variableSuffix("btc-usd")).isEqualTo("BTC_USD");
        assertThat(KitConfig.variableSuffix("ES.H27")).isEqualTo("ES_H27");
        // Against the rule written as a pattern, over names with lower case, digits, punctuation and
        // letters whose capital is not one letter (ß becomes SS) or not in A-Z (é, ı).
        String pool = "abcxyzABCXYZ0189-._/ ßéıİ";
        Random random = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder name = new StringBuilder();
            for (int i = 0, len = 1 + random.nextInt(12); i < len; i++) {
                name.append(pool.charAt(random.nextInt(pool.length())));
            }
            String symbol = name.toString();
            assertThat(KitConfig.variableSuffix(symbol)).as(symbol)
                    .isEqualTo(symbol.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
    }
}

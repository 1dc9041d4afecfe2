package io.canarykit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, text);
        return path;
    }

    private static KitConfig flags(Map<String, String> flags) {
        return ConfigLoader.load(Map.of(), List.of(), flags);
    }

    @Test
    void laterSourcesOverrideEarlierOnes() throws IOException {
        Path first = file("first.env", "MAX_TRADES_PER_DAY=7\nMAX_OPEN_POSITIONS=1\nPSI_WARN=0.1\nSLO_MIN_SAMPLES=30\n");
        Path second = file("second.env", "MAX_TRADES_PER_DAY=6\nMAX_OPEN_POSITIONS=1\nPSI_WARN=0.15\n");
        Map<String, String> env = Map.of("MAX_TRADES_PER_DAY", "5", "MAX_OPEN_POSITIONS", "1");
        Map<String, String> flags = Map.of("MAX_TRADES_PER_DAY", "4");

        KitConfig config = ConfigLoader.load(env, List.of(first, second), flags);

        assertThat(config.maxTradesPerDay()).isEqualTo(4); // flag beats environment and files
        assertThat(config.maxOpenPositions()).isEqualTo(1); // environment, same as the files
        assertThat(config.psiWarn()).isEqualTo(0.15); // second file beats first
        assertThat(config.sloMinSamples()).isEqualTo(30); // only in the first file
        assertThat(config.psiHalt()).isEqualTo(0.3); // default
    }

    @Test
    void environmentBeatsFilesAndFlagsBeatEnvironment() throws IOException {
        Path envFile = file(".env", "SLO_WINDOW_MS=60000\nORPHAN_TIMEOUT_MS=2000\n");

        KitConfig config = ConfigLoader.load(Map.of("SLO_WINDOW_MS", "120000", "ORPHAN_TIMEOUT_MS", "3000"),
                List.of(envFile), Map.of("ORPHAN_TIMEOUT_MS", "4000"));

        assertThat(config.sloWindowMs()).isEqualTo(120_000L);
        assertThat(config.orphanTimeoutMs()).isEqualTo(4_000L);
    }

    @Test
    void perSymbolSlosMergeAcrossSourcesBySymbol() throws IOException {
        Path envFile = file(".env", "SLIPPAGE_SLO_BPS_BTCUSDT=3\nSLIPPAGE_SLO_BPS_ETHUSDT=4\n");

        KitConfig config = ConfigLoader.load(Map.of("SLIPPAGE_SLO_BPS_ETHUSDT", "6"), List.of(envFile),
                Map.of("SLIPPAGE_SLO_BPS_SOLUSDT", "7"));

        assertThat(config.slippageSloBpsPerSymbol()).containsExactlyInAnyOrderEntriesOf(
                Map.of("BTCUSDT", 3.0, "ETHUSDT", 6.0, "SOLUSDT", 7.0));
    }

    @Test
    void ignoresUnrelatedEnvironmentVariables() {
        KitConfig config = ConfigLoader.load(Map.of("PATH", "/usr/bin", "HOME", "/root", "MAX_TRADE_PER_DAY", "x"),
                List.of(), Map.of());

        assertThat(config).isEqualTo(KitConfig.defaults());
    }

    @Test
    void readsValuesWithSurroundingSpacesAndAnyCaseOfWords() {
        KitConfig config = ConfigLoader.load(Map.of("MAX_TRADES_PER_DAY", " 6 ", "PROFILE", "PAPER",
                "ENABLE_ONLINE_LEARNING", "True"), List.of(), Map.of());

        assertThat(config.maxTradesPerDay()).isEqualTo(6);
        assertThat(config.profile()).isEqualTo(Profile.PAPER);
        assertThat(config.enableOnlineLearning()).isTrue();
    }

    @Test
    void anEmptyTokenLeavesItUnsetEvenOverAFile() throws IOException {
        Path envFile = file(".env", "KIT_ADMIN_TOKEN=from-file\n");

        KitConfig config = ConfigLoader.load(Map.of("KIT_ADMIN_TOKEN", ""), List.of(envFile), Map.of());

        assertThat(config.hasAdminToken()).isFalse();
    }

    @Test
    void rejectsAnUnknownKeyInAFileNamingFileAndLine() throws IOException {
        Path envFile = file("typo.env", "MAX_TRADES_PER_DAY=6\nMAX_TRADE_PER_DAY=5\n");

        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), List.of(envFile), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MAX_TRADE_PER_DAY (" + envFile + " line 2) is not a Canary Kit setting")
                .hasMessageContaining("did you mean MAX_TRADES_PER_DAY?");
    }

    @Test
    void rejectsAnUnknownFlag() {
        assertThatThrownBy(() -> flags(Map.of("PSI_HALTT", "0.3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PSI_HALTT (flag) is not a Canary Kit setting (did you mean PSI_HALT?)");
        assertThatThrownBy(() -> flags(Map.of("WHATEVER", "1")))
                .hasMessageContaining("WHATEVER (flag) is not a Canary Kit setting")
                .hasMessageNotContaining("did you mean");
    }

    @Test
    void rejectsANumberOutOfRangeNamingVariableValueAndRange() {
        assertThatThrownBy(() -> flags(Map.of("MAX_TRADES_PER_DAY", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MAX_TRADES_PER_DAY=0 (flag) is out of range; allowed: an integer in [1, 100000]");
    }

    @Test
    void rejectsAnUnparseableIntegerNamingTheVariable() {
        assertThatThrownBy(() -> flags(Map.of("MAX_TRADES_PER_DAY", "eight")))
                .hasMessageContaining("MAX_TRADES_PER_DAY=eight (flag) is not an integer; allowed: an integer in [1, 100000]");
        assertThatThrownBy(() -> flags(Map.of("MAX_TRADES_PER_DAY", "8.5")))
                .hasMessageContaining("MAX_TRADES_PER_DAY=8.5 (flag) is not an integer");
    }

    @Test
    void rejectsAnUnparseableNumberNamingTheVariable() {
        assertThatThrownBy(() -> flags(Map.of("RISK_PER_TRADE_PCT", "0,0015")))
                .hasMessageContaining("RISK_PER_TRADE_PCT=0,0015 (flag) is not a number; allowed: a number in (0, 0.05]");
        assertThatThrownBy(() -> flags(Map.of("PSI_HALT", "NaN"))).hasMessageContaining("PSI_HALT=NaN (flag) is not a number");
    }

    @Test
    void rejectsABooleanOtherThanTrueOrFalse() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("ENABLE_ONLINE_LEARNING", "yes"), List.of(), Map.of()))
                .hasMessageContaining("ENABLE_ONLINE_LEARNING=yes (environment) is not true or false");
    }

    @Test
    void failClosedSettingsHaveTheContractDefaultsAndTheirRanges() {
        KitConfig defaults = KitConfig.defaults();
        assertThat(defaults.featuresStaleMs()).isEqualTo(60_000);
        assertThat(defaults.requireReferenceFeed()).isTrue();
        assertThat(defaults.maxClockSkewMs()).isEqualTo(1_000);

        assertThat(flags(Map.of("REQUIRE_REFERENCE_FEED", "FALSE")).requireReferenceFeed()).isFalse();
        // "0" or "no" would read as false with Boolean.parseBoolean and silently drop the check.
        assertThatThrownBy(() -> flags(Map.of("REQUIRE_REFERENCE_FEED", "0")))
                .hasMessageContaining("REQUIRE_REFERENCE_FEED=0 (flag) is not true or false");
        assertThatThrownBy(() -> flags(Map.of("FEATURES_STALE_MS", "999")))
                .hasMessageContaining("FEATURES_STALE_MS=999 (flag) is out of range; allowed: an integer in [1000, 3600000]");
        assertThatThrownBy(() -> flags(Map.of("MAX_CLOCK_SKEW_MS", "-1")))
                .hasMessageContaining("MAX_CLOCK_SKEW_MS=-1 (flag) is out of range");
    }

    @Test
    void rejectsAnUnknownProfile() {
        assertThatThrownBy(() -> flags(Map.of("PROFILE", "prod")))
                .hasMessageContaining("PROFILE=prod (flag) is not paper or live");
    }

    @Test
    void rejectsAnEmptyValueOtherThanTheToken() {
        assertThatThrownBy(() -> flags(Map.of("KAFKA_BOOTSTRAP", "")))
                .hasMessageContaining("KAFKA_BOOTSTRAP (flag) is empty; allowed: host:port[,host:port...]");
    }

    @Test
    void rejectsTextInTheWrongFormat() {
        assertThatThrownBy(() -> flags(Map.of("KAFKA_BOOTSTRAP", "localhost")))
                .hasMessageContaining("KAFKA_BOOTSTRAP=localhost (flag) is not in the expected format; allowed: host:port");
        assertThatThrownBy(() -> flags(Map.of("KIT_DB_URL", "./data/kit.db")))
                .hasMessageContaining("KIT_DB_URL=./data/kit.db (flag) is not in the expected format");
    }

    @Test
    void neverShowsABadTokenInTheMessage() {
        assertThatThrownBy(() -> flags(Map.of("KIT_ADMIN_TOKEN", "has a space")))
                .hasMessageContaining("KIT_ADMIN_TOKEN=<redacted> (flag) is not in the expected format")
                .hasMessageNotContaining("has a space");
    }

    @Test
    void rejectsAChallengerShareAboveTheCanaryCeiling() {
        assertThatThrownBy(() -> flags(Map.of("CHALLENGER_SHARE", "0.3")))
                .hasMessageContaining("CHALLENGER_SHARE=0.3 (flag) is out of range; allowed: a number in [0, 0.25]");
    }

    @Test
    void rejectsAPerSymbolSloOutOfRangeOrWithABadSymbol() {
        assertThatThrownBy(() -> flags(Map.of("SLIPPAGE_SLO_BPS_BTCUSDT", "-1")))
                .hasMessageContaining("SLIPPAGE_SLO_BPS_BTCUSDT=-1 (flag) is out of range; allowed: a number in [0, 1000]");
        assertThatThrownBy(() -> flags(Map.of("SLIPPAGE_SLO_BPS_btcusdt", "3")))
                .hasMessageContaining("SLIPPAGE_SLO_BPS_btcusdt (flag) needs a symbol of upper-case letters");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("SLIPPAGE_SLO_BPS_", "3"), List.of(), Map.of()))
                .hasMessageContaining("SLIPPAGE_SLO_BPS_ (environment) needs a symbol");
    }

    @Test
    void rejectsAWarnThresholdAboveTheHaltThreshold() {
        assertThatThrownBy(() -> flags(Map.of("PSI_WARN", "0.4")))
                .hasMessageContaining("PSI_WARN=0.4 must not exceed PSI_HALT=0.3");
        assertThat(flags(Map.of("PSI_WARN", "0.3")).psiWarn()).isEqualTo(0.3);
    }

    @Test
    void rejectsAHeartbeatThatIsNotBelowTheDecisionLifetime() {
        assertThatThrownBy(() -> flags(Map.of("DECISION_HEARTBEAT_MS", "15000")))
                .hasMessageContaining("DECISION_HEARTBEAT_MS=15000 must be below DECISION_TTL_MS=15000");
    }

    @Test
    void rejectsLiveTradingUnderThePaperProfile() {
        assertThatThrownBy(() -> flags(Map.of("ENABLE_LIVE_TRADING", "true")))
                .hasMessageContaining("ENABLE_LIVE_TRADING=true requires PROFILE=live");
    }

    @Test
    void requiresATokenUnderTheLiveProfile() {
        assertThatThrownBy(() -> flags(Map.of("PROFILE", "live")))
                .hasMessageContaining("KIT_ADMIN_TOKEN is required when PROFILE=live");
        assertThatThrownBy(() -> flags(Map.of("PROFILE", "live", "KIT_ADMIN_TOKEN", "")))
                .hasMessageContaining("KIT_ADMIN_TOKEN is required when PROFILE=live");
    }

    @Test
    void reportsEveryProblemTogether() throws IOException {
        Path envFile = file("bad.env", "NOT_A_KEY=1\nBROKEN LINE\n");
        Map<String, String> env = Map.of("PSI_WINDOW_MS", "0");
        Map<String, String> flags = new HashMap<>();
        flags.put("MAX_TRADES_PER_DAY", "many");
        flags.put("CANARY_NOTIONAL_CAP", "0.5");

        assertThatThrownBy(() -> ConfigLoader.load(env, List.of(envFile, dir.resolve("missing.env")), flags))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(5))
                .hasMessageContaining("5 problems")
                .hasMessageContaining(envFile + " line 2: expected KEY=VALUE")
                .hasMessageContaining("missing.env: cannot read the file")
                .hasMessageContaining("PSI_WINDOW_MS=0 (environment) is out of range")
                .hasMessageContaining("MAX_TRADES_PER_DAY=many (flag) is not an integer")
                .hasMessageContaining("CANARY_NOTIONAL_CAP=0.5 (flag) is out of range; allowed: a number in [0, 0.25]");
    }

    @Test
    void checksTheFileAfterItsMalformedLinesAreReported() throws IOException {
        // A file with a malformed line contributes nothing, so its unknown key is not reported as well.
        Path envFile = file("bad.env", "NOT_A_KEY=1\nBROKEN LINE\n");

        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), List.of(envFile), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(1));
    }

    @Test
    void aBadValueInALowerSourceDoesNotMatterWhenOverridden() throws IOException {
        Path envFile = file(".env", "MAX_TRADES_PER_DAY=0\n");

        assertThat(ConfigLoader.load(Map.of(), List.of(envFile), Map.of("MAX_TRADES_PER_DAY", "6")).maxTradesPerDay())
                .isEqualTo(6);
    }

    @Test
    void namesAFlagWithoutAValue() {
        Map<String, String> flags = new HashMap<>();
        flags.put("MAX_TRADES_PER_DAY", null);

        assertThatThrownBy(() -> flags(flags)).hasMessageContaining("MAX_TRADES_PER_DAY (flag) has no value");
    }

    @Test
    void namesAMissingArgument() {
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("env");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("envFiles");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flags");
    }

    @Test
    void overridesChangeOnlyTheirVariablesAndMergePerSymbolValues() {
        KitConfig base = flags(Map.of("MAX_TRADES_PER_DAY", "6", "SLIPPAGE_SLO_BPS_BTCUSDT", "3"));

        KitConfig after = base.with(Map.of("PSI_HALT", " 0.5 ", "SLIPPAGE_SLO_BPS_ETHUSDT", "4"));

        assertThat(after.psiHalt()).isEqualTo(0.5);
        assertThat(after.maxTradesPerDay()).isEqualTo(6);
        assertThat(after.slippageSloBpsPerSymbol()).containsExactlyInAnyOrderEntriesOf(
                Map.of("BTCUSDT", 3.0, "ETHUSDT", 4.0));
        assertThat(after.slippageSloBps("ethusdt")).isEqualTo(4.0);
        assertThat(base.psiHalt()).as("the base is left as it was").isEqualTo(0.3);
    }

    @Test
    void overridesAreCheckedAsAtLoadTimeAgainstTheValuesInForce() {
        KitConfig base = flags(Map.of("PSI_HALT", "0.5"));

        // 0.4 fits under the PSI_HALT in force (0.5), not under the default (0.3).
        assertThat(base.with(Map.of("PSI_WARN", "0.4")).psiWarn()).isEqualTo(0.4);
        assertThatThrownBy(() -> base.with(Map.of("PSI_WARN", "0.6", "MAX_TRADES_PER_DAY", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MAX_TRADES_PER_DAY=0 (override) is out of range; allowed: an integer in [1, 100000]");
        assertThatThrownBy(() -> base.with(Map.of("PSI_WARN", "0.6")))
                .hasMessageContaining("PSI_WARN=0.6 must not exceed PSI_HALT=0.5");
    }

    @Test
    void aCommandsOverridesNameNoOriginAndOnlyChangeWhatIsAllowed() {
        KitConfig base = KitConfig.defaults();

        ConfigLoader.Overridden refused = ConfigLoader.override(base,
                Map.of("MAX_TRADES_PER_DAY", "x", "PROFILE", "live", "max_open_positions", "1"),
                key -> key != ConfigKey.PROFILE, ConfigLoader.Wording.COMMAND);

        assertThat(refused.accepted()).isFalse();
        assertThat(refused.config()).isSameAs(base);
        assertThat(refused.problems()).containsExactly(
                "MAX_TRADES_PER_DAY=x is not an integer (allowed: an integer in [1, 100000])",
                "PROFILE cannot be changed by set_limits, only in the configuration at start",
                "max_open_positions is not a Canary Kit setting (variables are upper-case: MAX_OPEN_POSITIONS)");
    }
}

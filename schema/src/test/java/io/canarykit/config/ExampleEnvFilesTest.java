package io.canarykit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExampleEnvFilesTest {

    private static final Path LIVE = exampleFile(".env.live.example");
    private static final Path PAPER = exampleFile(".env.paper.example");

    /** The example files sit at the root of the project, above the module the tests run in. */
    private static Path exampleFile(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new IllegalStateException(name + " not found above " + Path.of("").toAbsolutePath());
    }

    private static KitConfig load(Path file) {
        return ConfigLoader.load(Map.of(), List.of(file), Map.of());
    }

    private static Set<ConfigKey> keysSetIn(Path file) {
        Set<ConfigKey> keys = EnumSet.noneOf(ConfigKey.class);
        EnvFile.read(file).entries().forEach(entry -> keys.add(ConfigKey.byVariable(entry.name()).orElseThrow()));
        return keys;
    }

    @Test
    void paperExampleLoadsAsPaperWithoutLiveTrading() {
        KitConfig config = load(PAPER);

        assertThat(config.profile()).isEqualTo(Profile.PAPER);
        assertThat(config.isLive()).isFalse();
        assertThat(config.challengerShare()).isZero();
    }

    @Test
    void liveExampleLoadsAsTheRunbookAsks() {
        KitConfig config = load(LIVE);

        assertThat(config.profile()).isEqualTo(Profile.LIVE);
        assertThat(config.enableLiveTrading()).isTrue();
        assertThat(config.enableOnlineLearning()).isFalse();
        assertThat(config.isLive()).isTrue();
        assertThat(config.challengerShare()).isZero();
        assertThat(config.canaryNotionalCap()).isLessThanOrEqualTo(0.25);
    }

    @Test
    void liveExampleIsInsideTheInitialLiveLimits() {
        assertThat(load(LIVE).initialLiveLimitBreaches()).isEmpty();
    }

    @Test
    void liveExampleTokenIsAPlaceholderThatPreflightRejects() {
        KitConfig config = load(LIVE);

        assertThat(config.kitAdminToken()).isEqualTo(KitConfig.ADMIN_TOKEN_PLACEHOLDER);
        assertThat(config.liveProfileProblems()).singleElement().asString().startsWith("KIT_ADMIN_TOKEN ");
    }

    @Test
    void eachExampleSetsEveryKey() {
        assertThat(keysSetIn(PAPER)).containsExactlyInAnyOrder(ConfigKey.values());
        assertThat(keysSetIn(LIVE)).containsExactlyInAnyOrder(ConfigKey.values());
    }

    @Test
    void signalSettingsOfTheExamplesAreTheDefaults() {
        KitConfig defaults = KitConfig.defaults();
        Set<ConfigKey> signals = EnumSet.range(ConfigKey.PSI_WINDOW_MS, ConfigKey.OUT_OF_ORDERNESS_MS);
        for (KitConfig example : List.of(load(PAPER), load(LIVE))) {
            for (ConfigKey key : signals) {
                assertThat(example.value(key)).as("%s", key).isEqualTo(defaults.value(key));
            }
        }
    }
}

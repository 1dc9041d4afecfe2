package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KitOverridesTest {

    @Test
    void forcesTheGivenSettingsAndKeepsEveryOtherOne() {
        KitConfig user = ConfigLoader.load(Map.of(), List.of(), Map.of(
                "KIT_ADMIN_TOKEN", "s3cret", "SLIPPAGE_SLO_BPS_ABC", "7", "DISLOCATION_MAX_BPS", "8.5",
                "MAX_TRADES_PER_DAY", "5"));

        KitConfig bench = KitOverrides.over(user, Map.of("KAFKA_BOOTSTRAP", "127.0.0.1:41234", "MAX_TRADES_PER_DAY", "100000"));

        assertThat(bench.kafkaBootstrap()).isEqualTo("127.0.0.1:41234");
        assertThat(bench.maxTradesPerDay()).isEqualTo(100_000);
        assertThat(bench.kitAdminToken()).isEqualTo("s3cret");
        assertThat(bench.dislocationMaxBps()).isEqualTo(8.5);
        assertThat(bench.slippageSloBpsPerSymbol()).containsEntry("ABC", 7.0);
        assertThat(bench.psiWindowMs()).isEqualTo(user.psiWindowMs());
    }

    @Test
    void withoutATokenTheBenchHasNone() {
        KitConfig bench = KitOverrides.over(KitConfig.defaults(), Map.of());

        assertThat(bench.hasAdminToken()).isFalse();
        assertThat(bench).isEqualTo(KitConfig.defaults());
    }
}

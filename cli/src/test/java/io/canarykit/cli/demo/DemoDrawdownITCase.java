package io.canarykit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.cli.demo.desk.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo in-process playing {@code drawdown}, its steps twice as early: once armed, a sell-off
 * with oversized wrong-way positions drains the daily drawdown allowance (MAX_DAILY_DRAWDOWN_PCT
 * 0.05 of the demo) and the budget gate halts every symbol.
 */
class DemoDrawdownITCase {

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    @TempDir
    static Path dataDir;

    private static Demo demo;
    private static DemoHttp http;
    private static final List<String> told = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startDemo() throws Exception {
        demo = DemoTestConfig.startPlaying(dataDir, SYMBOLS, Scenarios.DRAWDOWN, 2, told::add);
        http = new DemoHttp(demo);
    }

    @AfterAll
    static void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void theBudgetGateHaltsEverySymbolOnceTheDrawdownAllowanceIsGone() throws Exception {
        assertThat(http.get("/risk").path("budget_left").asDouble()).isEqualTo(1.0);
        assertThat(http.preflightAndArm().path("armed").asBoolean()).isTrue();

        JsonNode gates = http.until("/gates", DemoDrawdownITCase::everySymbolHaltedByBudget, Duration.ofSeconds(80), 1_000);
        assertThat(everySymbolHaltedByBudget(gates)).as("gates %s", gates).isTrue();
        for (JsonNode d : gates.path("decisions")) {
            assertThat(d.path("allow").asBoolean()).isFalse();
            assertThat(d.path("mode").asText()).isEqualTo("halted");
            assertThat(d.path("size_multiplier").asDouble()).isZero();
            assertThat(d.path("gates").path("budget").asBoolean()).isTrue();
        }

        JsonNode risk = http.get("/risk");
        assertThat(risk.path("budget_left").asDouble()).as("risk %s", risk).isZero();
        assertThat(risk.path("dd_today").asDouble()).isGreaterThanOrEqualTo(0.05);
        assertThat(told).anySatisfy(line -> assertThat(line).startsWith("scenario drawdown +").contains("sell-off"));
    }

    private static boolean everySymbolHaltedByBudget(JsonNode gates) {
        List<String> halted = new ArrayList<>();
        for (JsonNode d : gates.path("decisions")) {
            boolean budget = d.path("reasons").toString().contains("\"budget\"");
            if (budget && !d.path("allow").asBoolean() && "halted".equals(d.path("mode").asText())) {
                halted.add(d.path("symbol").asText());
            }
        }
        return halted.containsAll(SYMBOLS);
    }
}

package io.canarykit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.cli.demo.broker.KafkaClients;
import io.canarykit.cli.demo.desk.Scenarios;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo in-process playing {@code drift}, three times faster than the user's default: once
 * armed, the first symbol's PSI passes PSI_WARN, then PSI_HALT, and the gate says psi_warn, then
 * psi, on {@code kit.gate-decisions} and in {@code GET /api/kit/gates?symbol=}.
 */
class DemoDriftITCase {

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
    private static final String DRIFTING = SYMBOLS.get(0);

    @TempDir
    static Path dataDir;

    private static Demo demo;
    private static DemoHttp http;
    private static KitConfig config;
    private static final List<String> told = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startDemo() throws Exception {
        demo = DemoTestConfig.startPlaying(dataDir, SYMBOLS, Scenarios.DRIFT, 3, told::add);
        http = new DemoHttp(demo);
        config = DemoTestConfig.of(demo.ports(), dataDir, SYMBOLS.size());
    }

    @AfterAll
    static void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void psiWarnThenPsiHaltTheDriftingSymbol() throws Exception {
        AtomicBoolean reading = new AtomicBoolean(true);
        List<GateDecision> decisions = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> readDecisions(decisions, reading), "drift-decisions");
        reader.start();
        try {
            // Armed once PSI has a value (PSI_MIN_SAMPLES in the window), so the drift starts from a measured, healthy PSI.
            JsonNode measured = http.until("/gates?symbol=" + DRIFTING,
                    body -> body.path("decision").path("kpis").path("psi").isNumber(), Duration.ofSeconds(60), 500);
            assertThat(measured.path("decision").path("kpis").path("psi").isNumber()).as("psi %s", measured).isTrue();
            assertThat(http.preflightAndArm().path("armed").asBoolean()).isTrue();

            List<String> seen = new ArrayList<>();
            JsonNode last = http.until("/gates?symbol=" + DRIFTING, body -> {
                String reasons = body.path("decision").path("reasons").toString();
                String state = reasons.contains("\"psi_warn\"") ? "psi_warn" : reasons.contains("\"psi\"") ? "psi" : "";
                if (!state.isEmpty() && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state))) {
                    seen.add(state);
                }
                return state.equals("psi");
            }, Duration.ofSeconds(75), 200);

            assertThat(seen).as("the reasons GET /api/kit/gates showed, last %s", last).startsWith("psi_warn").contains("psi");
            assertThat(last.path("decision").path("allow").asBoolean()).isFalse();
            assertThat(last.path("decision").path("mode").asText()).isEqualTo("halted");
            // The sidecar reads the same topic: give this reader the moment it may lag behind.
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline && !heard(decisions, GateReason.PSI)) {
                Thread.sleep(200);
            }
        } finally {
            reading.set(false);
            reader.join(10_000);
        }

        List<GateDecision> drifting;
        synchronized (decisions) {
            drifting = decisions.stream().filter(d -> d.symbol().equals(DRIFTING))
                    .sorted(Comparator.comparingLong(GateDecision::seq)).toList();
        }
        int firstWarn = firstWith(drifting, GateReason.PSI_WARN);
        int firstHalt = firstWith(drifting, GateReason.PSI);
        assertThat(firstWarn).as("a psi_warn decision on %s", Topics.GATE_DECISIONS).isNotNegative();
        assertThat(firstHalt).as("a psi decision on %s", Topics.GATE_DECISIONS).isGreaterThan(firstWarn);
        assertThat(drifting).as("psi_warn halves the size of a symbol it alone restricts")
                .anySatisfy(d -> {
                    assertThat(d.reasons()).containsExactly(GateReason.PSI_WARN);
                    assertThat(d.allow()).isTrue();
                    assertThat(d.sizeMultiplier()).isEqualTo(0.5);
                });
        assertThat(drifting.get(firstHalt).gates().psi()).isTrue();
        assertThat(drifting.get(firstHalt).allow()).isFalse();
        assertThat(told).anySatisfy(line -> assertThat(line).startsWith("scenario drift +").contains("psi_warn"));
    }

    private static boolean heard(List<GateDecision> decisions, GateReason reason) {
        synchronized (decisions) {
            return decisions.stream().anyMatch(d -> d.symbol().equals(DRIFTING) && d.reasons().contains(reason));
        }
    }

    private static int firstWith(List<GateDecision> decisions, GateReason reason) {
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).reasons().contains(reason)) {
                return i;
            }
        }
        return -1;
    }

    private static void readDecisions(List<GateDecision> into, AtomicBoolean reading) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.fromTheStart(demo.broker().bootstrap(), Topics.GATE_DECISIONS)) {
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Decoded<GateDecision> d = JsonCodec.decode(r.value(), GateDecision.class);
                    if (d.isAccepted()) {
                        into.add(d.value());
                    }
                }
            }
        }
    }
}

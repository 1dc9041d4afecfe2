package io.canarykit.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.codec.JsonCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays files in which an input really stops: BTCUSDT's feature stream after 30 s, ETHUSDT's
 * reference feed after 20 s, while everything else flows on for two minutes. Each symbol must halt
 * when, and only when, the silence passes its bound.
 */
class FailClosedReplayITCase {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long TICK_MS = 500;
    private static final long END_MS = 120_000;
    private static final String MODEL = "champion_1";
    private static final ReferenceProfile PROFILE = new ReferenceProfile(MODEL,
            Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
    // The last vector of BTCUSDT is at T0 + 29,500; the last reference quote of ETHUSDT at T0 + 19,500.
    private static final long BTC_FEATURES_UNTIL_MS = 30_000;
    private static final long ETH_REFERENCE_UNTIL_MS = 20_000;

    @TempDir
    static Path dir;

    private static List<GateDecision> required;
    private static List<GateDecision> notRequired;

    @BeforeAll
    static void replayBothWays() throws Exception {
        writeInputs(dir);
        required = replay(KitConfig.defaults());
        notRequired = replay(ConfigLoader.load(Map.of(), List.of(), Map.of("REQUIRE_REFERENCE_FEED", "false")));
    }

    @Test
    void aFeatureStreamThatStopsHaltsTheSymbolOnceFeaturesStaleMsHavePassed() {
        // Stale once t - 29,500 > 60,000 (FEATURES_STALE_MS): the first tick after is T0 + 90,000.
        List<GateDecision> btc = of("BTCUSDT", required);
        assertThat(btc).filteredOn(d -> d.ts() < T0 + 90_000).isNotEmpty()
                .allSatisfy(d -> assertThat(d.allow()).as("at %d", d.ts() - T0).isTrue());
        GateDecision first = btc.stream().filter(d -> d.ts() >= T0 + 90_000).findFirst().orElseThrow();
        assertThat(first.ts()).isEqualTo(T0 + 90_000);
        assertThat(first.reasons()).containsExactly(GateReason.FEATURES_STALE);
        assertThat(first.gates().dataQuality()).isTrue();
        assertThat(btc).filteredOn(d -> d.ts() >= T0 + 90_000)
                .allSatisfy(d -> assertThat(d.reasons()).contains(GateReason.FEATURES_STALE));
    }

    @Test
    void aReferenceFeedThatStopsHaltsTheSymbolOnceItsLastQuoteIsOlderThanOneSecond() {
        // The last reference quote at T0 + 19,500 is fresh up to T0 + 20,500 (exactly 1 s old) and stale after.
        List<GateDecision> eth = of("ETHUSDT", required);
        assertThat(eth).filteredOn(d -> d.ts() <= T0 + 20_500).isNotEmpty()
                .allSatisfy(d -> assertThat(d.allow()).as("at %d", d.ts() - T0).isTrue());
        GateDecision first = eth.stream().filter(d -> d.ts() > T0 + 20_500).findFirst().orElseThrow();
        assertThat(first.ts()).isEqualTo(T0 + 21_000);
        assertThat(first.reasons()).containsExactly(GateReason.REFERENCE_STALE);
        assertThat(first.kpis().feedDislocationBps()).isNull();
        assertThat(eth).filteredOn(d -> d.ts() > T0 + 20_500)
                .allSatisfy(d -> assertThat(d.reasons()).contains(GateReason.REFERENCE_STALE));
    }

    @Test
    void withoutRequireReferenceFeedASilentReferenceFeedHaltsNothing() {
        // Up to the end of the input; the heartbeat after it finds every feed stale, as it should.
        assertThat(of("ETHUSDT", notRequired)).filteredOn(d -> d.ts() <= T0 + END_MS).isNotEmpty()
                .allSatisfy(d -> assertThat(d.allow()).as("at %d", d.ts() - T0).isTrue());
        // The feature stream's silence still fails closed.
        assertThat(of("BTCUSDT", notRequired)).filteredOn(d -> d.ts() >= T0 + 90_000 && d.ts() <= T0 + END_MS)
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.reasons()).containsExactly(GateReason.FEATURES_STALE));
    }

    private static List<GateDecision> of(String symbol, List<GateDecision> decisions) {
        return decisions.stream().filter(d -> d.symbol().equals(symbol)).toList();
    }

    private static List<GateDecision> replay(KitConfig kit) throws Exception {
        GateSettings gate = GateSettings.of(kit, List.of(PROFILE), MODEL, null, JobClock.EVENT, true, 3_600_000L);
        return new Replay(new ReplayInputs(dir.resolve("market.jsonl"), dir.resolve("features.jsonl"),
                dir.resolve("orders.jsonl"), null), WorkflowSettings.replay(gate), 2, "hashmap", null).run().decisions();
    }

    private static void writeInputs(Path dir) throws IOException {
        try (BufferedWriter market = Files.newBufferedWriter(dir.resolve("market.jsonl"), StandardCharsets.UTF_8);
                BufferedWriter features = Files.newBufferedWriter(dir.resolve("features.jsonl"), StandardCharsets.UTF_8)) {
            for (long at = 0; at <= END_MS; at += TICK_MS) {
                long ts = T0 + at;
                for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
                    line(market, new MarketQuote(ts, symbol, Feed.PRIMARY, 100.0, 100.02, null, null));
                    if (!symbol.equals("ETHUSDT") || at < ETH_REFERENCE_UNTIL_MS) {
                        line(market, new MarketQuote(ts, symbol, Feed.REFERENCE, 100.0, 100.02, null, null));
                    }
                    if (!symbol.equals("BTCUSDT") || at < BTC_FEATURES_UNTIL_MS) {
                        line(features, new FeatureVector(ts, symbol, MODEL, Map.of("x", at % 1_000 == 0 ? -1.0 : 1.0)));
                    }
                }
            }
        }
        Files.writeString(dir.resolve("orders.jsonl"), "");
    }

    private static void line(BufferedWriter out, Object record) throws IOException {
        out.write(new String(JsonCodec.encode(record), StandardCharsets.UTF_8));
        out.write('\n');
    }
}

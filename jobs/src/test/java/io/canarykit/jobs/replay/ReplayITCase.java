package io.canarykit.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.config.KitConfig;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.codec.InputDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays a recorded session on a local mini-cluster and checks the contract's invariants on what comes out. */
class ReplayITCase {

    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    @TempDir
    static Path dir;

    private static ReplayResult first;

    @BeforeAll
    static void replayOnce() throws Exception {
        // 3 symbols x 2,400 ticks of 500 ms = 20 minutes of trading, about 25,000 events: the 15-minute SLO windows slide.
        new SyntheticDesk(SYMBOLS, START, 500, 2_400, 0.10, 7).writeTo(dir);
        first = replay(dir, 2);
    }

    static ReplayResult replay(Path in, int parallelism) throws Exception {
        GateSettings gate = GateSettings.of(KitConfig.defaults(),
                List.of(SyntheticDesk.profile(SyntheticDesk.CHAMPION), SyntheticDesk.profile(SyntheticDesk.CHALLENGER)),
                SyntheticDesk.CHAMPION, SyntheticDesk.CHALLENGER, JobClock.EVENT, true, 3_600_000L);
        return new Replay(new ReplayInputs(in.resolve("market.jsonl"), in.resolve("features.jsonl"),
                in.resolve("orders.jsonl"), null), WorkflowSettings.replay(gate), parallelism, "rocksdb", null).run();
    }

    @Test
    void everySymbolGetsDecisionsWithRisingSeq() {
        Map<String, Long> lastSeq = new HashMap<>();
        for (GateDecision d : first.decisions()) {
            Long previous = lastSeq.put(d.symbol(), d.seq());
            if (previous != null) {
                assertThat(d.seq()).as("seq of %s after %d", d.symbol(), previous).isGreaterThan(previous);
            }
            assertThat(d.validUntil()).isGreaterThan(d.ts());
        }
        assertThat(lastSeq.keySet()).containsExactlyInAnyOrderElementsOf(SYMBOLS);
    }

    @Test
    void everyDecisionIsDecidedOnItsOwnFiguresAtItsOwnTime() {
        // Regression: a heartbeat once repeated the last verdict with figures from before its ts.
        int checked = 0;
        for (GateDecision d : first.decisions()) {
            KpiRecord k = d.kpis();
            assertThat(k.ts()).as("%s decision at %d", d.symbol(), d.ts()).isEqualTo(d.ts());
            boolean missing = k.featuresMissingRatio() != null && k.featuresMissingRatio() > 0.01;
            assertThat(d.reasons().contains(GateReason.FEATURES_MISSING)).as("%s at %d: %s", d.symbol(), d.ts(), k)
                    .isEqualTo(missing);
            boolean stale = k.dataStaleSeconds() == null || k.dataStaleSeconds() > 1.0;
            assertThat(d.reasons().contains(GateReason.STALE)).as("%s at %d", d.symbol(), d.ts()).isEqualTo(stale);
            checked++;
        }
        assertThat(checked).isGreaterThan(SYMBOLS.size());
    }

    @Test
    void kpiRecordsComeAtLeastOncePerSecondOfEventTimeWhileInputFlows() {
        // The input ends with the session's last tick; the heartbeat after it decides the symbol stale,
        // and that changed decision carries its own record, past the end of the input.
        long inputEnd = START + 2_400 * 500L;
        for (String symbol : SYMBOLS) {
            List<Long> times = first.kpis().stream().filter(k -> k.symbol().equals(symbol)).map(KpiRecord::ts)
                    .filter(ts -> ts < inputEnd).toList();
            assertThat(times).isNotEmpty();
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i) - times.get(i - 1)).as("gap in %s KPIs", symbol).isLessThanOrEqualTo(1_000);
            }
        }
    }

    @Test
    void errorRateAndP95OfAKpiRecordMatchTheRawEventsInItsWindow() throws Exception {
        List<OrderEvent> orders = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("orders.jsonl"), StandardCharsets.UTF_8)) {
            orders.add(InputDecoder.order(line.getBytes(StandardCharsets.UTF_8)).value());
        }
        Random pick = new Random(3);
        List<KpiRecord> late = first.kpis().stream()
                .filter(k -> !k.symbol().equals(KpiRecord.GLOBAL) && k.ts() > START + 16 * 60_000L)
                .toList();
        assertThat(late).isNotEmpty();
        for (int i = 0; i < 20; i++) {
            KpiRecord k = late.get(pick.nextInt(late.size()));
            long w = k.windows().get("slo_ms");
            long placed = 0;
            long failed = 0;
            List<Double> placeMs = new ArrayList<>();
            for (OrderEvent o : orders) {
                if (!o.symbol().equals(k.symbol()) || o.ts() <= k.ts() - w || o.ts() > k.ts()) {
                    continue;
                }
                if (o.event() == OrderEventType.PLACED) {
                    placed++;
                } else if (o.event() == OrderEventType.REJECTED || o.event() == OrderEventType.ERROR) {
                    failed++;
                } else if (o.event() == OrderEventType.ACKED && o.placeMs() != null) {
                    placeMs.add(o.placeMs());
                }
            }
            assertThat(k.samples().get("placed")).as("placed of %s", k).isEqualTo(placed);
            if (placed >= 20) {
                assertThat(k.errorRate()).isEqualTo((double) failed / placed);
            }
            if (placeMs.size() >= 20) {
                placeMs.sort(null);
                int rank = (int) Math.ceil(0.95 * placeMs.size());
                assertThat(k.p95PlaceMs()).isEqualTo(placeMs.get(rank - 1));
            }
        }
    }

    @Test
    void theSameInputGivesTheSameOutput() throws Exception {
        ReplayResult again = replay(dir, 1);

        assertThat(again.decisions()).isEqualTo(first.decisions());
        assertThat(again.kpis()).isEqualTo(first.kpis());
        assertThat(again.tca()).isEqualTo(first.tca());
        assertThat(again.dlq()).isEqualTo(first.dlq());
    }

    // Each fill now has two records, one at the fill and one final with its markouts (contract: "TCA record").
    @Test
    void everyDistinctFillHasOneTcaRecordAtTheFillAndOneFinal() throws Exception {
        long fills = Files.readAllLines(dir.resolve("orders.jsonl")).stream().filter(l -> l.contains("\"fill\"")).count();
        assertThat(first.tca().stream().filter(r -> !r.isFinal())).hasSize((int) fills);
        assertThat(first.tca().stream().filter(TcaRecord::isFinal).map(TcaRecord::fillKey).distinct()).hasSize((int) fills);
    }

    /**
     * Every final markout against a search of the quote file: the latest primary mid at or before
     * ts + h, and none when ts + h falls after the symbol's last input.
     */
    @Test
    void markoutsMatchABruteForceSearchOfTheQuoteFile() throws Exception {
        Map<String, List<MarketQuote>> primary = new HashMap<>();
        Map<String, Long> lastInput = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("market.jsonl"), StandardCharsets.UTF_8)) {
            MarketQuote q = InputDecoder.market(line.getBytes(StandardCharsets.UTF_8)).value();
            if (q == null) {
                continue;
            }
            lastInput.merge(q.symbol(), q.ts(), Math::max);
            if (q.feed() == Feed.PRIMARY) {
                primary.computeIfAbsent(q.symbol(), k -> new ArrayList<>()).add(q);
            }
        }
        for (String line : Files.readAllLines(dir.resolve("features.jsonl"), StandardCharsets.UTF_8)) {
            FeatureVector v = InputDecoder.features(line.getBytes(StandardCharsets.UTF_8)).value();
            if (v != null) {
                lastInput.merge(v.symbol(), v.ts(), Math::max);
            }
        }
        for (String line : Files.readAllLines(dir.resolve("orders.jsonl"), StandardCharsets.UTF_8)) {
            OrderEvent o = InputDecoder.order(line.getBytes(StandardCharsets.UTF_8)).value();
            if (o != null) {
                lastInput.merge(o.symbol(), o.ts(), Math::max);
            }
        }
        long checked = 0;
        for (TcaRecord r : first.tca()) {
            if (!r.isFinal()) {
                continue;
            }
            for (var h : Map.of("1s", 1_000L, "5s", 5_000L, "60s", 60_000L).entrySet()) {
                long due = r.ts() + h.getValue();
                MarketQuote at = null;
                for (MarketQuote q : primary.getOrDefault(r.symbol(), List.of())) {
                    if (q.ts() <= due && (at == null || q.ts() > at.ts())) {
                        at = q;
                    }
                }
                Double got = r.markoutsBps().get(h.getKey());
                if (due > lastInput.get(r.symbol()) || at == null) {
                    assertThat(got).as("%s %s", r.fillKey(), h.getKey()).isNull();
                } else {
                    double expected = r.side().sign() * (at.mid() - r.fillPx()) / r.fillPx() * 1e4;
                    assertThat(got).as("%s %s", r.fillKey(), h.getKey()).isCloseTo(expected, within(1e-9));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
    }
}

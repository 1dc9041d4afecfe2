package io.canarykit.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.config.KitConfig;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replayed session where the challenger also trades on paper: its shadow fills have TCA records
 * that say so, with their slippage and markouts, while the account and the symbols count the live
 * fills only (numbers worked by hand; ACCOUNT_EQUITY 100,000).
 *
 * <p>From T0 = 2026-01-05T10:00:00Z a tick every 500 ms until +8 s: a primary and a reference quote
 * 0.125 either side of the mid (exact in binary) and a champion feature vector, per symbol. BTCUSDT's
 * mid is 100 until +7 s, then 101; ETHUSDT's is 50. The orders (canary = the challenger's):
 * <pre>
 *   o-1 BTC champion live buy  10 @ 100.02 (arrival 100) fee 1.0 at +1 s:   2 bps, notional 1,000.2
 *   o-2 BTC canary   live buy   2 @ 100.03 (arrival 100) fee 0.2 at +2 s:   3 bps, notional   200.06
 *   s-1 BTC canary  paper buy  50 @ 100.10 (arrival 100) fee 5.0 at +3 s:  10 bps, notional 5,005
 *   s-2 BTC canary  paper sell 50 @  99.50 (arrival 100) fee 5.0 at +4 s:  50 bps, notional 4,975
 *   o-3 ETH canary   live sell  4 @  49.99 (arrival 50)  fee 0.1 at +5 s:   2 bps, notional   199.96
 *   s-3 ETH canary  paper buy 100 @  50.05 (arrival 50)  fee 5.0 at +6 s:  10 bps, notional 5,005
 * </pre>
 */
class ShadowReplayITCase {

    private static final long T0 = 1_767_607_200_000L;
    private static final double EPS = 1e-9;

    @TempDir
    static Path dir;

    private static ReplayResult result;

    @BeforeAll
    static void replayTheSession() throws Exception {
        List<String> market = new ArrayList<>();
        List<String> features = new ArrayList<>();
        for (long t = T0; t <= T0 + 8_000; t += 500) {
            for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
                double mid = symbol.equals("ETHUSDT") ? 50.0 : t < T0 + 7_000 ? 100.0 : 101.0;
                for (String feed : List.of("primary", "reference")) {
                    market.add(String.format(Locale.ROOT, "{\"ts\":%d,\"symbol\":\"%s\",\"feed\":\"%s\",\"bid\":%s,\"ask\":%s}",
                            t, symbol, feed, mid - 0.125, mid + 0.125));
                }
                features.add(String.format(Locale.ROOT,
                        "{\"ts\":%d,\"symbol\":\"%s\",\"model_id\":\"%s\",\"features\":{\"momentum\":0.0}}",
                        t, symbol, SyntheticDesk.CHAMPION));
            }
        }
        List<String> orders = new ArrayList<>();
        orders.addAll(order(T0 + 1_000, "o-1", "BTCUSDT", "buy", false, false, 10, 100.0, 100.02, 1.0));
        orders.addAll(order(T0 + 2_000, "o-2", "BTCUSDT", "buy", true, false, 2, 100.0, 100.03, 0.2));
        orders.addAll(order(T0 + 3_000, "s-1", "BTCUSDT", "buy", true, true, 50, 100.0, 100.10, 5.0));
        orders.addAll(order(T0 + 4_000, "s-2", "BTCUSDT", "sell", true, true, 50, 100.0, 99.50, 5.0));
        orders.addAll(order(T0 + 5_000, "o-3", "ETHUSDT", "sell", true, false, 4, 50.0, 49.99, 0.1));
        orders.addAll(order(T0 + 6_000, "s-3", "ETHUSDT", "buy", true, true, 100, 50.0, 50.05, 5.0));
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("market.jsonl"), market, StandardCharsets.UTF_8);
        Files.write(in.resolve("features.jsonl"), features, StandardCharsets.UTF_8);
        Files.write(in.resolve("orders.jsonl"), orders, StandardCharsets.UTF_8);
        GateSettings gate = GateSettings.of(KitConfig.defaults(),
                List.of(SyntheticDesk.profile(SyntheticDesk.CHAMPION), SyntheticDesk.profile(SyntheticDesk.CHALLENGER)),
                SyntheticDesk.CHAMPION, SyntheticDesk.CHALLENGER, JobClock.EVENT, true, 3_600_000L);
        result = new Replay(new ReplayInputs(in.resolve("market.jsonl"), in.resolve("features.jsonl"),
                in.resolve("orders.jsonl"), null), WorkflowSettings.replay(gate), 2, "hashmap", null).run();
    }

    @Test
    void paperFillsHaveTcaRecordsThatSaySoWithTheirSlippage() {
        assertThat(result.dlq()).isEmpty();
        assertThat(finalTca("o-1").shadow()).isFalse();
        assertThat(finalTca("o-3").shadow()).isFalse();
        assertThat(finalTca("s-1").shadow()).isTrue();
        assertThat(finalTca("s-1").canary()).isTrue();
        assertThat(finalTca("s-1").slippageBps()).isCloseTo(10.0, within(1e-6));
        // A sell at 99.5 against 100 costs 50 bps; a buy at 50.05 against 50 costs 10.
        assertThat(finalTca("s-2").slippageBps()).isCloseTo(50.0, within(1e-6));
        assertThat(finalTca("s-3").slippageBps()).isCloseTo(10.0, within(1e-6));
        // The record sent at the fill says shadow too, not only the final one.
        assertThat(result.tca()).filteredOn(r -> r.orderId().startsWith("s-")).hasSize(6).allMatch(TcaRecord::shadow);
        assertThat(result.tca()).filteredOn(r -> r.orderId().startsWith("o-")).hasSize(6).noneMatch(TcaRecord::shadow);
        // Markouts as any fill's: s-1 bought at 100.10; 1 s later the mid is 100: (100 - 100.10) / 100.10 * 1e4.
        assertThat(finalTca("s-1").markoutsBps().get("1s")).isCloseTo((100 - 100.10) / 100.10 * 1e4, within(1e-6));
    }

    @Test
    void theAccountCountsTheLiveFillsOnly() {
        KpiRecord last = lastKpi("_global");
        assertThat(last.ts()).isEqualTo(T0 + 8_000);
        // Nothing is closed live: realised 0 (the paper round trip s-1/s-2 would have lost 30).
        assertThat(last.realisedPnl()).isCloseTo(0.0, within(EPS));
        assertThat(last.fees()).isCloseTo(1.3, within(EPS));
        // BTC: 12 held at (1,000.2 + 200.06) / 12, marked at 101: 1,212 - 1,200.26 = 11.74.
        // ETH: 4 short at 49.99, marked at 50: -0.04.
        assertThat(last.unrealisedPnl()).isCloseTo(11.74 - 0.04, within(EPS));
        assertThat(last.equity()).isCloseTo(100_000 - 1.3 + 11.74 - 0.04, within(EPS));
        assertThat(last.totalTrades()).isEqualTo(3L);
        assertThat(last.tradesToday()).isEqualTo(3L);
        assertThat(last.canaryTradesTotal()).isEqualTo(2L);
        // Canary notional (200.06 + 199.96) of all (1,000.2 + 200.06 + 199.96).
        assertThat(last.canaryNotionalShare()).isCloseTo(400.02 / 1_400.22, within(EPS));
        assertThat(last.openPositions()).isEqualTo(2);
    }

    @Test
    void theSymbolsCountLiveTradesAndJudgeTheirLiveSlippageOnly() {
        KpiRecord btc = lastKpi("BTCUSDT");
        assertThat(btc.totalTrades()).isEqualTo(2L);
        assertThat(btc.canaryTradesTotal()).isEqualTo(1L);
        // (1,000.2 x 2 + 200.06 x 3) / 1,200.26; with the paper fills it would be about 26.9, over the SLO's 5.
        assertThat(btc.slippageBps()).isCloseTo((1_000.2 * 2 + 200.06 * 3) / 1_200.26, within(1e-6));
        // The challenger's own slippage counts its live and paper fills.
        assertThat(btc.challenger().slippageBps()).isCloseTo(
                (200.06 * 3 + 5_005 * 10 + 4_975 * 50) / (200.06 + 5_005 + 4_975), within(1e-6));
        KpiRecord eth = lastKpi("ETHUSDT");
        assertThat(eth.totalTrades()).isEqualTo(1L);
        assertThat(eth.canaryTradesTotal()).isEqualTo(1L);
        assertThat(eth.slippageBps()).isCloseTo(2.0, within(1e-6));

        List<GateDecision> btcDecisions = result.decisions().stream().filter(d -> d.symbol().equals("BTCUSDT")).toList();
        assertThat(btcDecisions).isNotEmpty().noneMatch(d -> d.reasons().contains(GateReason.SLO_SLIPPAGE));
    }

    private static TcaRecord finalTca(String orderId) {
        return result.tca().stream().filter(r -> r.orderId().equals(orderId) && r.isFinal()).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no final TCA record of " + orderId));
    }

    private static KpiRecord lastKpi(String symbol) {
        return result.kpis().stream().filter(k -> k.symbol().equals(symbol)).max(Comparator.comparingLong(KpiRecord::ts))
                .orElseThrow(() -> new AssertionError("no KPI record of " + symbol));
    }

    /** The placement, 500 ms before, and the fill of one order. */
    private static List<String> order(long fillTs, String id, String symbol, String side, boolean canary, boolean shadow,
            double qty, double arrivalMid, double fillPx, double fee) {
        String model = canary ? SyntheticDesk.CHALLENGER : SyntheticDesk.CHAMPION;
        String head = "{\"ts\":%d,\"event\":\"%s\",\"order_id\":\"" + id + "\",\"symbol\":\"" + symbol + "\",\"side\":\""
                + side + "\",\"model_id\":\"" + model + "\",\"canary\":" + canary + ",\"shadow\":" + shadow;
        return List.of(
                String.format(Locale.ROOT, head + ",\"qty\":%s,\"arrival_mid\":%s}", fillTs - 500, "placed", qty, arrivalMid),
                String.format(Locale.ROOT, head + ",\"fill_qty\":%s,\"fill_px\":%s,\"fee\":%s}", fillTs, "fill", qty, fillPx,
                        fee));
    }
}

package io.canarykit.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.config.KitConfig;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a few hand-made fills and quotes and checks each markout against the number worked by
 * hand; one symbol's input ends 30 s after its fill, before the 60 s horizon.
 */
class MarkoutReplayITCase {

    private static final long T = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @TempDir
    static Path dir;

    private static List<TcaRecord> tca;

    @BeforeAll
    static void replayOnce() throws Exception {
        List<Object> market = new ArrayList<>();
        // BTCUSDT, with bid = ask so each mid is exact.
        for (long[] q : new long[][] {{0, 10_000}, {500, 10_002}, {1_000, 10_004}, {3_000, 9_995}, {5_001, 10_050},
                {59_000, 10_030}, {70_000, 10_100}}) {
            market.add(quote("BTCUSDT", T + q[0], q[1] / 100.0));
        }
        // ETHUSDT: its input ends at T+30000.
        for (long[] q : new long[][] {{0, 2_000}, {1_000, 1_999}, {4_000, 2_001}, {30_000, 2_002}}) {
            market.add(quote("ETHUSDT", T + q[0], q[1]));
        }
        List<Object> orders = List.of(
                order(OrderEventType.PLACED, "b1", "BTCUSDT", Side.BUY, T - 100, null, null),
                // Two fills of one order, each measured from its own ts and price.
                order(OrderEventType.FILL, "b1", "BTCUSDT", Side.BUY, T, 1.0, 100.00),
                order(OrderEventType.FILL, "b1", "BTCUSDT", Side.BUY, T + 2_000, 1.0, 100.10),
                order(OrderEventType.PLACED, "e1", "ETHUSDT", Side.SELL, T - 100, null, null),
                order(OrderEventType.FILL, "e1", "ETHUSDT", Side.SELL, T, 1.0, 2_000.0));
        write(dir.resolve("market.jsonl"), market);
        write(dir.resolve("orders.jsonl"), orders);
        write(dir.resolve("features.jsonl"), List.of());

        GateSettings gate = GateSettings.of(KitConfig.defaults(), List.of(SyntheticDesk.profile(SyntheticDesk.CHAMPION)),
                SyntheticDesk.CHAMPION, null, JobClock.EVENT, true, 3_600_000L);
        tca = new Replay(new ReplayInputs(dir.resolve("market.jsonl"), dir.resolve("features.jsonl"),
                dir.resolve("orders.jsonl"), null), WorkflowSettings.replay(gate), 2, "rocksdb", null).run().tca();
    }

    @Test
    void eachFillGoesOutOnceUnsettledAndOnceFinal() {
        assertThat(tca).hasSize(6);
        assertThat(tca.stream().filter(r -> !r.isFinal()).map(TcaRecord::fillKey))
                .containsExactlyInAnyOrderElementsOf(tca.stream().filter(TcaRecord::isFinal).map(TcaRecord::fillKey).toList())
                .hasSize(3);
        tca.stream().filter(r -> !r.isFinal()).forEach(r -> assertThat(r.markoutsBps().values()).containsOnlyNulls());
    }

    @Test
    void buyMarkoutsMatchTheMidsWorkedByHand() {
        // Buy 1 @ 100.00 at T: 1 s, the quote stamped exactly at T+1000, 100.04: (100.04 - 100) / 100 * 1e4 = +4;
        // 5 s, the quote of T+3000 (the next is at T+5001, after the horizon), 99.95: -5; 60 s, 100.30 of T+59000: +30.
        Map<String, Double> first = finalOf("b1", T).markoutsBps();
        assertThat(first.get("1s")).isCloseTo(4.0, within(1e-9));
        assertThat(first.get("5s")).isCloseTo(-5.0, within(1e-9));
        assertThat(first.get("60s")).isCloseTo(30.0, within(1e-9));
        // Buy 1 @ 100.10 at T+2000: 1 s at T+3000, 99.95: -0.15 / 100.10 * 1e4 = -14.98501498...;
        // 5 s at T+7000, 100.50 of T+5001: 0.40 / 100.10 * 1e4 = 39.96003996...; 60 s at T+62000, 100.30: 19.98001998...
        Map<String, Double> second = finalOf("b1", T + 2_000).markoutsBps();
        assertThat(second.get("1s")).isCloseTo(-14.985014985014985, within(1e-6));
        assertThat(second.get("5s")).isCloseTo(39.96003996003996, within(1e-6));
        assertThat(second.get("60s")).isCloseTo(19.98001998001998, within(1e-6));
    }

    @Test
    void aHorizonAfterTheSymbolsInputEndsHasNoMarkoutAndTheRecordIsStillFinal() {
        // Sell 1 @ 2000 at T: 1 s, 1999 of T+1000: -1 * (1999 - 2000) / 2000 * 1e4 = +5; 5 s, 2001 of T+4000: -5;
        // 60 s falls after the symbol's last input (T+30000): no mid is known there.
        TcaRecord eth = finalOf("e1", T);
        assertThat(eth.markoutsBps().get("1s")).isCloseTo(5.0, within(1e-9));
        assertThat(eth.markoutsBps().get("5s")).isCloseTo(-5.0, within(1e-9));
        assertThat(eth.markoutsBps()).containsEntry("60s", null);
    }

    private static TcaRecord finalOf(String orderId, long ts) {
        return tca.stream().filter(r -> r.isFinal() && r.orderId().equals(orderId) && r.ts() == ts).findFirst().orElseThrow();
    }

    private static MarketQuote quote(String symbol, long ts, double mid) {
        return new MarketQuote(ts, symbol, Feed.PRIMARY, mid, mid, null, null);
    }

    private static OrderEvent order(OrderEventType type, String id, String symbol, Side side, long ts, Double qty, Double px) {
        return new OrderEvent(ts, type, id, symbol, side, null, SyntheticDesk.CHAMPION, false, 2.0, null,
                type == OrderEventType.PLACED ? 100.0 : null, null, qty, px, type == OrderEventType.FILL ? 0.0 : null);
    }

    private static void write(Path file, List<Object> records) throws Exception {
        StringBuilder b = new StringBuilder();
        for (Object r : records) {
            b.append(new String(JsonCodec.encode(r), StandardCharsets.UTF_8)).append('\n');
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }
}

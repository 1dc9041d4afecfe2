package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.risk.PositionChange;
import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.Feed;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import io.canarykit.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class SymbolLedgerFunctionTest {

    private static final long T0 = 1_767_225_600_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, SymbolEvent, AccountEvent> harness(JobClock clock)
            throws Exception {
        ReferenceProfile profile = new ReferenceProfile("champion_1",
                Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
        GateSettings settings = GateSettings.of(KitConfig.defaults(), List.of(profile), "champion_1", null,
                clock, true, 3_600_000L);
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SymbolLedgerFunction(settings), SymbolEvent::symbol, Types.STRING);
    }

    @Test
    void aMarkTheBudgetCannotTakeGoesToTheDlqAndTheLedgerGoesOn() throws Exception {
        // A zero mid once threw out of the account's timer, and the job restarted into it for ever.
        try (var h = harness(JobClock.EVENT)) {
            h.processElement(primary(T0, 0.0), T0);
            h.processElement(SymbolEvent.of(fill(T0 + 1, "o-1", Side.BUY, 2.0, 100.0)), T0 + 1);
            h.processWatermark(T0 + 1);

            List<DlqRecord> dlq = h.getSideOutput(Descriptors.DLQ).stream().map(StreamRecord::getValue).toList();
            assertThat(dlq).singleElement().satisfies(d -> {
                assertThat(d.topic()).isEqualTo(Topics.MARKET);
                assertThat(d.reason()).isEqualTo("processing_error");
                assertThat(d.detail()).isEqualTo("IllegalArgumentException: mid must be a positive finite number, got 0.0");
                assertThat(new String(Base64.getDecoder().decode(d.rawBase64()), StandardCharsets.UTF_8))
                        .isEqualTo("{\"ts\":" + T0 + ",\"symbol\":\"BTCUSDT\",\"feed\":\"primary\",\"mid\":0.0}");
            });
            assertThat(positions(h)).singleElement().satisfies(p -> assertThat(p.isFill()).isTrue());
        }
    }

    @Test
    void onlyTheMidsOfAHeldPositionReachTheAccount() throws Exception {
        try (var h = harness(JobClock.LIVE)) {
            h.processElement(primary(T0, 100.0), T0);
            h.processElement(primary(T0 + 1, 101.0), T0 + 1);
            assertThat(h.extractOutputValues()).as("two mids of a flat symbol").isEmpty();

            h.processElement(SymbolEvent.of(fill(T0 + 2, "o-1", Side.SELL, 4.0, 100.0)), T0 + 2);
            h.processElement(primary(T0 + 3, 99.5), T0 + 3);
            h.processElement(SymbolEvent.of(fill(T0 + 4, "o-2", Side.BUY, 4.0, 99.0)), T0 + 4);
            h.processElement(primary(T0 + 5, 99.0), T0 + 5);

            List<PositionChange> changes = positions(h);
            assertThat(changes).hasSize(3);
            // Short 4 at 100, valued at the held mid 101 on the fill: -4; at 99.5: +2; bought back at 99: +4 realised.
            PositionChange opened = changes.get(0);
            assertThat(opened.unrealisedBefore()).isEqualTo(0.0);
            assertThat(opened.unrealisedAfter()).isEqualTo(-4.0);
            assertThat(opened.flatAfter()).isFalse();
            assertThat(opened.notional()).isEqualTo(400.0);
            PositionChange marked = changes.get(1);
            assertThat(marked.isFill()).isFalse();
            assertThat(marked.unrealisedBefore()).isEqualTo(-4.0);
            assertThat(marked.unrealisedAfter()).isEqualTo(2.0);
            PositionChange closed = changes.get(2);
            assertThat(closed.realised()).isEqualTo(4.0);
            assertThat(closed.unrealisedAfter()).isEqualTo(0.0);
            assertThat(closed.flatAfter()).isTrue();
        }
    }

    @Test
    void replayAppliesTheEventsOfOneTimestampInTheAccountsOrderWhateverTheirArrival() throws Exception {
        try (var h = harness(JobClock.EVENT)) {
            // The fill arrives first, but the mid of its instant is applied before it, as the account does.
            h.processElement(SymbolEvent.of(fill(T0, "o-1", Side.BUY, 10.0, 100.0)), T0);
            h.processElement(primary(T0, 101.0), T0);
            h.processWatermark(T0);

            // Flat at the mid: no change; the fill opens at 100 marked 101: +10 at once.
            assertThat(positions(h)).singleElement().satisfies(p -> {
                assertThat(p.isFill()).isTrue();
                assertThat(p.unrealisedAfter()).isEqualTo(10.0);
            });
        }
    }

    @Test
    void aFillSentTwiceMovesThePositionOnceAndAPaperFillNever() throws Exception {
        try (var h = harness(JobClock.LIVE)) {
            OrderEvent f = fill(T0, "o-1", Side.BUY, 1.0, 100.0);
            h.processElement(SymbolEvent.of(f), T0);
            h.processElement(SymbolEvent.of(f), T0);
            h.processElement(SymbolEvent.of(new OrderEvent(T0 + 1, OrderEventType.FILL, "p-1", "BTCUSDT", Side.BUY,
                    "main", "challenger_1", true, 5.0, null, 100.0, null, 5.0, 100.0, 0.0, true)), T0 + 1);

            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(positions(h)).singleElement().satisfies(p -> assertThat(p.orderId()).isEqualTo("o-1"));
        }
    }

    @Test
    void theLedgersStateAndWhatItSendsNeedNoKryo() {
        io.canarykit.operators.flink.state.KryoFreeTypes.assertNoGenericTypes(
                io.canarykit.operators.account.SymbolLedger.State.class);
        io.canarykit.operators.flink.state.KryoFreeTypes.assertNoGenericTypes(AccountEvent.class);
    }

    private static List<PositionChange> positions(KeyedOneInputStreamOperatorTestHarness<String, SymbolEvent, AccountEvent> h) {
        return h.extractOutputValues().stream().map(e -> e.change().position()).filter(p -> p != null).toList();
    }

    private static SymbolEvent primary(long ts, double mid) {
        return SymbolEvent.of(new MarketQuote(ts, "BTCUSDT", Feed.PRIMARY, mid, mid, null, null));
    }

    private static OrderEvent fill(long ts, String orderId, Side side, double qty, double px) {
        return new OrderEvent(ts, OrderEventType.FILL, orderId, "BTCUSDT", side, "main", "champion_1", false,
                qty, px, px, null, qty, px, 0.0);
    }
}

package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.codec.InputDecoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeskSessionTest {

    @AfterEach
    void forget() {
        DeskSession.forgetAll();
    }

    @Test
    void roundsTheSizeToWholeBlocksPerSymbol() {
        // 100,000 / 100 symbols / 30 = 33.3 blocks, so 33 blocks: 990 events a symbol.
        DeskSession session = DeskSession.of(1, 100, 100_000, 20_000);
        assertThat(session.eventsPerSymbol()).isEqualTo(990);
        assertThat(session.events()).isEqualTo(99_000);
        // Never less than one block a symbol.
        assertThat(DeskSession.of(1, 4, 1, 20_000).events()).isEqualTo(120);
    }

    @Test
    void spacesSymbolsTurnsAtTheSessionRate() {
        // 100 symbols at 20,000 events/s: each event 0.05 ms after the last, so symbol 3's event 2 is
        // the 203rd overall, at 10.15 ms, written as 10 ms.
        DeskSession session = DeskSession.of(1, 100, 3_000, 20_000);
        assertThat(session.ts(0, 0)).isEqualTo(DeskSession.OPEN_TS);
        assertThat(session.ts(2, 3)).isEqualTo(DeskSession.OPEN_TS + 10);
        assertThat(session.ts(10, 0)).isEqualTo(DeskSession.OPEN_TS + 50);
    }

    @Test
    void mixesSevenTenthsQuotesTwoTenthsFeaturesAndOneTenthOrderEvents() {
        DeskSession session = DeskSession.of(7, 4, 240, 20_000);
        DeskSession.Share share = session.share(0, 1);
        assertThat(share.size()).isEqualTo(240);
        assertThat(share.market()).hasSize(168);
        assertThat(share.features()).hasSize(48);
        assertThat(share.orders()).hasSize(24);
    }

    @Test
    void writesValidInputThatKeepsTheFeedsWithinAFewBasisPoints() {
        DeskSession.Share share = DeskSession.of(7, 4, 1_200, 20_000).share(0, 1);
        double[] primary = new double[4];
        for (byte[] bytes : share.market()) {
            MarketQuote q = InputDecoder.market(bytes).value();
            int s = Integer.parseInt(q.symbol().substring(1));
            if (q.feed() == io.canarykit.schema.Feed.PRIMARY) {
                primary[s] = q.mid();
            } else {
                assertThat(Math.abs(q.mid() - primary[s]) / q.mid() * 1e4).as("dislocation in bps").isLessThan(5);
            }
        }
        for (byte[] bytes : share.features()) {
            FeatureVector f = InputDecoder.features(bytes).value();
            assertThat(f.features()).containsOnlyKeys("momentum", "spread_z", "imbalance", "vol_ratio");
        }
        List<OrderEventType> lifecycle = new ArrayList<>();
        for (byte[] bytes : share.orders().subList(0, 12)) {
            OrderEvent o = InputDecoder.order(bytes).value();
            if (o.symbol().equals("S000")) {
                lifecycle.add(o.event());
            }
        }
        assertThat(lifecycle).containsExactly(OrderEventType.PLACED, OrderEventType.ACKED, OrderEventType.FILL);
    }

    @Test
    void givesEachSubtaskItsSymbolsAloneInTimeOrderWhateverTheParallelism() {
        DeskSession session = DeskSession.of(7, 5, 300, 20_000);
        List<String> whole = decodedSymbols(session.share(0, 1).market());
        List<String> first = decodedSymbols(session.share(0, 2).market());
        List<String> second = decodedSymbols(session.share(1, 2).market());

        assertThat(first).containsOnly("S000", "S002", "S004");
        assertThat(second).containsOnly("S001", "S003");
        assertThat(first.size() + second.size()).isEqualTo(whole.size());
        // A symbol's records are the same bytes whichever subtask generates them.
        assertThat(session.share(1, 2).market().get(0)).isEqualTo(session.share(0, 1).market().get(1));
        long last = Long.MIN_VALUE;
        for (byte[] bytes : session.share(0, 2).market()) {
            long ts = InputDecoder.market(bytes).value().ts();
            assertThat(ts).isGreaterThanOrEqualTo(last);
            last = ts;
        }
    }

    @Test
    void refusesASessionOfPartBlocks() {
        assertThatThrownBy(() -> new DeskSession(1, 4, 31, 20_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole blocks of 30");
    }

    private static List<String> decodedSymbols(List<byte[]> records) {
        return records.stream().map(b -> InputDecoder.market(b).value().symbol()).toList();
    }
}

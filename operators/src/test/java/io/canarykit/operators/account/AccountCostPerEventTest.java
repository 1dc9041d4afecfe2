package io.canarykit.operators.account;

import io.canarykit.operators.store.CountingStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.risk.PositionBook;
import io.canarykit.operators.risk.RiskBudget;
import io.canarykit.operators.signals.Unusable;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * What one event costs the account, whatever the number of symbols quoted: the value saved after each
 * event holds no per-symbol data, whether the symbols are quoted or held, a quote touches one
 * holding and an evaluation none.
 */
class AccountCostPerEventTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final KitConfig CONFIG = KitConfig.defaults();
    private static final int SYMBOLS = 1_000;

    @Test
    void theSavedStateIsTheSameSizeAfterOneSymbolOrAThousandAreQuoted() throws IOException {
        AccountWatch.Stores stores = AccountWatch.Stores.onHeap(CONFIG);
        AccountWatch account = AccountWatch.create(CONFIG, T0, stores);
        fill(account, T0, "o-1", "S0000", Side.BUY, 2.0, 100.0);
        account.applyMark("S0000", T0 + 1, 101.0, failOnRefusal());
        account.evaluate(T0 + 1);
        int afterOne = serializedSize(account.state());

        for (int i = 1; i < SYMBOLS; i++) {
            account.applyMark(symbol(i), T0 + 1 + i, 50.0 + i, failOnRefusal());
            account.evaluate(T0 + 1 + i);
        }

        // Every quoted symbol has its holding in the store; the saved value counts the one position.
        assertThat(((KeyValueStore.HeapStore<String, PositionBook.Holding>) stores.budget().holdings()).size())
                .isEqualTo(SYMBOLS);
        assertThat(account.state().budget().book().openPositions()).isEqualTo(1);
        assertThat(serializedSize(account.state())).isEqualTo(afterOne);
    }

    @Test
    void aQuoteTouchesOneHoldingAndAnEvaluationNone() {
        CountingStore<String, PositionBook.Holding> holdings = new CountingStore<>();
        AccountWatch account = AccountWatch.create(CONFIG, T0, withHoldings(holdings));
        fill(account, T0, "o-1", "S0001", Side.BUY, 1.0, 100.0);
        fill(account, T0, "o-2", "S0002", Side.SELL, 3.0, 40.0);
        for (int i = 0; i < SYMBOLS; i++) {
            account.applyMark(symbol(i), T0 + 1, 30.0 + i, failOnRefusal());
        }

        long before = holdings.gets + holdings.writes();
        account.applyMark("S0500", T0 + 2, 99.0, failOnRefusal());
        long quote = holdings.gets + holdings.writes() - before;
        account.evaluate(T0 + 2);

        // One read and one write of the quoted symbol; the evaluation reads no holding at all.
        assertThat(quote).isEqualTo(2);
        assertThat(holdings.gets + holdings.writes() - before).isEqualTo(quote);
        assertThat(holdings.scans + holdings.clears).isZero();
    }

    @Test
    void theSavedStateAndTheViewAreTheSameSizeWithOnePositionOrAThousand() throws IOException {
        AccountWatch account = AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG));
        fill(account, T0, "o-0", symbol(0), Side.BUY, 1.0, 100.0);
        AccountWatch.Evaluation one = account.evaluate(T0);
        int stateWithOne = serializedSize(account.state());
        int viewWithOne = serializedSize(one.view());

        for (int i = 1; i < SYMBOLS; i++) {
            fill(account, T0 + i, "o-" + i, symbol(i), i % 2 == 0 ? Side.BUY : Side.SELL, 1.0, 100.0);
        }
        AccountWatch.Evaluation thousand = account.evaluate(T0 + SYMBOLS);

        assertThat(one.view().openPositions()).isEqualTo(1);
        assertThat(thousand.view().openPositions()).isEqualTo(SYMBOLS);
        assertThat(serializedSize(account.state())).isEqualTo(stateWithOne);
        assertThat(serializedSize(thousand.view())).isEqualTo(viewWithOne);
    }

    @Test
    void theViewCountsPositionsAsFillsOpenAndCloseThem() {
        AccountWatch account = AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG));
        fill(account, T0, "o-1", "AAA", Side.BUY, 1.0, 100.0);
        assertThat(account.evaluate(T0).view().openPositions()).isEqualTo(1);
        fill(account, T0 + 1, "o-2", "AAA", Side.BUY, 1.0, 96.0);
        fill(account, T0 + 1, "o-3", "BBB", Side.SELL, 1.0, 20.0);
        assertThat(account.evaluate(T0 + 1).view().openPositions()).isEqualTo(2);
        fill(account, T0 + 2, "o-4", "AAA", Side.SELL, 2.0, 97.0);
        assertThat(account.evaluate(T0 + 2).view().openPositions()).isEqualTo(1);
        fill(account, T0 + 3, "o-5", "BBB", Side.BUY, 3.0, 19.0);
        // A flip keeps the position open, the other way.
        assertThat(account.evaluate(T0 + 3).view().openPositions()).isEqualTo(1);
        assertThat(account.state().budget().book().openPositions()).isEqualTo(1);
    }

    private static void fill(AccountWatch account, long t, String id, String symbol, Side side, double qty, double px) {
        account.applyOrder(new OrderEvent(t, OrderEventType.PLACED, id, symbol, side, "main", "champion_1", false,
                qty, null, px, null, null, null, null), failOnRefusal());
        account.applyOrder(new OrderEvent(t, OrderEventType.FILL, id, symbol, side, "main", "champion_1", false,
                qty, null, null, null, qty, px, 0.0), failOnRefusal());
    }

    private static <T> Unusable<T> failOnRefusal() {
        return (input, reason, detail) -> {
            throw new AssertionError(reason + ": " + detail);
        };
    }

    private static String symbol(int i) {
        return String.format("S%04d", i);
    }

    private static AccountWatch.Stores withHoldings(KeyValueStore<String, PositionBook.Holding> holdings) {
        AccountWatch.Stores heap = AccountWatch.Stores.onHeap(CONFIG);
        RiskBudget.Stores budget = heap.budget();
        return new AccountWatch.Stores(
                new RiskBudget.Stores(holdings, budget.fillKeys(), budget.ordersToday(), budget.ordersSinceReset()),
                heap.orders(), heap.finishedOrders(), heap.openOrders(), heap.sloWindow(), heap.sloPlaceMs());
    }

    /** The bytes the state backend writes for {@code value}, or the network for a view, with Flink's own serializer. */
    @SuppressWarnings("unchecked")
    private static <T> int serializedSize(T value) throws IOException {
        TypeSerializer<T> serializer = TypeInformation.of((Class<T>) value.getClass())
                .createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return out.length();
    }
}

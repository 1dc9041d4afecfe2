package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.account.AccountWatch;
import io.canarykit.operators.signals.Unusable;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AccountWatchStateSerializerTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final KitConfig CONFIG = KitConfig.defaults();
    private final AccountWatchStateSerializer serializer = new AccountWatchStateSerializer();

    @Test
    void aRestoredAccountGoesOnAsItsNeverSavedTwin() throws IOException {
        AccountWatch.Stores stores = AccountWatch.Stores.onHeap(CONFIG);
        AccountWatch account = busyAccount(stores);
        AccountWatch.State state = account.state();

        AccountWatch.State read = read(bytes(state));
        AccountWatch restored = AccountWatch.restore(CONFIG, read, stores);

        assertThat(bytes(read)).isEqualTo(bytes(state));
        assertThat(read.limitSettings()).isEqualTo(Map.of("MAX_TRADES_PER_DAY", "40"));
        assertThat(read.lastView()).isEqualTo(state.lastView());
        assertThat(read.budget()).isEqualTo(state.budget());
        assertThat(read.ledger()).isEqualTo(state.ledger());
        // Both go on from the same point: the same next evaluation, figure for figure.
        AccountWatch.Evaluation original = account.refresh(T0 + 10_000);
        AccountWatch.Evaluation again = restored.refresh(T0 + 10_000);
        assertThat(again.snapshot()).isEqualTo(original.snapshot());
        assertThat(again.kpi()).isEqualTo(original.kpi());
    }

    @Test
    void writesFewerBytesThanFlinksGenericSerializer() throws IOException {
        AccountWatch.State state = busyAccount(AccountWatch.Stores.onHeap(CONFIG)).state();
        DataOutputSerializer generic = new DataOutputSerializer(512);
        TypeInformation.of(AccountWatch.State.class).createSerializer(new SerializerConfigImpl()).serialize(state, generic);

        assertThat(bytes(state).length).isLessThan(generic.length());
    }

    @Test
    void aCopyIsDeepAndEqual() throws IOException {
        AccountWatch.State state = busyAccount(AccountWatch.Stores.onHeap(CONFIG)).state();
        AccountWatch.State copy = serializer.copy(state);

        assertThat(copy).isNotSameAs(state);
        assertThat(copy.slo().placeMs().counts()).isNotSameAs(state.slo().placeMs().counts())
                .isEqualTo(state.slo().placeMs().counts());
        assertThat(bytes(copy)).isEqualTo(bytes(state));
        assertThat(serializer.copy(null)).isNull();
    }

    @Test
    void refusesALayoutItDoesNotKnow() {
        byte[] bytes = bytes(AccountWatch.create(CONFIG, T0, AccountWatch.Stores.onHeap(CONFIG)).state());
        bytes[0] = 9;

        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class)
                .hasMessageContaining("the account's state in layout 9, this version reads layout 1");
    }

    /** An account with a position, fills, SLO samples, a view and a set_limits behind it. */
    private static AccountWatch busyAccount(AccountWatch.Stores stores) {
        AccountWatch account = AccountWatch.create(CONFIG, T0, stores);
        Unusable<Object> fail = (bad, reason, detail) -> {
            throw new AssertionError(reason + ": " + detail);
        };
        for (int i = 0; i < 25; i++) {
            long t = T0 + i * 100L;
            String id = "o-" + i;
            account.applyOrder(new OrderEvent(t, OrderEventType.PLACED, id, "AAA", Side.BUY, "main", "champion_1",
                    i % 4 == 0, 1.0, null, 100.0, null, null, null, null), fail::reject);
            account.applyOrder(new OrderEvent(t + 1, OrderEventType.ACKED, id, "AAA", Side.BUY, "main", "champion_1",
                    i % 4 == 0, null, null, null, 10.0 + i, null, null, null), fail::reject);
            account.applyOrder(new OrderEvent(t + 2, OrderEventType.FILL, id, "AAA", i % 3 == 0 ? Side.SELL : Side.BUY,
                    "main", "champion_1", i % 4 == 0, 1.0, null, 100.0, null, 1.0, 100.0 + i * 0.01, 0.25), fail::reject);
            account.applyMark("AAA", t + 3, 100.0 + i * 0.02, fail::reject);
            account.evaluate(t + 3);
        }
        account.applyCommand(new ControlCommand("l-1", T0 + 5_000, "ops", ControlType.SET_LIMITS,
                Map.of("MAX_TRADES_PER_DAY", "40")));
        account.evaluate(T0 + 5_000);
        return account;
    }

    private byte[] bytes(AccountWatch.State state) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(state, out);
            return out.getCopyOfBuffer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private AccountWatch.State read(byte[] bytes) throws IOException {
        return serializer.deserialize(new DataInputDeserializer(bytes));
    }
}

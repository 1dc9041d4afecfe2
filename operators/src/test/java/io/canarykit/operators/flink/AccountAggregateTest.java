package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.account.AccountWatch;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AccountAggregateTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final KitConfig CONFIG = KitConfig.defaults();

    private final AccountAggregateSerializer serializer = new AccountAggregateSerializer();
    private final AccountWatchStateSerializer fieldsSerializer = new AccountWatchStateSerializer();

    @Test
    void writesTheBytesOfTheAccountsFieldsSoStateSavedBeforeReadsAsItIs() throws IOException {
        AccountWatch watch = busyAccount(AccountWatch.Stores.onHeap(CONFIG), 25);
        byte[] fields = bytes(fieldsSerializer, watch.state());

        assertThat(bytes(serializer, AccountAggregate.live(watch))).isEqualTo(fields);
        AccountAggregate read = serializer.deserialize(new DataInputDeserializer(fields));
        assertThat(bytes(fieldsSerializer, read.fields())).isEqualTo(fields);
    }

    @Test
    void aCopyIsDeepSoTheLiveAccountChangesInPlaceWithoutTouchingIt() throws IOException {
        AccountWatch.Stores stores = AccountWatch.Stores.onHeap(CONFIG);
        AccountWatch watch = busyAccount(stores, 10);
        AccountAggregate held = AccountAggregate.live(watch);
        byte[] before = bytes(serializer, held);

        AccountAggregate copy = serializer.copy(held);
        trade(watch, 10, 20);

        assertThat(bytes(serializer, held)).as("the live account moved on").isNotEqualTo(before);
        assertThat(bytes(serializer, copy)).isEqualTo(before);
        assertThat(serializer.copy(null)).isNull();
    }

    @Test
    void aValueReadFromBytesRestoresItsAccountOnceAndKeepsIt() throws IOException {
        AccountWatch.Stores stores = AccountWatch.Stores.onHeap(CONFIG);
        AccountWatch original = busyAccount(stores, 25);
        byte[] fields = bytes(fieldsSerializer, original.state());
        AccountAggregate read = serializer.deserialize(new DataInputDeserializer(fields));

        AccountWatch first = read.watch(CONFIG, stores);
        assertThat(read.watch(CONFIG, stores)).isSameAs(first);
        assertThat(read.isLive(first)).isTrue();
        assertThat(read.isLive(original)).isFalse();
        assertThat(bytes(serializer, read)).isEqualTo(fields);
        // The restored account goes on as the one it was saved from, figure for figure.
        assertThat(first.refresh(T0 + 60_000).kpi()).isEqualTo(original.refresh(T0 + 60_000).kpi());
    }

    @Test
    void refusesToHoldNothing() {
        assertThatThrownBy(() -> AccountAggregate.saved(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccountAggregate.live(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsCheckpointsWrittenWhileTheStateHeldTheFieldsAlone() throws IOException {
        assertThat(resolve(fieldsSerializer).isCompatibleAsIs()).isTrue();
        assertThat(resolve(serializer).isCompatibleAsIs()).isTrue();
        assertThat(resolve(new SymbolAggregateSerializer()).isIncompatible()).isTrue();
        assertThat(serializer.snapshotConfiguration().restoreSerializer()).isEqualTo(serializer);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private TypeSerializerSchemaCompatibility<AccountAggregate> resolve(TypeSerializer<?> old) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, old.snapshotConfiguration());
        TypeSerializerSnapshot restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        return serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
    }

    /** An account with positions, fills, SLO samples and a view behind it. */
    private static AccountWatch busyAccount(AccountWatch.Stores stores, int trades) {
        AccountWatch account = AccountWatch.create(CONFIG, T0, stores);
        trade(account, 0, trades);
        return account;
    }

    private static void trade(AccountWatch account, int from, int to) {
        for (int i = from; i < to; i++) {
            long t = T0 + i * 100L;
            String id = "o-" + i;
            account.applyOrder(order(t, OrderEventType.PLACED, id, Side.BUY, null, null, null), AccountAggregateTest::fail);
            account.applyOrder(order(t + 1, OrderEventType.ACKED, id, Side.BUY, 10.0 + i, null, null),
                    AccountAggregateTest::fail);
            account.applyOrder(order(t + 2, OrderEventType.FILL, id, i % 3 == 0 ? Side.SELL : Side.BUY, null, 1.0,
                    100.0 + i * 0.01), AccountAggregateTest::fail);
            account.applyMark("AAA", t + 3, 100.0 + i * 0.02, AccountAggregateTest::fail);
            account.evaluate(t + 3);
        }
    }

    private static OrderEvent order(long t, OrderEventType type, String id, Side side, Double placeMs, Double fillQty,
            Double fillPx) {
        boolean placed = type == OrderEventType.PLACED;
        return new OrderEvent(t, type, id, "AAA", side, "main", "champion_1", false, placed || fillQty != null ? 1.0 : null,
                null, placed || fillQty != null ? 100.0 : null, placeMs, fillQty, fillPx, fillQty == null ? null : 0.25);
    }

    private static void fail(Object bad, io.canarykit.schema.codec.RejectReason reason, String detail) {
        throw new AssertionError(reason + ": " + detail);
    }

    private static <T> byte[] bytes(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }
}

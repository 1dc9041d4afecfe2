package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.operators.signals.ReferenceBook;
import io.canarykit.operators.symbol.StaleClock;
import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.operators.symbol.SymbolSetup;
import io.canarykit.operators.symbol.SymbolStores;
import io.canarykit.operators.symbol.SymbolWatch;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SymbolAggregateTest {

    private static final String CHAMPION = "champion_1";
    private static final long T0 = 1_767_225_600_000L;
    private static final ControlState ARMED = new ControlState(true, false, true, null, 0.05, CHAMPION, null);
    private static final SymbolSetup SETUP = new SymbolSetup(
            KitConfig.defaults().with(Map.of("PSI_MIN_SAMPLES", "2", "SLO_MIN_SAMPLES", "2")),
            Map.of(CHAMPION, new ReferenceProfile(CHAMPION,
                    Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})))),
            ARMED);

    private final SymbolAggregateSerializer serializer = new SymbolAggregateSerializer();
    private final SymbolWatchStateSerializer fieldsSerializer = new SymbolWatchStateSerializer();

    @Test
    void writesTheBytesOfTheSymbolsFieldsSoStateSavedBeforeReadsAsItIs() throws IOException {
        SymbolWatch watch = busyWatch(SymbolStores.onHeap(SETUP), 0);
        byte[] fields = bytes(fieldsSerializer, watch.state());

        assertThat(bytes(serializer, SymbolAggregate.live(watch, SETUP.startBook()))).isEqualTo(fields);
        SymbolAggregate read = serializer.deserialize(new DataInputDeserializer(fields));
        assertThat(bytes(fieldsSerializer, read.fields())).isEqualTo(fields);
    }

    @Test
    void aCopyIsDeepSoTheLiveWatchChangesInPlaceWithoutTouchingIt() throws IOException {
        SymbolStores stores = SymbolStores.onHeap(SETUP);
        SymbolWatch watch = busyWatch(stores, 0);
        SymbolAggregate held = SymbolAggregate.live(watch, SETUP.startBook());
        byte[] before = bytes(serializer, held);

        SymbolAggregate copy = serializer.copy(held);
        feed(watch, T0 + 10_000);

        assertThat(bytes(serializer, held)).as("the live watch moved on").isNotEqualTo(before);
        assertThat(bytes(serializer, copy)).isEqualTo(before);
    }

    @Test
    void keepsTheLiveWatchUnderTheSameBookAndRebuildsItUnderAnother() throws IOException {
        SymbolStores stores = SymbolStores.onHeap(SETUP);
        SymbolWatch watch = busyWatch(stores, 0);
        ReferenceBook book = SETUP.startBook();
        SymbolAggregate held = SymbolAggregate.live(watch, book);

        assertThat(held.watch(SETUP, stores, book)).isSameAs(watch);
        ReferenceBook another = book.plus(List.of());
        SymbolWatch rebuilt = held.watch(SETUP, stores, another);
        assertThat(rebuilt).isNotSameAs(watch);
        assertThat(bytes(fieldsSerializer, rebuilt.state())).isEqualTo(bytes(fieldsSerializer, watch.state()));
        assertThat(held.isLive(rebuilt)).isTrue();
    }

    @Test
    void aValueReadFromBytesRestoresItsWatchOnceAndKeepsIt() throws IOException {
        SymbolStores stores = SymbolStores.onHeap(SETUP);
        byte[] fields = bytes(fieldsSerializer, busyWatch(stores, 0).state());
        SymbolAggregate read = serializer.deserialize(new DataInputDeserializer(fields));

        SymbolWatch first = read.watch(SETUP, stores, SETUP.startBook());
        assertThat(read.watch(SETUP, stores, SETUP.startBook())).isSameAs(first);
        assertThat(bytes(serializer, read)).isEqualTo(fields);
    }

    @Test
    void readsCheckpointsWrittenWhileTheStateHeldTheFieldsAlone() throws IOException {
        assertThat(resolve(fieldsSerializer).isCompatibleAsIs()).isTrue();
        assertThat(resolve(serializer).isCompatibleAsIs()).isTrue();
        assertThat(resolve(new AccountWatchStateSerializer()).isIncompatible()).isTrue();
        assertThat(serializer.snapshotConfiguration().restoreSerializer()).isEqualTo(serializer);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility<SymbolAggregate> resolve(
            TypeSerializer<?> old) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, old.snapshotConfiguration());
        TypeSerializerSnapshot restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        return serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
    }

    /** A watch with drift, SLO facts with placement times, a fill and a decision: every part of its fields set. */
    private static SymbolWatch busyWatch(SymbolStores stores, long offset) {
        SymbolWatch watch = SymbolWatch.create("BTCUSDT", SETUP, stores);
        feed(watch, T0 + offset);
        return watch;
    }

    private static void feed(SymbolWatch watch, long t) {
        List<SymbolEvent> events = List.of(
                SymbolEvent.of(new MarketQuote(t, "BTCUSDT", Feed.PRIMARY, 99.99, 100.01, null, null)),
                SymbolEvent.of(new MarketQuote(t, "BTCUSDT", Feed.REFERENCE, 99.99, 100.01, null, null)),
                SymbolEvent.of(new FeatureVector(t, "BTCUSDT", CHAMPION, Map.of("x", 0.7))),
                SymbolEvent.of(new FeatureVector(t + 1, "BTCUSDT", CHAMPION, Map.of("x", -0.2))),
                order(t + 2, OrderEventType.PLACED, "o" + t, 100.0, null, null, null),
                order(t + 3, OrderEventType.ACKED, "o" + t, null, 12.0, null, null),
                order(t + 4, OrderEventType.FILL, "o" + t, null, null, 1.0, 100.02));
        for (SymbolEvent e : events) {
            watch.apply(e, ARMED, tca -> { }, (bad, reason, detail) -> { });
        }
        watch.evaluate(t + 5, StaleClock.replay(t + 5), AccountView.fresh(t), ARMED, GateLimits.defaults());
    }

    private static SymbolEvent order(long t, OrderEventType type, String id, Double arrivalMid, Double placeMs,
            Double fillQty, Double fillPx) {
        return SymbolEvent.of(new OrderEvent(t, type, id, "BTCUSDT", Side.BUY, "main", CHAMPION, false,
                type == OrderEventType.PLACED ? 1.0 : null, null, arrivalMid, placeMs, fillQty, fillPx, null));
    }

    private static <T> byte[] bytes(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }
}

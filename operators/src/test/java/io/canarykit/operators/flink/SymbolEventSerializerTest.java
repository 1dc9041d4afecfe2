package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The wire form of symbol events against Flink's own POJO serializer, which the streams used
 * before: every generated event (nulls, empty and long strings, text beyond ASCII and unpaired
 * surrogates, NaN, infinities and -0.0, maps with null values) must come back equal to the event
 * and to what the POJO serializer gives back, with its features in the same order.
 */
class SymbolEventSerializerTest {

    private static final TypeSerializer<SymbolEvent> POJO =
            TypeInformation.of(SymbolEvent.class).createSerializer(new SerializerConfigImpl());
    private static final TypeSerializer<SymbolEvent> WIRE =
            SymbolEventSerializer.TYPE.createSerializer(new SerializerConfigImpl());

    @Test
    void everyGeneratedEventComesBackAsFlinksPojoSerializerGivesItBack() throws IOException {
        Random random = new Random(27);
        for (int i = 0; i < 20_000; i++) {
            SymbolEvent event = randomEvent(random);
            SymbolEvent viaPojo = roundTrip(POJO, event);
            SymbolEvent viaWire = roundTrip(WIRE, event);

            assertThat(viaWire).as("event %d: %s", i, event).isEqualTo(event).isEqualTo(viaPojo);
            if (event.features() != null && event.features().features() != null) {
                assertThat(new ArrayList<>(viaWire.features().features().keySet()))
                        .as("the features' order of event %d", i)
                        .isEqualTo(new ArrayList<>(viaPojo.features().features().keySet()));
            }
        }
    }

    @Test
    void eventsWrittenOneAfterAnotherAreReadBackInTurnWithNothingLeftOver() throws IOException {
        Random random = new Random(5);
        List<SymbolEvent> events = new ArrayList<>();
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (int i = 0; i < 2_000; i++) {
            SymbolEvent event = randomEvent(random);
            events.add(event);
            WIRE.serialize(event, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (SymbolEvent event : events) {
            assertThat(WIRE.deserialize(in)).isEqualTo(event);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void copiesBetweenViewsAndCopiesFeatureMaps() throws IOException {
        Random random = new Random(9);
        for (int i = 0; i < 500; i++) {
            SymbolEvent event = randomEvent(random);
            DataOutputSerializer once = new DataOutputSerializer(64);
            WIRE.serialize(event, once);
            DataOutputSerializer copied = new DataOutputSerializer(64);
            WIRE.copy(new DataInputDeserializer(once.getCopyOfBuffer()), copied);
            SymbolEvent read = WIRE.deserialize(new DataInputDeserializer(once.getCopyOfBuffer()));
            SymbolEvent readCopy = WIRE.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer()));
            assertThat(readCopy).isEqualTo(read).isEqualTo(event);
            if (event.features() != null && event.features().features() != null) {
                assertThat(new ArrayList<>(readCopy.features().features().keySet()))
                        .isEqualTo(new ArrayList<>(read.features().features().keySet()));
            }

            SymbolEvent copy = WIRE.copy(event);
            assertThat(copy).isEqualTo(event);
            if (event.features() != null && event.features().features() != null) {
                assertThat(copy.features().features()).isNotSameAs(event.features().features());
            }
        }
    }

    @Test
    void aShortStringSeenBeforeIsReadAsTheSameInstanceAndEachThreadGetsASerializerOfItsOwn() throws IOException {
        TypeSerializer<SymbolEvent> reader = WIRE.duplicate();
        assertThat(reader).isNotSameAs(WIRE).isEqualTo(WIRE);
        // Built apart, so the two events share no instance of their strings.
        SymbolEvent first = SymbolEvent.of(new FeatureVector(1, new String("AAPL"), "m1", Map.of("spread", 1.0)));
        SymbolEvent second = SymbolEvent.of(new FeatureVector(2, new String("AAPL"), "m1", Map.of("spread", 2.0)));
        DataOutputSerializer out = new DataOutputSerializer(64);
        WIRE.serialize(first, out);
        WIRE.serialize(second, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        SymbolEvent a = reader.deserialize(in);
        SymbolEvent b = reader.deserialize(in);

        assertThat(a).isEqualTo(first);
        assertThat(b).isEqualTo(second);
        assertThat(b.symbol()).isSameAs(a.symbol());
        assertThat(b.features().modelId()).isSameAs(a.features().modelId());
        assertThat(b.features().features().keySet().iterator().next())
                .isSameAs(a.features().features().keySet().iterator().next());
    }

    @Test
    void manyStringsAlikeInLengthAndFirstLetterAreEachReadAsThemselves() throws IOException {
        // More distinct strings than the reader keeps, so some must meet in one place and replace each other.
        List<SymbolEvent> events = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10_000; i++) {
                int n = round == 1 ? 9_999 - i : (i * 7_919) % 10_000;
                String symbol = String.format("S%04d", n);
                events.add(SymbolEvent.of(new MarketQuote(n, symbol, Feed.PRIMARY, 1.0, 1.1, null, null)));
            }
        }
        DataOutputSerializer out = new DataOutputSerializer(1 << 16);
        for (SymbolEvent event : events) {
            WIRE.serialize(event, out);
        }
        TypeSerializer<SymbolEvent> reader = WIRE.duplicate();
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (SymbolEvent event : events) {
            assertThat(reader.deserialize(in).symbol()).isEqualTo(event.symbol());
        }
    }

    @Test
    void refusesBytesThatAreNotASymbolEvent() {
        assertThatThrownBy(() -> WIRE.deserialize(new DataInputDeserializer(new byte[] {7})))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a symbol event's kind: 7");
        // A quote whose feed byte is past the enum's values.
        byte[] badFeed = {0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 'A', 9};
        assertThatThrownBy(() -> WIRE.deserialize(new DataInputDeserializer(badFeed)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a Feed: 9");
    }

    @Test
    void aSymbolEventCarriesExactlyOneRecordWithItsTimeAndSymbol() {
        MarketQuote quote = new MarketQuote(5, "AAPL", Feed.PRIMARY, 1.0, 1.1, null, null);
        assertThatThrownBy(() -> new SymbolEvent(5, "AAPL", null, null, null))
                .hasMessageContaining("exactly one record, not 0");
        assertThatThrownBy(() -> new SymbolEvent(6, "AAPL", quote, null, null))
                .hasMessageContaining("ts and symbol are its record's");
        assertThatThrownBy(() -> new SymbolEvent(5, "MSFT", quote, null, null))
                .hasMessageContaining("ts and symbol are its record's");
        assertThat(new SymbolEvent(5, "AAPL", quote, null, null)).isEqualTo(SymbolEvent.of(quote));
    }

    @Test
    void itsSnapshotRestoresAnEqualSerializerThatReadsTheSameBytes() throws IOException {
        TypeSerializerSnapshot<SymbolEvent> snapshot = WIRE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<SymbolEvent> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isEqualTo(WIRE);
        assertThat(WIRE.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
        assertThat(SymbolEventSerializer.TYPE.createSerializer(new SerializerConfigImpl())).isEqualTo(WIRE);
        assertThat(SymbolEventSerializer.TYPE).isNotEqualTo(TypeInformation.of(SymbolEvent.class));
    }

    private static SymbolEvent roundTrip(TypeSerializer<SymbolEvent> serializer, SymbolEvent event) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(event, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        SymbolEvent back = serializer.deserialize(in);
        assertThat(in.available()).as("bytes left after %s", event).isZero();
        return back;
    }

    private static SymbolEvent randomEvent(Random random) {
        long ts = random.nextInt(4) == 0 ? random.nextLong() : 1_700_000_000_000L + random.nextInt(1_000_000);
        String symbol = randomString(random);
        return switch (random.nextInt(3)) {
            case 0 -> SymbolEvent.of(new MarketQuote(ts, symbol, pick(random, Feed.values()), randomDouble(random),
                    randomDouble(random), maybe(random), maybe(random)));
            case 1 -> SymbolEvent.of(new FeatureVector(ts, symbol, randomString(random), randomFeatures(random)));
            default -> SymbolEvent.of(new OrderEvent(ts, pick(random, OrderEventType.values()), randomString(random),
                    symbol, pick(random, Side.values()), randomString(random), randomString(random),
                    random.nextBoolean(), maybe(random), maybe(random), maybe(random), maybe(random), maybe(random),
                    maybe(random), maybe(random), random.nextBoolean()));
        };
    }

    private static Map<String, Double> randomFeatures(Random random) {
        if (random.nextInt(10) == 0) {
            return null;
        }
        // Inserted in an order of its own: the map read back must iterate as Flink's map serializer's does.
        Map<String, Double> features = new LinkedHashMap<>();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(5) == 0 ? randomString(random) : "f" + random.nextInt(100);
            if (name != null) {
                features.put(name, maybe(random));
            }
        }
        return features;
    }

    private static String randomString(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "\u00e9" + random.nextInt(1000) + "\u20ac\uD83D\uDE00";
            case 3 -> "x\uD800y" + random.nextInt(10); // an unpaired surrogate
            case 4 -> "L".repeat(100 + random.nextInt(20_000)); // a multi-byte length
            case 5 -> "\u007f\u0000" + random.nextInt(10);
            default -> "SYM" + random.nextInt(500);
        };
    }

    private static double randomDouble(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> -0.0;
            case 2 -> Double.POSITIVE_INFINITY;
            case 3 -> Double.MIN_VALUE;
            default -> random.nextGaussian() * 1_000;
        };
    }

    private static Double maybe(Random random) {
        return random.nextInt(3) == 0 ? null : randomDouble(random);
    }

    private static <E> E pick(Random random, E[] values) {
        int i = random.nextInt(values.length + 1);
        return i == values.length ? null : values[i];
    }
}

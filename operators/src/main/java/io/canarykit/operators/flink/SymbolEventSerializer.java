package io.canarykit.operators.flink;

import io.canarykit.operators.flink.state.OwnSerializerType;
import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.schema.Feed;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.CollectionUtil;

/**
 * Writes a {@link SymbolEvent} between the job's operators: from the sources to the symbol gate and
 * to the symbol ledger, every input event once or twice. Flink's POJO serializer reads and builds
 * each record through reflection, field by field, with a null flag per field; this writes the one
 * record the event carries, its optional numbers behind one bit mask, its enums as one byte and
 * its strings as {@link WireStrings}. An event is rebuilt by {@code SymbolEvent.of}, so its time and
 * symbol are its record's.
 *
 * <p>Only the streams use it ({@link #TYPE}); the events replay holds in keyed state keep Flink's
 * POJO layout, so savepoints do not change. Maps of features are read into a {@link HashMap} sized
 * for them, as Flink's map serializer does, so every feature is visited in the same order as before.
 */
public final class SymbolEventSerializer extends TypeSerializer<SymbolEvent> {
    private static final long serialVersionUID = 1L;

    /** The streams' type: every stream of symbol events in the graph uses this one, so they union. */
    public static final TypeInformation<SymbolEvent> TYPE = new Type();

    private static final int QUOTE = 0;
    private static final int FEATURES = 1;
    private static final int ORDER = 2;

    private static final Feed[] FEEDS = Feed.values();
    private static final OrderEventType[] ORDER_EVENTS = OrderEventType.values();
    private static final Side[] SIDES = Side.values();

    // Bits of an order event's mask: its two flags, then which of its seven numbers are present.
    private static final int CANARY = 1;
    private static final int SHADOW = 1 << 1;
    private static final int QTY = 1 << 2;
    private static final int PRICE = 1 << 3;
    private static final int ARRIVAL_MID = 1 << 4;
    private static final int PLACE_MS = 1 << 5;
    private static final int FILL_QTY = 1 << 6;
    private static final int FILL_PX = 1 << 7;
    private static final int FEE = 1 << 8;

    // Bits of a quote's mask.
    private static final int BID_SIZE = 1;
    private static final int ASK_SIZE = 1 << 1;

    // This instance's strings, made on first read: a serializer goes to its task in the job graph.
    private transient WireStrings.Reader strings;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    /** A serializer of its own for each thread: its reader keeps the strings it has seen. */
    @Override
    public SymbolEventSerializer duplicate() {
        return new SymbolEventSerializer();
    }

    @Override
    public SymbolEvent createInstance() {
        return null;
    }

    /** Quotes and order events are immutable; a feature vector gets a map of its own. */
    @Override
    public SymbolEvent copy(SymbolEvent from) {
        if (from == null || from.features() == null || from.features().features() == null) {
            return from;
        }
        FeatureVector f = from.features();
        return SymbolEvent.of(new FeatureVector(f.ts(), f.symbol(), f.modelId(), new HashMap<>(f.features())));
    }

    @Override
    public SymbolEvent copy(SymbolEvent from, SymbolEvent reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SymbolEvent event, DataOutputView out) throws IOException {
        if (event.quote() != null) {
            out.writeByte(QUOTE);
            writeQuote(event.quote(), out);
        } else if (event.features() != null) {
            out.writeByte(FEATURES);
            writeFeatures(event.features(), out);
        } else if (event.order() != null) {
            out.writeByte(ORDER);
            writeOrder(event.order(), out);
        } else {
            throw new IOException("a symbol event with no quote, feature vector or order event");
        }
    }

    @Override
    public SymbolEvent deserialize(DataInputView in) throws IOException {
        if (strings == null) {
            strings = new WireStrings.Reader();
        }
        int kind = in.readUnsignedByte();
        return switch (kind) {
            case QUOTE -> SymbolEvent.of(readQuote(in));
            case FEATURES -> SymbolEvent.of(readFeatures(in));
            case ORDER -> SymbolEvent.of(readOrder(in));
            default -> throw new IOException("not a symbol event's kind: " + kind);
        };
    }

    @Override
    public SymbolEvent deserialize(SymbolEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    private static void writeQuote(MarketQuote q, DataOutputView out) throws IOException {
        out.writeLong(q.ts());
        WireStrings.write(q.symbol(), out);
        writeEnum(q.feed(), out);
        out.writeDouble(q.bid());
        out.writeDouble(q.ask());
        int mask = (q.bidSize() != null ? BID_SIZE : 0) | (q.askSize() != null ? ASK_SIZE : 0);
        out.writeByte(mask);
        writeIfPresent(q.bidSize(), out);
        writeIfPresent(q.askSize(), out);
    }

    private MarketQuote readQuote(DataInputView in) throws IOException {
        long ts = in.readLong();
        String symbol = strings.read(in);
        Feed feed = readEnum(FEEDS, in);
        double bid = in.readDouble();
        double ask = in.readDouble();
        int mask = in.readUnsignedByte();
        Double bidSize = readIf(mask, BID_SIZE, in);
        Double askSize = readIf(mask, ASK_SIZE, in);
        return new MarketQuote(ts, symbol, feed, bid, ask, bidSize, askSize);
    }

    private static void writeFeatures(FeatureVector f, DataOutputView out) throws IOException {
        out.writeLong(f.ts());
        WireStrings.write(f.symbol(), out);
        WireStrings.write(f.modelId(), out);
        Map<String, Double> features = f.features();
        if (features == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(features.size());
        for (Map.Entry<String, Double> feature : features.entrySet()) {
            WireStrings.write(feature.getKey(), out);
            Double value = feature.getValue();
            out.writeBoolean(value != null);
            if (value != null) {
                out.writeDouble(value);
            }
        }
    }

    private FeatureVector readFeatures(DataInputView in) throws IOException {
        long ts = in.readLong();
        String symbol = strings.read(in);
        String modelId = strings.read(in);
        int size = in.readInt();
        Map<String, Double> features = null;
        if (size >= 0) {
            features = CollectionUtil.newHashMapWithExpectedSize(size);
            for (int i = 0; i < size; i++) {
                String name = strings.read(in);
                features.put(name, in.readBoolean() ? in.readDouble() : null);
            }
        }
        return new FeatureVector(ts, symbol, modelId, features);
    }

    private static void writeOrder(OrderEvent o, DataOutputView out) throws IOException {
        out.writeLong(o.ts());
        writeEnum(o.event(), out);
        WireStrings.write(o.orderId(), out);
        WireStrings.write(o.symbol(), out);
        writeEnum(o.side(), out);
        WireStrings.write(o.account(), out);
        WireStrings.write(o.modelId(), out);
        int mask = (o.canary() ? CANARY : 0) | (o.shadow() ? SHADOW : 0)
                | (o.qty() != null ? QTY : 0) | (o.price() != null ? PRICE : 0)
                | (o.arrivalMid() != null ? ARRIVAL_MID : 0) | (o.placeMs() != null ? PLACE_MS : 0)
                | (o.fillQty() != null ? FILL_QTY : 0) | (o.fillPx() != null ? FILL_PX : 0)
                | (o.fee() != null ? FEE : 0);
        out.writeShort(mask);
        writeIfPresent(o.qty(), out);
        writeIfPresent(o.price(), out);
        writeIfPresent(o.arrivalMid(), out);
        writeIfPresent(o.placeMs(), out);
        writeIfPresent(o.fillQty(), out);
        writeIfPresent(o.fillPx(), out);
        writeIfPresent(o.fee(), out);
    }

    private OrderEvent readOrder(DataInputView in) throws IOException {
        long ts = in.readLong();
        OrderEventType event = readEnum(ORDER_EVENTS, in);
        String orderId = strings.read(in);
        String symbol = strings.read(in);
        Side side = readEnum(SIDES, in);
        String account = strings.read(in);
        String modelId = strings.read(in);
        int mask = in.readUnsignedShort();
        return new OrderEvent(ts, event, orderId, symbol, side, account, modelId, (mask & CANARY) != 0,
                readIf(mask, QTY, in), readIf(mask, PRICE, in), readIf(mask, ARRIVAL_MID, in),
                readIf(mask, PLACE_MS, in), readIf(mask, FILL_QTY, in), readIf(mask, FILL_PX, in),
                readIf(mask, FEE, in), (mask & SHADOW) != 0);
    }

    private static void writeIfPresent(Double value, DataOutputView out) throws IOException {
        if (value != null) {
            out.writeDouble(value);
        }
    }

    private static Double readIf(int mask, int bit, DataInputView in) throws IOException {
        return (mask & bit) != 0 ? in.readDouble() : null;
    }

    /** An enum as its ordinal plus one, 0 for null: both ends run the same release of the job. */
    private static void writeEnum(Enum<?> value, DataOutputView out) throws IOException {
        out.writeByte(value == null ? 0 : value.ordinal() + 1);
    }

    private static <E extends Enum<E>> E readEnum(E[] values, DataInputView in) throws IOException {
        int code = in.readUnsignedByte();
        if (code > values.length) {
            throw new IOException("not a " + values[0].getDeclaringClass().getSimpleName() + ": " + code);
        }
        return code == 0 ? null : values[code - 1];
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SymbolEventSerializer;
    }

    @Override
    public int hashCode() {
        return SymbolEventSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<SymbolEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot is its version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SymbolEvent> {
        public Snapshot() {
            super(SymbolEventSerializer::new);
        }
    }

    /** The streams' type information, which gives {@link SymbolEventSerializer}. */
    private static final class Type extends OwnSerializerType<SymbolEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<SymbolEvent> getTypeClass() {
            return SymbolEvent.class;
        }

        @Override
        public TypeSerializer<SymbolEvent> createSerializer(SerializerConfig config) {
            return new SymbolEventSerializer();
        }

        @Override
        public String toString() {
            return "SymbolEvent (canary kit's wire form)";
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof Type;
        }

        @Override
        public int hashCode() {
            return Type.class.hashCode();
        }
    }
}

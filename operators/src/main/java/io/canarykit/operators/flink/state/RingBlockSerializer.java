package io.canarykit.operators.flink.state;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link RingBlock}: its first entry's number, its count of entries, then each entry's time
 * and event (by the event serializer).
 *
 * <p>A copy of a full block is the block itself: it never changes again. That is what makes a
 * checkpoint cheap on the heap backend, which copies a key's whole map the first time it is written
 * after a snapshot: a window's full blocks are shared with the snapshot, and only the open one is
 * copied.
 */
public final class RingBlockSerializer<E> extends TypeSerializer<RingBlock<E>> {

    private static final long serialVersionUID = 1L;

    private final TypeSerializer<E> eventSerializer;

    public RingBlockSerializer(TypeSerializer<E> eventSerializer) {
        this.eventSerializer = Objects.requireNonNull(eventSerializer, "the event serializer");
    }

    /** The type of a block of {@code eventType}'s events, for a state descriptor. */
    public static <E> TypeInformation<RingBlock<E>> typeOf(TypeInformation<E> eventType) {
        return new BlockType<>(eventType);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public RingBlockSerializer<E> duplicate() {
        TypeSerializer<E> events = eventSerializer.duplicate();
        return events == eventSerializer ? this : new RingBlockSerializer<>(events);
    }

    @Override
    public RingBlock<E> createInstance() {
        return new RingBlock<>(0);
    }

    /** A full block as it is; an open one deeply, with copies of its events unless they are immutable. */
    @Override
    public RingBlock<E> copy(RingBlock<E> from) {
        if (from == null || from.full()) {
            return from;
        }
        boolean shareEvents = eventSerializer.isImmutableType();
        RingBlock<E> copy = new RingBlock<>(from.start());
        for (long n = from.start(); n < from.next(); n++) {
            E event = from.eventAt(n);
            copy.append(from.timeAt(n), shareEvents ? event : eventSerializer.copy(event));
        }
        return copy;
    }

    @Override
    public RingBlock<E> copy(RingBlock<E> from, RingBlock<E> reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(RingBlock<E> block, DataOutputView target) throws IOException {
        target.writeLong(block.start());
        target.writeInt(block.size());
        for (long n = block.start(); n < block.next(); n++) {
            target.writeLong(block.timeAt(n));
            eventSerializer.serialize(block.eventAt(n), target);
        }
    }

    @Override
    public RingBlock<E> deserialize(DataInputView source) throws IOException {
        long start = source.readLong();
        int size = source.readInt();
        RingBlock<E> block = new RingBlock<>(start);
        int room = RingBlock.CAPACITY - (int) Math.floorMod(start, (long) RingBlock.CAPACITY);
        if (size < 0 || size > room) {
            throw new IOException("a ring block from " + start + " cannot hold " + size + " entries (room for " + room + ")");
        }
        for (int i = 0; i < size; i++) {
            long ts = source.readLong();
            block.append(ts, eventSerializer.deserialize(source));
        }
        return block;
    }

    @Override
    public RingBlock<E> deserialize(RingBlock<E> reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeLong(source.readLong());
        int size = source.readInt();
        target.writeInt(size);
        for (int i = 0; i < size; i++) {
            target.writeLong(source.readLong());
            eventSerializer.copy(source, target);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RingBlockSerializer<?> other && eventSerializer.equals(other.eventSerializer);
    }

    @Override
    public int hashCode() {
        return 31 * eventSerializer.hashCode() + 3;
    }

    @Override
    public TypeSerializerSnapshot<RingBlock<E>> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** The format's version, and the event serializer's own snapshot within it, migrated with it. */
    public static final class Snapshot<E> extends CompositeTypeSerializerSnapshot<RingBlock<E>, RingBlockSerializer<E>> {

        private static final int VERSION = 1;

        /** For reading a snapshot; Flink calls it. */
        public Snapshot() {}

        Snapshot(RingBlockSerializer<E> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(RingBlockSerializer<E> outer) {
            return new TypeSerializer<?>[] {outer.eventSerializer};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected RingBlockSerializer<E> createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new RingBlockSerializer<>((TypeSerializer<E>) nested[0]);
        }
    }

    /** A block's type: its serializer nests the serializer Flink picks for the events. */
    static final class BlockType<E> extends OwnSerializerType<RingBlock<E>> {

        private static final long serialVersionUID = 1L;

        private final TypeInformation<E> eventType;

        BlockType(TypeInformation<E> eventType) {
            this.eventType = Objects.requireNonNull(eventType, "the event type");
        }

        @Override
        @SuppressWarnings("unchecked")
        public Class<RingBlock<E>> getTypeClass() {
            return (Class<RingBlock<E>>) (Class<?>) RingBlock.class;
        }

        @Override
        public TypeSerializer<RingBlock<E>> createSerializer(SerializerConfig config) {
            return new RingBlockSerializer<>(eventType.createSerializer(config));
        }

        @Override
        public String toString() {
            return "RingBlock<" + eventType + ">";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BlockType<?> other && other.canEqual(this) && eventType.equals(other.eventType);
        }

        @Override
        public int hashCode() {
            return 31 * eventType.hashCode() + 3;
        }
    }
}

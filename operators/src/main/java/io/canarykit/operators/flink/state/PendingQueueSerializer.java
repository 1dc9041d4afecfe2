package io.canarykit.operators.flink.state;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link PendingQueue}: the count of times, then per time, ascending, the time, the count of
 * its events and the events in arrival order, each by the event serializer. Never the room the queue
 * keeps around them.
 */
public final class PendingQueueSerializer<T> extends TypeSerializer<PendingQueue<T>> {

    private static final long serialVersionUID = 1L;

    private final TypeSerializer<T> eventSerializer;

    public PendingQueueSerializer(TypeSerializer<T> eventSerializer) {
        this.eventSerializer = Objects.requireNonNull(eventSerializer, "the event serializer");
    }

    /** The type of a queue of {@code eventType}'s events, for a state descriptor. */
    public static <T> TypeInformation<PendingQueue<T>> typeOf(TypeInformation<T> eventType) {
        return new QueueType<>(eventType);
    }

    public TypeSerializer<T> eventSerializer() {
        return eventSerializer;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PendingQueueSerializer<T> duplicate() {
        TypeSerializer<T> events = eventSerializer.duplicate();
        return events == eventSerializer ? this : new PendingQueueSerializer<>(events);
    }

    @Override
    public PendingQueue<T> createInstance() {
        return new PendingQueue<>();
    }

    /** A deep copy: its own arrays and lists, and copies of the events unless they are immutable. */
    @Override
    public PendingQueue<T> copy(PendingQueue<T> from) {
        if (from == null) {
            return null;
        }
        boolean shareEvents = eventSerializer.isImmutableType();
        PendingQueue<T> copy = new PendingQueue<>(from.size());
        for (int i = 0; i < from.size(); i++) {
            long ts = from.timeAt(i);
            for (T event : from.eventsAt(i)) {
                copy.add(ts, shareEvents ? event : eventSerializer.copy(event));
            }
        }
        return copy;
    }

    @Override
    public PendingQueue<T> copy(PendingQueue<T> from, PendingQueue<T> reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PendingQueue<T> record, DataOutputView target) throws IOException {
        int size = record.size();
        target.writeInt(size);
        for (int i = 0; i < size; i++) {
            target.writeLong(record.timeAt(i));
            List<T> events = record.eventsAt(i);
            target.writeInt(events.size());
            for (T event : events) {
                eventSerializer.serialize(event, target);
            }
        }
    }

    @Override
    public PendingQueue<T> deserialize(DataInputView source) throws IOException {
        int size = source.readInt();
        if (size < 0) {
            throw new IOException("a negative count of pending times: " + size);
        }
        PendingQueue<T> queue = new PendingQueue<>(size);
        long previous = PendingQueue.NONE;
        for (int i = 0; i < size; i++) {
            long ts = source.readLong();
            int count = source.readInt();
            if (i > 0 && ts <= previous) {
                throw new IOException("pending times must rise strictly, got " + ts + " after " + previous);
            }
            if (count < 1) {
                throw new IOException("pending time " + ts + " with " + count + " events");
            }
            for (int j = 0; j < count; j++) {
                queue.add(ts, eventSerializer.deserialize(source));
            }
            previous = ts;
        }
        return queue;
    }

    @Override
    public PendingQueue<T> deserialize(PendingQueue<T> reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int size = source.readInt();
        target.writeInt(size);
        for (int i = 0; i < size; i++) {
            target.writeLong(source.readLong());
            int count = source.readInt();
            target.writeInt(count);
            for (int j = 0; j < count; j++) {
                eventSerializer.copy(source, target);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PendingQueueSerializer<?> other && eventSerializer.equals(other.eventSerializer);
    }

    @Override
    public int hashCode() {
        return 31 * eventSerializer.hashCode() + 1;
    }

    @Override
    public TypeSerializerSnapshot<PendingQueue<T>> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /**
     * The format's version, and the event serializer's own snapshot within it: the queue reads as it
     * is while the events do, and is migrated with them when their serializer needs it.
     */
    public static final class Snapshot<T> extends CompositeTypeSerializerSnapshot<PendingQueue<T>, PendingQueueSerializer<T>> {

        private static final int VERSION = 1;

        /** For reading a snapshot; Flink calls it. */
        public Snapshot() {}

        Snapshot(PendingQueueSerializer<T> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(PendingQueueSerializer<T> outer) {
            return new TypeSerializer<?>[] {outer.eventSerializer};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected PendingQueueSerializer<T> createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new PendingQueueSerializer<>((TypeSerializer<T>) nested[0]);
        }
    }

    /** A queue's type: its serializer nests the serializer Flink picks for the events. */
    static final class QueueType<T> extends OwnSerializerType<PendingQueue<T>> {

        private static final long serialVersionUID = 1L;

        private final TypeInformation<T> eventType;

        QueueType(TypeInformation<T> eventType) {
            this.eventType = Objects.requireNonNull(eventType, "the event type");
        }

        TypeInformation<T> eventType() {
            return eventType;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Class<PendingQueue<T>> getTypeClass() {
            return (Class<PendingQueue<T>>) (Class<?>) PendingQueue.class;
        }

        @Override
        public TypeSerializer<PendingQueue<T>> createSerializer(SerializerConfig config) {
            return new PendingQueueSerializer<>(eventType.createSerializer(config));
        }

        @Override
        public String toString() {
            return "PendingQueue<" + eventType + ">";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof QueueType<?> other && other.canEqual(this) && eventType.equals(other.eventType);
        }

        @Override
        public int hashCode() {
            return 31 * eventType.hashCode() + 2;
        }
    }
}

package io.canarykit.operators.flink.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes the times held, count first; never the room a {@link PendingTimes} keeps around them. */
public final class PendingTimesSerializer extends TypeSerializerSingleton<PendingTimes> {

    private static final long serialVersionUID = 1L;

    public static final PendingTimesSerializer INSTANCE = new PendingTimesSerializer();

    private PendingTimesSerializer() {}

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PendingTimes createInstance() {
        return new PendingTimes();
    }

    @Override
    public PendingTimes copy(PendingTimes from) {
        return from == null ? null : PendingTimes.of(from.toArray());
    }

    @Override
    public PendingTimes copy(PendingTimes from, PendingTimes reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PendingTimes record, DataOutputView target) throws IOException {
        long[] times = record.toArray();
        target.writeInt(times.length);
        for (long t : times) {
            target.writeLong(t);
        }
    }

    @Override
    public PendingTimes deserialize(DataInputView source) throws IOException {
        int count = source.readInt();
        if (count < 0) {
            throw new IOException("a negative count of pending times: " + count);
        }
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = source.readLong();
        }
        return PendingTimes.of(times);
    }

    @Override
    public PendingTimes deserialize(PendingTimes reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int count = source.readInt();
        target.writeInt(count);
        target.write(source, count * Long.BYTES);
    }

    @Override
    public TypeSerializerSnapshot<PendingTimes> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The snapshot of the one format there is. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PendingTimes> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}

package io.canarykit.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link SymbolAggregate} as the symbol's saved fields, in the bytes of
 * {@link SymbolWatchStateSerializer}: state saved before the watch stayed live reads as it is.
 */
public final class SymbolAggregateSerializer extends FieldByFieldSerializer<SymbolAggregate> {
    private static final long serialVersionUID = 1L;

    private final SymbolWatchStateSerializer fields = new SymbolWatchStateSerializer();

    public SymbolAggregateSerializer() {
        super("a symbol's state");
    }

    @Override
    public SymbolAggregateSerializer duplicate() {
        return new SymbolAggregateSerializer();
    }

    @Override
    public void serialize(SymbolAggregate aggregate, DataOutputView out) throws IOException {
        fields.serialize(aggregate.fields(), out);
    }

    @Override
    public SymbolAggregate deserialize(DataInputView in) throws IOException {
        return SymbolAggregate.saved(fields.deserialize(in));
    }

    @Override
    public TypeSerializerSnapshot<SymbolAggregate> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Restores the serializer from a checkpoint. A checkpoint written while the state held the fields
     * alone ({@link SymbolWatchStateSerializer.Snapshot}) has the same bytes, so it reads as it is.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<SymbolAggregate> {

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {
            // Nothing to write: the layout's version travels in each value.
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) {
            // Nothing was written.
        }

        @Override
        public SymbolAggregateSerializer restoreSerializer() {
            return new SymbolAggregateSerializer();
        }

        @Override
        public TypeSerializerSchemaCompatibility<SymbolAggregate> resolveSchemaCompatibility(
                TypeSerializerSnapshot<SymbolAggregate> oldSerializerSnapshot) {
            Object old = oldSerializerSnapshot;
            if (old instanceof Snapshot || old instanceof SymbolWatchStateSerializer.Snapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}

package io.canarykit.operators.flink;

import java.io.IOException;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an aggregate that keeps its watch live in state as the watch's saved fields, in the bytes of
 * the fields' own serializer: state saved before the watch stayed live reads as it is, and a value
 * read holds the fields until its first use.
 *
 * @param <A> the aggregate held in state
 * @param <F> its saved fields
 */
abstract class LiveAggregateSerializer<A, F> extends FieldByFieldSerializer<A> {
    private static final long serialVersionUID = 1L;

    private final TypeSerializer<F> fields;

    LiveAggregateSerializer(String what, TypeSerializer<F> fields) {
        super(what);
        this.fields = fields;
    }

    /** The fields to write: the live watch's as they are now, or those read. */
    abstract F fieldsOf(A aggregate);

    /** An aggregate holding {@code read} until its first use. */
    abstract A saved(F read);

    @Override
    public final void serialize(A aggregate, DataOutputView out) throws IOException {
        fields.serialize(fieldsOf(aggregate), out);
    }

    @Override
    public final A deserialize(DataInputView in) throws IOException {
        return saved(fields.deserialize(in));
    }

    /**
     * Restores the serializer from a checkpoint: one written by it, or by the fields' own serializer
     * while the state held the fields alone (the same bytes), reads as it is; any other is refused.
     * The layout's version travels in each value, so the snapshot itself writes nothing.
     */
    abstract static class Snapshot<A> implements TypeSerializerSnapshot<A> {
        private final Supplier<TypeSerializer<A>> serializer;
        private final Class<?> fieldsSnapshot;

        Snapshot(Supplier<TypeSerializer<A>> serializer, Class<?> fieldsSnapshot) {
            this.serializer = serializer;
            this.fieldsSnapshot = fieldsSnapshot;
        }

        @Override
        public final int getCurrentVersion() {
            return 1;
        }

        @Override
        public final void writeSnapshot(DataOutputView out) {
            // Nothing to write.
        }

        @Override
        public final void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) {
            // Nothing was written.
        }

        @Override
        public final TypeSerializer<A> restoreSerializer() {
            return serializer.get();
        }

        @Override
        public final TypeSerializerSchemaCompatibility<A> resolveSchemaCompatibility(
                TypeSerializerSnapshot<A> oldSerializerSnapshot) {
            Object old = oldSerializerSnapshot;
            if (getClass().isInstance(old) || fieldsSnapshot.isInstance(old)) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}

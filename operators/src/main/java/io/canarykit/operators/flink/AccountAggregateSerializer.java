package io.canarykit.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an {@link AccountAggregate} as the account's saved fields, in the bytes of
 * {@link AccountWatchStateSerializer}: state saved before the account's watch stayed live reads as it is.
 */
public final class AccountAggregateSerializer extends FieldByFieldSerializer<AccountAggregate> {
    private static final long serialVersionUID = 1L;

    private final AccountWatchStateSerializer fields = new AccountWatchStateSerializer();

    public AccountAggregateSerializer() {
        super("the account's state");
    }

    @Override
    public AccountAggregateSerializer duplicate() {
        return new AccountAggregateSerializer();
    }

    @Override
    public void serialize(AccountAggregate aggregate, DataOutputView out) throws IOException {
        fields.serialize(aggregate.fields(), out);
    }

    @Override
    public AccountAggregate deserialize(DataInputView in) throws IOException {
        return AccountAggregate.saved(fields.deserialize(in));
    }

    @Override
    public TypeSerializerSnapshot<AccountAggregate> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Restores the serializer from a checkpoint. A checkpoint written while the state held the fields
     * alone ({@link AccountWatchStateSerializer.Snapshot}) has the same bytes, so it reads as it is.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<AccountAggregate> {

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
        public AccountAggregateSerializer restoreSerializer() {
            return new AccountAggregateSerializer();
        }

        @Override
        public TypeSerializerSchemaCompatibility<AccountAggregate> resolveSchemaCompatibility(
                TypeSerializerSnapshot<AccountAggregate> oldSerializerSnapshot) {
            Object old = oldSerializerSnapshot;
            if (old instanceof Snapshot || old instanceof AccountWatchStateSerializer.Snapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}

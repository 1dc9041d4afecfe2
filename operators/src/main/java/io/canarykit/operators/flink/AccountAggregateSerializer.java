package io.canarykit.operators.flink;

import io.canarykit.operators.account.AccountWatch;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Writes an {@link AccountAggregate} as the account's saved fields, in the bytes of
 * {@link AccountWatchStateSerializer}: state saved before the account's watch stayed live reads as it is.
 */
public final class AccountAggregateSerializer extends LiveAggregateSerializer<AccountAggregate, AccountWatch.State> {
    private static final long serialVersionUID = 1L;

    public AccountAggregateSerializer() {
        super("the account's state", new AccountWatchStateSerializer());
    }

    @Override
    public AccountAggregateSerializer duplicate() {
        return new AccountAggregateSerializer();
    }

    @Override
    AccountWatch.State fieldsOf(AccountAggregate aggregate) {
        return aggregate.fields();
    }

    @Override
    AccountAggregate saved(AccountWatch.State read) {
        return AccountAggregate.saved(read);
    }

    @Override
    public TypeSerializerSnapshot<AccountAggregate> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Reads checkpoints of this serializer and of {@link AccountWatchStateSerializer} alike. */
    public static final class Snapshot extends LiveAggregateSerializer.Snapshot<AccountAggregate> {
        public Snapshot() {
            super(AccountAggregateSerializer::new, AccountWatchStateSerializer.Snapshot.class);
        }
    }
}

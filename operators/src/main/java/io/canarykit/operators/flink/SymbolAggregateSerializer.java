package io.canarykit.operators.flink;

import io.canarykit.operators.symbol.SymbolWatch;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Writes a {@link SymbolAggregate} as the symbol's saved fields, in the bytes of
 * {@link SymbolWatchStateSerializer}: state saved before the watch stayed live reads as it is.
 */
public final class SymbolAggregateSerializer extends LiveAggregateSerializer<SymbolAggregate, SymbolWatch.State> {
    private static final long serialVersionUID = 1L;

    public SymbolAggregateSerializer() {
        super("a symbol's state", new SymbolWatchStateSerializer());
    }

    @Override
    public SymbolAggregateSerializer duplicate() {
        return new SymbolAggregateSerializer();
    }

    @Override
    SymbolWatch.State fieldsOf(SymbolAggregate aggregate) {
        return aggregate.fields();
    }

    @Override
    SymbolAggregate saved(SymbolWatch.State read) {
        return SymbolAggregate.saved(read);
    }

    @Override
    public TypeSerializerSnapshot<SymbolAggregate> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Reads checkpoints of this serializer and of {@link SymbolWatchStateSerializer} alike. */
    public static final class Snapshot extends LiveAggregateSerializer.Snapshot<SymbolAggregate> {
        public Snapshot() {
            super(SymbolAggregateSerializer::new, SymbolWatchStateSerializer.Snapshot.class);
        }
    }
}

package io.canarykit.operators.flink;

import io.canarykit.operators.signals.ReferenceBook;
import io.canarykit.operators.symbol.SymbolSetup;
import io.canarykit.operators.symbol.SymbolStores;
import io.canarykit.operators.symbol.SymbolWatch;

/**
 * The value a symbol keeps in keyed state: its {@link SymbolWatch}, live, once an event has used it.
 *
 * <p>On the heap backend the same object stays in the state between events, so the watch is changed
 * in place and neither rebuilt from its saved fields nor turned back into them per event; the
 * backend copies the value ({@link SymbolAggregateSerializer#copy}, a deep copy through the bytes)
 * before a running snapshot could see it change. On RocksDB every read gives a fresh value holding
 * the saved fields only, and every write saves the live watch's fields, as before.
 */
final class SymbolAggregate {

    private SymbolWatch.State saved;
    private SymbolWatch live;
    // The reference book the live watch's drift monitors were restored under: another book rebuilds it.
    private ReferenceBook liveUnder;

    private SymbolAggregate(SymbolWatch.State saved, SymbolWatch live, ReferenceBook liveUnder) {
        this.saved = saved;
        this.live = live;
        this.liveUnder = liveUnder;
    }

    static SymbolAggregate saved(SymbolWatch.State state) {
        return new SymbolAggregate(state, null, null);
    }

    static SymbolAggregate live(SymbolWatch watch, ReferenceBook book) {
        return new SymbolAggregate(null, watch, book);
    }

    /** The watch, live: the one already held when it was restored under {@code book}, else rebuilt from its fields. */
    SymbolWatch watch(SymbolSetup setup, SymbolStores stores, ReferenceBook book) {
        if (live == null || liveUnder != book) {
            live = SymbolWatch.restore(setup, fields(), stores, book);
            liveUnder = book;
            saved = null;
        }
        return live;
    }

    /** Whether {@code watch} is the live watch held. */
    boolean isLive(SymbolWatch watch) {
        return live == watch;
    }

    /** The fields to save: the live watch's as they are now, or those read. */
    SymbolWatch.State fields() {
        return live != null ? live.state() : saved;
    }
}

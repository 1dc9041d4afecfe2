package io.canarykit.operators.symbol;

import io.canarykit.operators.signals.MarkoutBook;
import io.canarykit.operators.signals.OrderMemory;
import io.canarykit.operators.signals.OrderTracker;
import io.canarykit.operators.signals.OrphanTracker;
import io.canarykit.operators.signals.SlidingPercentile;
import io.canarykit.operators.signals.SloFact;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.WindowLog;

/**
 * Where a {@link SymbolWatch} keeps what grows with its windows and orders: on the heap for the
 * tests, and in keyed state of their own in the job, so an event writes only what it changes.
 */
public record SymbolStores(
        WindowLog<short[]> usedPsiWindow,
        WindowLog<Integer> missingWindow,
        WindowLog<short[]> challengerPsiWindow,
        WindowLog<SloFact> sloAllWindow,
        WindowLog<SloFact> sloCanaryWindow,
        KeyValueStore<Integer, SlidingPercentile.Bucket> sloAllPlaceMs,
        KeyValueStore<Integer, SlidingPercentile.Bucket> sloCanaryPlaceMs,
        KeyValueStore<String, OrderMemory> orders,
        WindowLog<String> finishedOrders,
        WindowLog<String> openOrders,
        KeyValueStore<String, Long> orphanWaiting,
        KeyValueStore<String, Long> orphanCurrent,
        WindowLog<String> orphanWaitingLog,
        WindowLog<String> orphanLog,
        MarkoutBook.Stores markouts,
        KeyValueStore<String, Long> tradedToday,
        KeyValueStore<String, Long> fillKeys) {

    /** Empty stores on the heap, sized by {@code setup}'s windows. */
    public static SymbolStores onHeap(SymbolSetup setup) {
        return new SymbolStores(
                new EventTimeWindow<>(setup.config().psiWindowMs()),
                new EventTimeWindow<>(setup.config().missingWindowMs()),
                new EventTimeWindow<>(setup.config().psiWindowMs()),
                new EventTimeWindow<>(setup.config().sloWindowMs()),
                new EventTimeWindow<>(setup.config().sloWindowMs()),
                KeyValueStore.onHeap(),
                KeyValueStore.onHeap(),
                KeyValueStore.onHeap(),
                new EventTimeWindow<>(OrderTracker.FINISHED_ORDER_RETENTION_MS),
                new EventTimeWindow<>(OrderTracker.OPEN_ORDER_RETENTION_MS),
                KeyValueStore.onHeap(),
                KeyValueStore.onHeap(),
                new EventTimeWindow<>(OrphanTracker.waitingLogLengthMs(setup.config().orphanTimeoutMs())),
                new EventTimeWindow<>(OrderTracker.OPEN_ORDER_RETENTION_MS),
                MarkoutBook.Stores.onHeap(),
                KeyValueStore.onHeap(),
                KeyValueStore.onHeap());
    }
}

package io.canarykit.operators.symbol;

import io.canarykit.operators.gate.DecisionSequencer;
import io.canarykit.operators.signals.CompiledProfile;
import io.canarykit.operators.signals.FeedMonitor;
import io.canarykit.operators.signals.MarkoutBook;
import io.canarykit.operators.signals.MissingFeaturesMonitor;
import io.canarykit.operators.signals.OrderTracker;
import io.canarykit.operators.signals.OrphanTracker;
import io.canarykit.operators.signals.PsiMonitor;
import io.canarykit.operators.signals.ReferenceBook;
import io.canarykit.operators.signals.SlidingPercentile;
import io.canarykit.operators.signals.SloFact;
import io.canarykit.operators.signals.SloWindow;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.window.WindowLog;

/**
 * Builds each monitor of a {@link SymbolWatch} over its stores: started empty for a symbol seen for
 * the first time ({@code state} null), or carried on from its saved state. Static, so a watch
 * restored for every event costs no object beyond its monitors.
 */
final class SymbolMonitors {

    private SymbolMonitors() {}

    static FeedMonitor feed(SymbolSetup setup, SymbolWatch.State state) {
        return state == null
                ? new FeedMonitor(setup.config().feedFreshnessMs())
                : FeedMonitor.restore(setup.config().feedFreshnessMs(), state.feed());
    }

    /** The SLO window of every order. */
    static SloWindow sloAll(SymbolSetup setup, SymbolWatch.State state, SymbolStores stores) {
        return slo(setup, state == null ? null : state.sloAll(), stores.sloAllWindow(), stores.sloAllPlaceMs());
    }

    /** The SLO window of the canary's orders. */
    static SloWindow sloCanary(SymbolSetup setup, SymbolWatch.State state, SymbolStores stores) {
        return slo(setup, state == null ? null : state.sloCanary(), stores.sloCanaryWindow(), stores.sloCanaryPlaceMs());
    }

    private static SloWindow slo(SymbolSetup setup, SloWindow.State saved, WindowLog<SloFact> window,
            KeyValueStore<Integer, SlidingPercentile.Bucket> placeMs) {
        return saved == null
                ? SloWindow.create(setup.config().sloWindowMs(), setup.config().sloMinSamples(), window, placeMs)
                : SloWindow.restore(setup.config().sloWindowMs(), setup.config().sloMinSamples(), saved, window, placeMs);
    }

    static OrderTracker orders(SymbolWatch.State state, SymbolStores stores) {
        return state == null
                ? OrderTracker.create(OrderTracker.FINISHED_ORDER_RETENTION_MS, OrderTracker.OPEN_ORDER_RETENTION_MS,
                        stores.orders(), stores.finishedOrders(), stores.openOrders())
                : OrderTracker.restore(OrderTracker.FINISHED_ORDER_RETENTION_MS, OrderTracker.OPEN_ORDER_RETENTION_MS,
                        state.orders(), stores.orders(), stores.finishedOrders(), stores.openOrders());
    }

    static OrphanTracker orphans(SymbolSetup setup, SymbolWatch.State state, SymbolStores stores) {
        return state == null
                ? OrphanTracker.create(setup.config().orphanTimeoutMs(), OrderTracker.OPEN_ORDER_RETENTION_MS,
                        stores.orphanWaiting(), stores.orphanCurrent(), stores.orphanWaitingLog(), stores.orphanLog())
                : OrphanTracker.restore(setup.config().orphanTimeoutMs(), OrderTracker.OPEN_ORDER_RETENTION_MS, state.orphans(),
                        stores.orphanWaiting(), stores.orphanCurrent(), stores.orphanWaitingLog(), stores.orphanLog());
    }

    static DecisionSequencer sequencer(String symbol, SymbolSetup setup, SymbolWatch.State state) {
        return state == null
                ? DecisionSequencer.create(symbol, setup.limits())
                : DecisionSequencer.restore(symbol, setup.limits(), state.sequencer());
    }

    /** The book's state is all in its stores: nothing of it rides in the aggregate. */
    static MarkoutBook markouts(SymbolStores stores) {
        return MarkoutBook.over(stores.markouts());
    }

    /** The model in use's drift monitor under {@code profile}, carrying on {@code counts}, or empty without them. */
    static PsiMonitor usedPsi(SymbolSetup setup, SymbolStores stores, CompiledProfile profile,
            PsiMonitor.State counts) {
        return psi(setup, profile, counts, stores.usedPsiWindow());
    }

    private static PsiMonitor psi(SymbolSetup setup, CompiledProfile profile, PsiMonitor.State counts,
            WindowLog<short[]> window) {
        return counts == null
                ? PsiMonitor.create(profile, setup.config().psiWindowMs(), setup.config().psiMinSamples(), window)
                : PsiMonitor.restore(profile, setup.config().psiWindowMs(), setup.config().psiMinSamples(), counts, window);
    }

    /** The model in use's missing-features monitor under {@code profile}, carrying on {@code counts}, or empty. */
    static MissingFeaturesMonitor missing(SymbolSetup setup, SymbolStores stores, CompiledProfile profile,
            MissingFeaturesMonitor.State counts) {
        return counts == null
                ? MissingFeaturesMonitor.create(profile, setup.config().missingWindowMs(), stores.missingWindow())
                : MissingFeaturesMonitor.restore(profile, setup.config().missingWindowMs(), counts, stores.missingWindow());
    }

    /** The challenger's drift monitor under {@code profile}, carrying on {@code counts}, or empty without them. */
    static PsiMonitor challengerPsi(SymbolSetup setup, SymbolStores stores, CompiledProfile profile,
            PsiMonitor.State counts) {
        return psi(setup, profile, counts, stores.challengerPsiWindow());
    }

    /**
     * The saved drift monitor of a model, read under the version of its profile the windows were
     * counted with; null when there was none, or when that version is gone (the monitor then
     * restarts when next used).
     */
    static PsiMonitor restoredUsedPsi(SymbolSetup setup, SymbolWatch.State state, SymbolStores stores,
            ReferenceBook book) {
        CompiledProfile used = countedWith(book, state.usedModel(), state.usedProfileSince(), state.usedProfileKey());
        return used == null || state.usedPsi() == null ? null : usedPsi(setup, stores, used, state.usedPsi());
    }

    /** The saved missing-features monitor, which exists only beside the model in use's drift monitor. */
    static MissingFeaturesMonitor restoredMissing(SymbolSetup setup, SymbolWatch.State state,
            SymbolStores stores, PsiMonitor usedPsi) {
        return usedPsi == null || state.missing() == null ? null
                : missing(setup, stores, usedPsi.profile(), state.missing());
    }

    /** As {@link #restoredUsedPsi}, for the challenger. */
    static PsiMonitor restoredChallengerPsi(SymbolSetup setup, SymbolWatch.State state, SymbolStores stores,
            ReferenceBook book) {
        CompiledProfile challenger = countedWith(book, state.challengerModel(), state.challengerProfileSince(),
                state.challengerProfileKey());
        return challenger == null || state.challengerPsi() == null ? null
                : challengerPsi(setup, stores, challenger, state.challengerPsi());
    }

    /** The version {@code since} of {@code model}'s profile if it is still known and bins as {@code key} says; else null. */
    private static CompiledProfile countedWith(ReferenceBook book, String model, Long since, long key) {
        if (book == null || model == null || since == null) {
            return null;
        }
        CompiledProfile p = book.version(model, since);
        return p != null && p.binsKey() == key ? p : null;
    }
}

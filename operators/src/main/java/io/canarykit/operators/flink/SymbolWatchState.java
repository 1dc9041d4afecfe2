package io.canarykit.operators.flink;

import io.canarykit.operators.flink.state.KeyedMapStore;
import io.canarykit.operators.flink.state.KeyedWindowLog;
import io.canarykit.operators.flink.state.StateAccessException;
import io.canarykit.operators.flink.state.WindowCursors;
import io.canarykit.operators.signals.MarkoutBook;
import io.canarykit.operators.signals.OrderMemory;
import io.canarykit.operators.signals.OrphanTracker;
import io.canarykit.operators.signals.PendingMarkout;
import io.canarykit.operators.signals.SlidingPercentile;
import io.canarykit.operators.signals.SloFact;
import io.canarykit.operators.symbol.SymbolSetup;
import io.canarykit.operators.symbol.SymbolWatch;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A {@link SymbolWatch} in Flink keyed state: its small {@link SymbolWatch.State} in one value, and
 * every window and order map in stores of their own, so an event writes only what it changes. The
 * windows' positions sit together in one value, read by {@link #load} and written by {@link #save}.
 */
final class SymbolWatchState {

    static final ValueStateDescriptor<SymbolWatch.State> AGGREGATE =
            new ValueStateDescriptor<>("symbol-watch", new SymbolWatchStateSerializer());

    private final SymbolSetup setup;
    private final ValueState<SymbolWatch.State> aggregate;
    private final SymbolWatch.Stores stores;
    private final WindowCursors cursors;
    private final KeyedWindowLog<?>[] logs;
    private final KeyedMapStore<?, ?>[] maps;

    private SymbolWatchState(SymbolSetup setup, ValueState<SymbolWatch.State> aggregate, SymbolWatch.Stores stores,
            WindowCursors cursors, KeyedWindowLog<?>[] logs, KeyedMapStore<?, ?>[] maps) {
        this.setup = setup;
        this.aggregate = aggregate;
        this.stores = stores;
        this.cursors = cursors;
        this.logs = logs;
        this.maps = maps;
    }

    static SymbolWatchState register(RuntimeContext ctx, SymbolSetup setup) {
        WindowCursors cursors = WindowCursors.shared(ctx, "window-positions");
        TypeInformation<short[]> bins = TypeInformation.of(short[].class);
        TypeInformation<SloFact> fact = TypeInformation.of(SloFact.class);
        KeyedWindowLog<short[]> usedPsi = KeyedWindowLog.register(ctx, "psi-used", setup.psiWindowMs(), bins, cursors);
        KeyedWindowLog<Integer> missing =
                KeyedWindowLog.register(ctx, "missing", setup.missingWindowMs(), Types.INT, cursors);
        KeyedWindowLog<short[]> challengerPsi =
                KeyedWindowLog.register(ctx, "psi-challenger", setup.psiWindowMs(), bins, cursors);
        KeyedWindowLog<SloFact> sloAll = KeyedWindowLog.register(ctx, "slo-all", setup.sloWindowMs(), fact, cursors);
        KeyedWindowLog<SloFact> sloCanary =
                KeyedWindowLog.register(ctx, "slo-canary", setup.sloWindowMs(), fact, cursors);
        TypeInformation<SlidingPercentile.Bucket> bucket = TypeInformation.of(SlidingPercentile.Bucket.class);
        KeyedMapStore<Integer, SlidingPercentile.Bucket> sloAllPlaceMs =
                KeyedMapStore.register(ctx, "slo-all-place-ms", Types.INT, bucket);
        KeyedMapStore<Integer, SlidingPercentile.Bucket> sloCanaryPlaceMs =
                KeyedMapStore.register(ctx, "slo-canary-place-ms", Types.INT, bucket);
        KeyedMapStore<String, OrderMemory> orders =
                KeyedMapStore.register(ctx, "orders", Types.STRING, TypeInformation.of(OrderMemory.class));
        KeyedWindowLog<String> finished = KeyedWindowLog.register(
                ctx, "orders-finished", SymbolSetup.FINISHED_ORDER_RETENTION_MS, Types.STRING, cursors);
        KeyedWindowLog<String> open = KeyedWindowLog.register(
                ctx, "orders-open", SymbolSetup.OPEN_ORDER_RETENTION_MS, Types.STRING, cursors);
        KeyedMapStore<String, Long> waiting = KeyedMapStore.register(ctx, "orphan-waiting", Types.STRING, Types.LONG);
        KeyedMapStore<String, Long> current = KeyedMapStore.register(ctx, "orphan-current", Types.STRING, Types.LONG);
        KeyedWindowLog<String> waitingLog = KeyedWindowLog.register(
                ctx, "orphan-waiting-log", OrphanTracker.waitingLogLengthMs(setup.orphanTimeoutMs()), Types.STRING,
                cursors);
        KeyedWindowLog<String> orphanLog = KeyedWindowLog.register(
                ctx, "orphan-log", SymbolSetup.OPEN_ORDER_RETENTION_MS, Types.STRING, cursors);
        // Pending markouts by fill key, and one due log per horizon, as long as the horizon.
        KeyedMapStore<String, PendingMarkout> markoutFills =
                KeyedMapStore.register(ctx, "markouts", Types.STRING, TypeInformation.of(PendingMarkout.class));
        KeyedWindowLog<String> dueOneSecond = KeyedWindowLog.register(
                ctx, "markouts-due-1s", MarkoutBook.Horizon.ONE_SECOND.ms(), Types.STRING, cursors);
        KeyedWindowLog<String> dueFiveSeconds = KeyedWindowLog.register(
                ctx, "markouts-due-5s", MarkoutBook.Horizon.FIVE_SECONDS.ms(), Types.STRING, cursors);
        KeyedWindowLog<String> dueOneMinute = KeyedWindowLog.register(
                ctx, "markouts-due-60s", MarkoutBook.Horizon.ONE_MINUTE.ms(), Types.STRING, cursors);
        MarkoutBook.Stores markouts = new MarkoutBook.Stores(markoutFills, dueOneSecond, dueFiveSeconds, dueOneMinute);
        SymbolWatch.Stores stores = new SymbolWatch.Stores(usedPsi, missing, challengerPsi, sloAll, sloCanary,
                sloAllPlaceMs, sloCanaryPlaceMs, orders, finished, open, waiting, current, waitingLog, orphanLog,
                markouts);
        return new SymbolWatchState(
                setup,
                ctx.getState(AGGREGATE),
                stores,
                cursors,
                new KeyedWindowLog<?>[] {usedPsi, missing, challengerPsi, sloAll, sloCanary, finished, open, waitingLog, orphanLog,
                        dueOneSecond, dueFiveSeconds, dueOneMinute},
                new KeyedMapStore<?, ?>[] {sloAllPlaceMs, sloCanaryPlaceMs, orders, waiting, current, markoutFills});
    }

    /** The current key's watch, or null when the key has none. */
    SymbolWatch load() {
        try {
            cursors.load();
            SymbolWatch.State state = aggregate.value();
            return state == null ? null : SymbolWatch.restore(setup, state, stores);
        } catch (Exception e) {
            throw new StateAccessException("read the symbol's state", e);
        }
    }

    /** The current key's watch, a new one when the key has none. */
    SymbolWatch loadOrCreate(String symbol) {
        SymbolWatch watch = load();
        return watch != null ? watch : SymbolWatch.create(symbol, setup, stores);
    }

    void save(SymbolWatch watch) {
        try {
            // The state shares its SLO percentile counts with the watch: the heap backend keeps the
            // reference (it copies a value itself before a running snapshot could see it change), and
            // RocksDB writes the counts alone, the bucket values being in their own MapState.
            aggregate.update(watch.state());
        } catch (Exception e) {
            throw new StateAccessException("write the symbol's state", e);
        }
        cursors.flush();
    }

    /**
     * Whether the current key has a markout due at or before {@code t}, or, with {@code t} null,
     * any pending at all: reads the windows' positions only, not the aggregate.
     */
    boolean markoutsDue(Long t) {
        cursors.load();
        boolean due = t == null ? stores.markouts().anyPending() : stores.markouts().anyDueBy(t);
        cursors.flush();
        return due;
    }

    /** Forgets everything of the current key. */
    void clear() {
        aggregate.clear();
        cursors.load();
        for (KeyedWindowLog<?> log : logs) {
            log.clear();
        }
        cursors.clear();
        for (KeyedMapStore<?, ?> map : maps) {
            map.clear();
        }
    }
}

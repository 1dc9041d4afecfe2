package io.canarykit.operators.flink;

import io.canarykit.operators.signals.OrderTracker;
import io.canarykit.operators.flink.state.KeyedMapStore;
import io.canarykit.operators.flink.state.KeyedStates;
import io.canarykit.operators.flink.state.KeyedWindowLog;
import io.canarykit.operators.flink.state.WindowBlocks;
import io.canarykit.operators.flink.state.StateAccessException;
import io.canarykit.operators.flink.state.WindowCursors;
import io.canarykit.operators.risk.FillKeys;
import io.canarykit.operators.risk.PositionBook;
import io.canarykit.operators.signals.MarkoutBook;
import io.canarykit.operators.signals.OrderMemory;
import io.canarykit.operators.signals.OrphanTracker;
import io.canarykit.operators.signals.PendingMarkout;
import io.canarykit.operators.signals.ReferenceBook;
import io.canarykit.operators.signals.SlidingPercentile;
import io.canarykit.operators.signals.SloFact;
import io.canarykit.operators.symbol.SymbolSetup;
import io.canarykit.operators.symbol.SymbolStores;
import io.canarykit.operators.symbol.SymbolWatch;
import io.canarykit.operators.symbol.TradeDayCounts;
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

    static final ValueStateDescriptor<SymbolAggregate> AGGREGATE =
            new ValueStateDescriptor<>("symbol-watch", new SymbolAggregateSerializer());

    private final SymbolSetup setup;
    private final ValueState<SymbolAggregate> aggregate;
    private final SymbolStores stores;
    private final WindowCursors cursors;
    private final KeyedWindowLog<?>[] logs;
    private final KeyedMapStore<?, ?>[] maps;
    // The day's trade counts and the orders they counted outlive an idle cleanup within the day.
    private final ValueState<TradeDayCounts> keptTradeDay;
    private final KeyedMapStore<String, Long> tradedToday;
    // The value the last load read for the current key, which the save that follows writes back.
    private SymbolAggregate loaded;

    private SymbolWatchState(SymbolSetup setup, ValueState<SymbolAggregate> aggregate, SymbolStores stores,
            WindowCursors cursors, KeyedWindowLog<?>[] logs, KeyedMapStore<?, ?>[] maps,
            ValueState<TradeDayCounts> keptTradeDay, KeyedMapStore<String, Long> tradedToday) {
        this.setup = setup;
        this.aggregate = aggregate;
        this.stores = stores;
        this.cursors = cursors;
        this.logs = logs;
        this.maps = maps;
        this.keptTradeDay = keptTradeDay;
        this.tradedToday = tradedToday;
    }

    static SymbolWatchState register(KeyedStates states, SymbolSetup setup) {
        WindowCursors cursors = WindowCursors.shared(states, "window-positions");
        TypeInformation<short[]> bins = TypeInformation.of(short[].class);
        TypeInformation<SloFact> fact = TypeInformation.of(SloFact.class);
        // The windows share a map state per kind of event (a lane each, fixed for good): RocksDB flushes
        // each state written since the last checkpoint in the checkpoint's synchronous part.
        WindowBlocks<short[]> binBlocks = WindowBlocks.register(states, "window-blocks-bins", bins);
        WindowBlocks<Integer> countBlocks = WindowBlocks.register(states, "window-blocks-counts", Types.INT);
        WindowBlocks<SloFact> factBlocks = WindowBlocks.register(states, "window-blocks-slo", fact);
        WindowBlocks<String> idBlocks = WindowBlocks.register(states, "window-blocks-ids", Types.STRING);
        KeyedWindowLog<short[]> usedPsi =
                KeyedWindowLog.register(states, "psi-used", setup.config().psiWindowMs(), binBlocks, 0, cursors);
        KeyedWindowLog<Integer> missing =
                KeyedWindowLog.register(states, "missing", setup.config().missingWindowMs(), countBlocks, 0, cursors);
        KeyedWindowLog<short[]> challengerPsi =
                KeyedWindowLog.register(states, "psi-challenger", setup.config().psiWindowMs(), binBlocks, 1, cursors);
        KeyedWindowLog<SloFact> sloAll =
                KeyedWindowLog.register(states, "slo-all", setup.config().sloWindowMs(), factBlocks, 0, cursors);
        KeyedWindowLog<SloFact> sloCanary =
                KeyedWindowLog.register(states, "slo-canary", setup.config().sloWindowMs(), factBlocks, 1, cursors);
        TypeInformation<SlidingPercentile.Bucket> bucket = TypeInformation.of(SlidingPercentile.Bucket.class);
        KeyedMapStore<Integer, SlidingPercentile.Bucket> sloAllPlaceMs =
                KeyedMapStore.register(states, "slo-all-place-ms", Types.INT, bucket);
        KeyedMapStore<Integer, SlidingPercentile.Bucket> sloCanaryPlaceMs =
                KeyedMapStore.register(states, "slo-canary-place-ms", Types.INT, bucket);
        KeyedMapStore<String, OrderMemory> orders =
                KeyedMapStore.register(states, "orders", Types.STRING, TypeInformation.of(OrderMemory.class));
        KeyedWindowLog<String> finished = KeyedWindowLog.register(
                states, "orders-finished", OrderTracker.FINISHED_ORDER_RETENTION_MS, idBlocks, 0, cursors);
        KeyedWindowLog<String> open = KeyedWindowLog.register(
                states, "orders-open", OrderTracker.OPEN_ORDER_RETENTION_MS, idBlocks, 1, cursors);
        KeyedMapStore<String, Long> waiting = KeyedMapStore.register(states, "orphan-waiting", Types.STRING, Types.LONG);
        KeyedMapStore<String, Long> current = KeyedMapStore.register(states, "orphan-current", Types.STRING, Types.LONG);
        KeyedWindowLog<String> waitingLog = KeyedWindowLog.register(
                states, "orphan-waiting-log", OrphanTracker.waitingLogLengthMs(setup.config().orphanTimeoutMs()), idBlocks, 2,
                cursors);
        KeyedWindowLog<String> orphanLog = KeyedWindowLog.register(
                states, "orphan-log", OrderTracker.OPEN_ORDER_RETENTION_MS, idBlocks, 3, cursors);
        KeyedMapStore<String, Long> tradedToday = KeyedMapStore.register(states, "traded-today", Types.STRING, Types.LONG);
        KeyedMapStore<String, Long> fillKeys = KeyedMapStore.register(states, "fill-keys", Types.STRING, Types.LONG);
        // Pending markouts by fill key, and one due log per horizon, as long as the horizon.
        KeyedMapStore<String, PendingMarkout> markoutFills =
                KeyedMapStore.register(states, "markouts", Types.STRING, TypeInformation.of(PendingMarkout.class));
        KeyedWindowLog<String> dueOneSecond = KeyedWindowLog.register(
                states, "markouts-due-1s", MarkoutBook.Horizon.ONE_SECOND.ms(), idBlocks, 4, cursors);
        KeyedWindowLog<String> dueFiveSeconds = KeyedWindowLog.register(
                states, "markouts-due-5s", MarkoutBook.Horizon.FIVE_SECONDS.ms(), idBlocks, 5, cursors);
        KeyedWindowLog<String> dueOneMinute = KeyedWindowLog.register(
                states, "markouts-due-60s", MarkoutBook.Horizon.ONE_MINUTE.ms(), idBlocks, 6, cursors);
        MarkoutBook.Stores markouts = new MarkoutBook.Stores(markoutFills, dueOneSecond, dueFiveSeconds, dueOneMinute);
        SymbolStores stores = new SymbolStores(usedPsi, missing, challengerPsi, sloAll, sloCanary,
                sloAllPlaceMs, sloCanaryPlaceMs, orders, finished, open, waiting, current, waitingLog, orphanLog,
                markouts, tradedToday, fillKeys);
        return new SymbolWatchState(
                setup,
                states.value(AGGREGATE),
                stores,
                cursors,
                new KeyedWindowLog<?>[] {usedPsi, missing, challengerPsi, sloAll, sloCanary, finished, open, waitingLog, orphanLog,
                        dueOneSecond, dueFiveSeconds, dueOneMinute},
                // The fill keys outlive an idle cleanup, as the day's trade counts do, for two UTC days.
                new KeyedMapStore<?, ?>[] {sloAllPlaceMs, sloCanaryPlaceMs, orders, waiting, current, markoutFills},
                states.value(new ValueStateDescriptor<>("trade-day-kept", TypeInformation.of(TradeDayCounts.class))),
                tradedToday);
    }

    /** The current key's watch, or null when the key has none; its drift is read under the versions of {@code book}. */
    SymbolWatch load(ReferenceBook book) {
        try {
            cursors.load();
            loaded = aggregate.value();
            return loaded == null ? null : loaded.watch(setup, stores, book);
        } catch (Exception e) {
            throw new StateAccessException("read the symbol's state", e);
        }
    }

    /**
     * The current key's watch, a new one when the key has none; a new one carries on the day's trade
     * counts kept by an idle cleanup (a later day's first event then starts that day from zero).
     */
    SymbolWatch loadOrCreate(String symbol, ReferenceBook book) {
        SymbolWatch watch = load(book);
        if (watch != null) {
            return watch;
        }
        SymbolWatch created = SymbolWatch.create(symbol, setup, stores);
        loaded = SymbolAggregate.live(created, book);
        try {
            created.carryOn(keptTradeDay.value());
            keptTradeDay.clear();
        } catch (Exception e) {
            throw new StateAccessException("read the symbol's kept trade counts", e);
        }
        return created;
    }

    /**
     * Stores {@code watch}, the one the last {@link #load} or {@link #loadOrCreate} gave: on the heap
     * the value read keeps it, live; RocksDB writes its fields.
     */
    void save(SymbolWatch watch) {
        SymbolAggregate held = loaded;
        loaded = null;
        if (held == null || !held.isLive(watch)) {
            throw new IllegalStateException("a symbol's watch is saved only as the last load gave it");
        }
        try {
            aggregate.update(held);
        } catch (Exception e) {
            throw new StateAccessException("write the symbol's state", e);
        }
        cursors.flush();
    }

    private SymbolWatch.State fields() throws Exception {
        SymbolAggregate held = aggregate.value();
        return held == null ? null : held.fields();
    }

    /** Whether the current key holds a position: such a symbol is not idle, whatever its input. */
    boolean holdsPosition() {
        try {
            SymbolWatch.State state = fields();
            return state != null && Math.abs(state.positionQty()) > PositionBook.QTY_EPSILON;
        } catch (Exception e) {
            throw new StateAccessException("read the symbol's position", e);
        }
    }

    /** The UTC day of the newest fill key the current key keeps, or null when it keeps none. */
    Long lastFillDay() {
        return new FillKeys(stores.fillKeys()).lastDay();
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

    /**
     * For a symbol that stayed idle, forgets what it kept once its day is over: the day's trade counts
     * and the orders they counted when {@code day} is later, the keys of fills applied before the day
     * before {@code day} (a repeat of a fill counts once for two UTC days, as in the budget).
     *
     * @return whether anything was dropped
     */
    boolean dropKeptBefore(long day) {
        try {
            if (aggregate.value() != null) {
                return false;
            }
            boolean dropped = false;
            TradeDayCounts kept = keptTradeDay.value();
            if (kept != null && kept.day() < day) {
                keptTradeDay.clear();
                tradedToday.clear();
                dropped = true;
            }
            return new FillKeys(stores.fillKeys()).forgetBefore(day) || dropped;
        } catch (Exception e) {
            throw new StateAccessException("drop the symbol's kept trade counts and fill keys", e);
        }
    }

    /**
     * Forgets everything of the current key, as {@link #clear()} does, and says which UTC day's trade
     * counts it kept, or null when it kept none.
     */
    Long clearKeepingTradeDay() {
        try {
            SymbolWatch.State state = fields();
            Long kept = state != null && state.trades() > 0 ? state.tradeDay() : null;
            clear();
            return kept;
        } catch (Exception e) {
            throw new StateAccessException("read the symbol's trade day", e);
        }
    }

    void clear() {
        try {
            SymbolWatch.State state = fields();
            if (state != null && state.trades() > 0) {
                keptTradeDay.update(new TradeDayCounts(state.tradeDay(), state.trades(), state.canaryTrades()));
            } else {
                keptTradeDay.clear();
                tradedToday.clear();
            }
        } catch (Exception e) {
            throw new StateAccessException("keep the symbol's trade counts", e);
        }
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

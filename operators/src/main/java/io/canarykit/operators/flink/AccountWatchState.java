package io.canarykit.operators.flink;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.flink.state.KeyedStates;
import io.canarykit.operators.signals.OrderTracker;
import io.canarykit.operators.account.AccountWatch;
import io.canarykit.operators.flink.state.KeyedMapStore;
import io.canarykit.operators.flink.state.KeyedWindowLog;
import io.canarykit.operators.flink.state.StateAccessException;
import io.canarykit.operators.flink.state.WindowCursors;
import io.canarykit.operators.risk.PositionBook;
import io.canarykit.operators.risk.RiskBudget;
import io.canarykit.operators.signals.OrderMemory;
import io.canarykit.operators.signals.SlidingPercentile;
import io.canarykit.operators.signals.SloFact;
import io.canarykit.operators.symbol.SymbolSetup;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** An {@link AccountWatch} in Flink keyed state: its small state in one value, the rest in stores. */
final class AccountWatchState {

    private final KitConfig configured;
    private final ValueState<AccountAggregate> aggregate;
    private final AccountWatch.Stores stores;
    private final WindowCursors cursors;

    // The value the last load read or made, which the save that follows writes back.
    private AccountAggregate loaded;

    private AccountWatchState(KitConfig configured, ValueState<AccountAggregate> aggregate, AccountWatch.Stores stores,
            WindowCursors cursors) {
        this.configured = configured;
        this.aggregate = aggregate;
        this.stores = stores;
        this.cursors = cursors;
    }

    static AccountWatchState register(KeyedStates ctx, KitConfig configured) {
        WindowCursors cursors = WindowCursors.shared(ctx, "window-positions");
        RiskBudget.Stores budget = new RiskBudget.Stores(
                KeyedMapStore.register(ctx, "holdings", Types.STRING, TypeInformation.of(PositionBook.Holding.class)),
                KeyedMapStore.register(ctx, "fill-keys", Types.STRING, Types.LONG),
                KeyedMapStore.register(ctx, "orders-today", Types.STRING, Types.LONG),
                KeyedMapStore.register(ctx, "orders-since-reset", Types.STRING, Types.LONG));
        AccountWatch.Stores stores = new AccountWatch.Stores(
                budget,
                KeyedMapStore.register(ctx, "orders", Types.STRING, TypeInformation.of(OrderMemory.class)),
                KeyedWindowLog.register(
                        ctx, "orders-finished", OrderTracker.FINISHED_ORDER_RETENTION_MS, Types.STRING, cursors),
                KeyedWindowLog.register(ctx, "orders-open", OrderTracker.OPEN_ORDER_RETENTION_MS, Types.STRING, cursors),
                KeyedWindowLog.register(ctx, "slo", configured.sloWindowMs(), TypeInformation.of(SloFact.class), cursors),
                KeyedMapStore.register(
                        ctx, "slo-place-ms", Types.INT, TypeInformation.of(SlidingPercentile.Bucket.class)));
        ValueState<AccountAggregate> aggregate = ctx.value(
                new ValueStateDescriptor<>("account-watch", new AccountAggregateSerializer()));
        return new AccountWatchState(configured, aggregate, stores, cursors);
    }

    /** The account, or a fresh one starting at {@code t} when there is none yet. */
    AccountWatch loadOrCreate(long t) {
        try {
            cursors.load();
            AccountAggregate held = aggregate.value();
            if (held == null) {
                AccountWatch created = AccountWatch.create(configured, t, stores);
                loaded = AccountAggregate.live(created);
                return created;
            }
            loaded = held;
            return held.watch(configured, stores);
        } catch (Exception e) {
            throw new StateAccessException("read the account's state", e);
        }
    }

    /**
     * Stores {@code watch}, the one the last {@link #loadOrCreate} gave: on the heap the value read
     * keeps it, live; RocksDB writes its fields.
     */
    void save(AccountWatch watch) {
        AccountAggregate held = loaded;
        loaded = null;
        if (held == null || !held.isLive(watch)) {
            throw new IllegalStateException("the account's watch is saved only as the last load gave it");
        }
        try {
            aggregate.update(held);
        } catch (Exception e) {
            throw new StateAccessException("write the account's state", e);
        }
        cursors.flush();
    }
}

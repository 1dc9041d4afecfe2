package io.canarykit.operators.flink;

import io.canarykit.operators.flink.state.KeyedStates;
import io.canarykit.operators.account.AccountChange;
import io.canarykit.operators.account.SymbolLedger;
import io.canarykit.operators.flink.state.KeyedMapStore;
import io.canarykit.operators.flink.state.KeyedWindowLog;
import io.canarykit.operators.flink.state.PendingEvents;
import io.canarykit.operators.flink.state.StateAccessException;
import io.canarykit.operators.flink.state.WindowCursors;
import io.canarykit.operators.risk.PositionBook;
import io.canarykit.operators.signals.OrderMemory;
import io.canarykit.operators.signals.OrderTracker;
import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.schema.codec.RejectReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Each symbol's share of the account's work, keyed by symbol so it spreads over subtasks as symbols
 * are added: holds the symbol's {@link SymbolLedger} (its order registry and its position) and sends
 * the account what each order event and primary mid changed. A primary mid of a symbol with no
 * position changes nothing the account reads and sends nothing. Live, each event acts on arrival; in
 * replay, the events of one timestamp are applied together in the account's order once the
 * watermark passes them, so the account's figures are those of applying every event itself.
 */
public final class SymbolLedgerFunction extends KeyedProcessFunction<String, SymbolEvent, AccountEvent>
        implements KeyedStates.User {
    private static final long serialVersionUID = 1L;

    /** The account's order of events of one timestamp: marks by mid, then order events in lifecycle order. */
    static final Comparator<SymbolEvent> APPLY_ORDER =
            Comparator.comparingInt(SymbolLedgerFunction::rank).thenComparing(SymbolLedgerFunction::contentKey);

    private final GateSettings settings;

    // Given by a WriteBehindKeyedOperator before open; otherwise the backend's own states.
    private transient KeyedStates states;
    private transient JobClock clock;
    private transient ValueState<SymbolLedger.State> aggregate;
    private transient SymbolLedger.Stores stores;
    private transient WindowCursors cursors;
    private transient PendingEvents<SymbolEvent> pending;

    public SymbolLedgerFunction(GateSettings settings) {
        this.settings = settings;
    }

    @Override
    public void useKeyedStates(KeyedStates given) {
        states = given;
    }

    private KeyedStates states() {
        return states != null ? states : KeyedStates.of(getRuntimeContext());
    }

    @Override
    public void open(OpenContext openContext) {
        clock = settings.clock();
        KeyedStates ctx = states();
        cursors = WindowCursors.shared(ctx, "window-positions");
        stores = new SymbolLedger.Stores(
                KeyedMapStore.register(ctx, "orders", Types.STRING, TypeInformation.of(OrderMemory.class)),
                KeyedWindowLog.register(
                        ctx, "orders-finished", OrderTracker.FINISHED_ORDER_RETENTION_MS, Types.STRING, cursors),
                KeyedWindowLog.register(ctx, "orders-open", OrderTracker.OPEN_ORDER_RETENTION_MS, Types.STRING, cursors),
                KeyedMapStore.register(ctx, "holding", Types.STRING, TypeInformation.of(PositionBook.Holding.class)),
                KeyedMapStore.register(ctx, "fill-keys", Types.STRING, Types.LONG));
        aggregate = ctx.value(new ValueStateDescriptor<>("ledger", TypeInformation.of(SymbolLedger.State.class)));
        pending = PendingEvents.register(ctx, "pending", TypeInformation.of(SymbolEvent.class));
    }

    @Override
    public void processElement(SymbolEvent event, Context ctx, Collector<AccountEvent> out) throws Exception {
        switch (clock.admit(event.ts(), ctx.timerService().currentWatermark())) {
            case ON_ARRIVAL, LATE -> apply(List.of(event), ctx, out);
            case HELD -> {
                pending.hold(event.ts(), event, ctx.timerService());
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AccountEvent> out) throws Exception {
        List<SymbolEvent> batch = pending.release(timestamp, ctx.timerService());
        if (!batch.isEmpty()) {
            apply(batch, ctx, out);
        }
    }

    private void apply(List<SymbolEvent> batch, Context ctx, Collector<AccountEvent> out) {
        List<SymbolEvent> ordered = new ArrayList<>(batch);
        ordered.sort(APPLY_ORDER);
        SymbolLedger ledger = load();
        int maxRaw = settings.kit().dlqMaxRawBytes();
        for (SymbolEvent e : ordered) {
            long now = ctx.timerService().currentProcessingTime();
            AccountChange change;
            if (e.order() != null) {
                change = ledger.order(e.order(), (bad, reason, detail) -> {
                    // The symbol's gate applies the same order rules and reports what they refuse;
                    // only what the budget itself cannot apply is news here.
                    if (reason == RejectReason.PROCESSING_ERROR) {
                        ctx.output(Descriptors.DLQ, RejectedRecords.of(bad, reason, detail, now, maxRaw));
                    }
                });
            } else {
                change = ledger.mark(e.symbol(), e.ts(), e.quote().mid(), (bad, reason, detail) ->
                        ctx.output(Descriptors.DLQ, RejectedRecords.ofMark(e.symbol(), e.ts(), e.quote().mid(), reason,
                                detail, now, maxRaw)));
            }
            if (change != null) {
                out.collect(AccountEvent.change(change));
            }
        }
        save(ledger);
    }

    private SymbolLedger load() {
        try {
            cursors.load();
            SymbolLedger.State state = aggregate.value();
            return state == null ? SymbolLedger.create(stores) : SymbolLedger.restore(state, stores);
        } catch (Exception e) {
            throw new StateAccessException("read the symbol's ledger", e);
        }
    }

    private void save(SymbolLedger ledger) {
        try {
            aggregate.update(ledger.state());
        } catch (Exception e) {
            throw new StateAccessException("write the symbol's ledger", e);
        }
        cursors.flush();
    }

    private static int rank(SymbolEvent e) {
        return e.order() != null ? AccountChange.ORDER_RANK + e.order().event().ordinal() : AccountChange.MARK_RANK;
    }

    private static String contentKey(SymbolEvent e) {
        return e.order() != null ? e.order().dedupKey() : e.symbol() + "/" + e.quote().mid();
    }
}

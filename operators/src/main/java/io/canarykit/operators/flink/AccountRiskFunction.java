package io.canarykit.operators.flink;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.account.AccountWatch;
import io.canarykit.operators.flink.state.KeyedStates;
import io.canarykit.operators.flink.state.PendingEvents;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.operators.risk.RiskSnapshot;
import io.canarykit.operators.window.UtcDays;
import io.canarykit.schema.ControlType;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The desk-wide risk budget and SLO: holds an {@link AccountWatch} in keyed state under
 * {@code _global}, applies the changes the symbols' ledgers send (SLO facts, and what fills and the
 * primary mids of held positions did to them) and risk commands, and sends an {@link AccountView}
 * to every symbol whenever a figure changes, plus the {@code _global} KPI record (at once on a
 * {@code refresh}, computed at the job's current time). Live, every event
 * acts on arrival; in replay they are applied in event-time order once the watermark passes them.
 */
public final class AccountRiskFunction extends KeyedProcessFunction<String, AccountEvent, AccountView>
        implements KeyedStates.User {
    private static final long serialVersionUID = 1L;

    /** Live, the longest a view that changes no gate waits before it is sent. */
    static final long LIVE_VIEW_INTERVAL_MS = 100;

    private final GateSettings settings;

    // Given by a WriteBehindKeyedOperator before open; otherwise the backend's own states.
    private transient KeyedStates states;
    private transient JobClock clock;
    private transient KitConfig configured;
    private transient AccountWatchState watches;
    private transient PendingEvents<AccountEvent> pending;
    private transient ValueState<Long> lastApplied;
    private transient ValueState<AccountView> lastSentView;
    private transient ValueState<AccountView> heldView;
    private transient Counter lateEvents;
    private transient volatile RiskSnapshot latest;
    // The day's-start timer last registered, and for which key: the timer service keeps a timer once
    // however often it is registered, but its change log writes every registration, one per change.
    private transient Object dayTimerKey;
    private transient long dayTimerAt;

    public AccountRiskFunction(GateSettings settings) {
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
        configured = settings.kit();
        KeyedStates keyed = states();
        watches = AccountWatchState.register(keyed, configured);
        pending = PendingEvents.register(keyed, "pending", TypeInformation.of(AccountEvent.class));
        lastApplied = keyed.value(new ValueStateDescriptor<>("last-applied", Types.LONG));
        TypeInformation<AccountView> viewType = TypeInformation.of(AccountView.class);
        lastSentView = keyed.value(new ValueStateDescriptor<>("last-sent-view", viewType));
        heldView = keyed.value(new ValueStateDescriptor<>("held-view", viewType));
        MetricGroup g = getRuntimeContext().getMetricGroup();
        lateEvents = g.counter("late_events_total");
        g.gauge("daily_budget_left", (Gauge<Double>) () -> latest == null ? 1.0 : latest.budgetLeft());
        g.gauge("gate_budget_active", (Gauge<Integer>) () -> latest != null && latest.gate() ? 1 : 0);
        g.gauge("dd_today", (Gauge<Double>) () -> latest == null || latest.ddToday() == null ? 0.0 : latest.ddToday());
        g.gauge("trades_today", (Gauge<Long>) () -> latest == null ? 0L : latest.tradesToday());
        g.gauge("total_trades", (Gauge<Long>) () -> latest == null ? 0L : latest.totalTrades());
        g.gauge("canary_trades_total", (Gauge<Long>) () -> latest == null ? 0L : latest.canaryTradesTotal());
        g.gauge("open_positions", (Gauge<Integer>) () -> latest == null ? 0 : latest.openPositions());
        // Today's P&L against the start of the day, and the drawdown cap the boards draw dd_today against.
        g.gauge("daily_pnl", (Gauge<Double>) () -> latest == null ? 0.0 : latest.equity() - latest.startOfDayEquity());
        g.gauge("max_daily_drawdown_pct", (Gauge<Double>) () ->
                latest == null ? settings.kit().maxDailyDrawdownPct() : latest.limits().maxDailyDrawdownPct());
        g.gauge("canary_notional_share", (Gauge<Double>) () ->
                latest == null || latest.canaryNotionalShare() == null ? Double.NaN : latest.canaryNotionalShare());
    }

    @Override
    public void processElement(AccountEvent event, Context ctx, Collector<AccountView> out) throws Exception {
        Long applied = lastApplied.value();
        long t = applied == null ? event.ts() : Math.max(applied, event.ts());
        switch (clock.admit(event.ts(), ctx.timerService().currentWatermark())) {
            case ON_ARRIVAL -> applyOnArrival(event, applied, t, ctx, out);
            case LATE -> {
                lateEvents.inc();
                apply(List.of(event), t, ctx, out);
            }
            case HELD -> {
                pending.hold(event.ts(), event, ctx.timerService());
            }
        }
    }

    /** Live, every event acts on arrival; one behind the newest applied time is late. */
    private void applyOnArrival(AccountEvent event, Long applied, long t, Context ctx, Collector<AccountView> out)
            throws Exception {
        if (event.control() == null && applied != null && event.ts() < applied) {
            lateEvents.inc();
        }
        // The job's clock live is the wall clock: a refresh answers what is true now, not at the command's stamp.
        long at = isRefresh(event) ? Math.max(t, ctx.timerService().currentProcessingTime()) : t;
        apply(List.of(event), at, ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AccountView> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (isDayStart(timestamp) && clock.owns(TimeDomain.PROCESSING_TIME)) {
                apply(List.of(), timestamp, ctx, out);
            }
            sendHeldView(out);
            return;
        }
        List<AccountEvent> batch = pending.release(timestamp, ctx.timerService());
        // A new day starts the budget afresh even while no symbol's change arrives, unless time ran to
        // the day's start only because the input ended.
        if (!batch.isEmpty() || (isDayStart(timestamp) && !clock.inputEnded(ctx.timerService().currentWatermark()))) {
            apply(batch, timestamp, ctx, out);
        }
    }

    /** Registers the timer of the next day's start, unless this key's is already registered. */
    private void registerDayStart(long due, Context ctx) {
        Object key = ctx.getCurrentKey();
        if (due == dayTimerAt && key.equals(dayTimerKey)) {
            return;
        }
        clock.register(ctx.timerService(), due);
        dayTimerKey = key;
        dayTimerAt = due;
    }

    private static boolean isDayStart(long timestamp) {
        return UtcDays.isMidnight(timestamp);
    }

    private void apply(List<AccountEvent> batch, long t, Context ctx, Collector<AccountView> out) throws Exception {
        List<AccountEvent> ordered = Batches.inOrder(batch, AccountEvent.APPLY_ORDER);
        AccountWatch watch = watches.loadOrCreate(t);
        int maxRaw = settings.kit().dlqMaxRawBytes();
        boolean refresh = false;
        for (AccountEvent e : ordered) {
            long now = ctx.timerService().currentProcessingTime();
            refresh |= isRefresh(e);
            if (e.control() != null) {
                watch.applyCommand(e.control(), (bad, reason, detail) ->
                        ctx.output(Descriptors.DLQ, RejectedRecords.of(bad, reason, detail, now, maxRaw)));
            } else {
                watch.applyChange(e.change());
            }
        }
        // A refresh asks for the figures now, whatever the KPI cadence says.
        AccountWatch.Evaluation ev = refresh ? watch.refresh(t) : watch.evaluate(t);
        watches.save(watch);
        Long applied = lastApplied.value();
        if (applied == null || t > applied) {
            lastApplied.update(t);
        }
        latest = ev.snapshot();
        // Marks of held positions and fills no longer arrive from every symbol at every instant, so the
        // day's start is a timer of its own.
        registerDayStart(UtcDays.startOf(UtcDays.dayOf(t) + 1), ctx);
        if (ev.kpi() != null) {
            ctx.output(Descriptors.KPIS, ev.kpi());
        }
        if (ev.view() != null) {
            if (clock.actsOnArrival()) {
                offerLive(ev.view(), ctx, out);
            } else {
                out.collect(ev.view());
            }
        }
    }

    private static boolean isRefresh(AccountEvent e) {
        return e.control() != null && e.control().type() == ControlType.REFRESH;
    }

    /**
     * Live, a view that may change a gate goes out at once; one that only moves the figures (the
     * unrealised P&L of every primary quote of a held position) is held and sent at most once per
     * {@link #LIVE_VIEW_INTERVAL_MS}, newest first, so the broadcast that also carries operator
     * commands never queues behind a stream of them. Live, symbols read only the newest view anyway.
     */
    private void offerLive(AccountView view, Context ctx, Collector<AccountView> out) throws Exception {
        if (view.gatesMayDifferFrom(lastSentView.value())) {
            heldView.clear();
            send(view, out);
            return;
        }
        if (heldView.value() == null) {
            long now = ctx.timerService().currentProcessingTime();
            ctx.timerService().registerProcessingTimeTimer(now + LIVE_VIEW_INTERVAL_MS);
        }
        heldView.update(view);
    }

    private void sendHeldView(Collector<AccountView> out) throws Exception {
        AccountView held = heldView.value();
        if (held != null) {
            heldView.clear();
            send(held, out);
        }
    }

    private void send(AccountView view, Collector<AccountView> out) throws Exception {
        lastSentView.update(view);
        out.collect(view);
    }
}

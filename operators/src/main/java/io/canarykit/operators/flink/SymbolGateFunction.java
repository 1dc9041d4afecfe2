package io.canarykit.operators.flink;

import io.canarykit.operators.flink.state.KeyedStates;
import io.canarykit.operators.flink.state.PendingEvents;
import io.canarykit.operators.flink.state.WriteBehindStates;
import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.ControlTimeline;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.operators.risk.AccountTimeline;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.operators.signals.FeedMonitor;
import io.canarykit.operators.signals.ReferenceBook;
import io.canarykit.operators.signals.ReferenceTimeline;
import io.canarykit.operators.signals.Unusable;
import io.canarykit.operators.symbol.StaleClock;
import io.canarykit.operators.symbol.SymbolEvaluation;
import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.operators.symbol.SymbolSetup;
import io.canarykit.operators.symbol.SymbolWatch;
import io.canarykit.operators.window.UtcDays;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.codec.RejectReason;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-symbol gate: holds a {@link SymbolWatch} in keyed state, applies the symbol's quotes,
 * features and order events, and sends a decision on every change and every heartbeat, and a KPI
 * record with every changed decision and otherwise once per {@code KPI_INTERVAL_MS} of the clock.
 * Operator commands and account views arrive on the broadcast side.
 *
 * <p>Live, each event is applied on arrival, heartbeats and staleness follow processing time and
 * commands act on arrival: a kill switch halts every symbol at once, including symbols with no new
 * input. In replay everything follows event time: events are applied in event-time order, all
 * events of one timestamp together, once the watermark passes it, so the output is exact. A symbol
 * with no input for the idle time-to-live loses its state and timers, unless it holds a position
 * (the day's trade counts and the keys of its last two days' fills stay, until their days end); its
 * last decision then expires at its {@code valid_until}. What differs between the two is asked of the {@link JobClock}.
 *
 * <p>A fill's TCA record goes out at once with its markouts unknown, and again, final, once its
 * 60 s markout is settled: a timer at each horizon (event time in replay, once every quote stamped
 * at or before it is applied; processing time live), or, sooner, a primary quote stamped after it.
 */
public final class SymbolGateFunction
        extends KeyedBroadcastProcessFunction<String, SymbolEvent, BroadcastEvent, GateDecision>
        implements KeyedStates.User {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SymbolGateFunction.class);
    // A symbol flapping between modes logs a line a second with a count, not a line per flip.
    private static final long MODE_LOG_INTERVAL_MS = 1_000;

    private final GateSettings settings;

    // Given by a WriteBehindBroadcastOperator before open; otherwise the backend's own states.
    private transient KeyedStates states;
    private transient JobClock clock;
    private transient SymbolSetup setup;
    private transient SymbolWatchState watches;
    private transient PendingEvents<SymbolEvent> pending;
    private transient SymbolTimes times;
    private transient SymbolMetrics metrics;
    private transient Counter lateEvents;
    private transient Counter evaluationErrors;
    private transient LogThrottle errorLog;
    private transient LogThrottle modeLog;

    public SymbolGateFunction(GateSettings settings) {
        this.settings = settings;
    }

    @Override
    public void useKeyedStates(KeyedStates given) {
        states = given;
    }

    @Override
    public void open(OpenContext openContext) {
        if (states == null) {
            states = KeyedStates.of(getRuntimeContext());
        }
        clock = settings.clock();
        setup = settings.symbolSetup();
        watches = SymbolWatchState.register(states, setup);
        pending = PendingEvents.register(states, "pending", TypeInformation.of(SymbolEvent.class));
        times = SymbolTimes.register(states);
        metrics = new SymbolMetrics(getRuntimeContext().getMetricGroup(), settings.kit()::slippageSloBps);
        lateEvents = getRuntimeContext().getMetricGroup().counter("late_events_total");
        evaluationErrors = getRuntimeContext().getMetricGroup().counter("evaluation_errors_total");
        errorLog = new LogThrottle(60_000);
        modeLog = new LogThrottle(MODE_LOG_INTERVAL_MS);
    }

    @Override
    public void processElement(SymbolEvent event, ReadOnlyContext ctx, Collector<GateDecision> out) throws Exception {
        long arrival = ctx.timerService().currentProcessingTime();
        times.load();
        if (clock.measuresStalenessOnArrival()) {
            notePrimaryReceived(event);
        }
        switch (clock.admit(event.ts(), ctx.timerService().currentWatermark())) {
            case ON_ARRIVAL -> applyOnArrival(event, arrival, ctx, out);
            case LATE -> applyLate(event, ctx, out);
            case HELD -> hold(event, ctx);
        }
        long inputTime = clock.inputTime(arrival, event.ts());
        if (inputTime > times.lastInput()) {
            times.lastInput(inputTime);
        }
        scheduleIdleCleanup(ctx, inputTime);
        times.flush();
    }

    /** Validated first: a quote the feed monitor refuses must not make the feed look alive. */
    private void notePrimaryReceived(SymbolEvent event) {
        if (event.quote() != null && event.quote().feed() == Feed.PRIMARY && FeedMonitor.accepts(event.quote())) {
            if (event.ts() > times.primarySeen()) {
                times.primarySeen(event.ts());
            }
        }
    }

    /**
     * Live: the event is applied now, with no wait for the watermark, because the time from a quote
     * to its decision is what an engine waits on. The windows place it by its own {@code ts}; the
     * evaluation runs at the newest time applied, so one behind it is late and counted as such.
     */
    private void applyOnArrival(SymbolEvent event, long arrival, ReadOnlyContext ctx, Collector<GateDecision> out)
            throws Exception {
        long applied = times.lastApplied();
        if (applied != SymbolTimes.NONE && event.ts() < applied) {
            lateEvents.inc();
        }
        apply(List.of(event), Math.max(applied, event.ts()), false, ctx, out);
        // Live, the next heartbeat counts from the arrival, on processing time.
        scheduleHeartbeat(ctx, arrival);
    }

    /** Replay: an event late beyond the bound is applied at once, at the latest time already applied. */
    private void applyLate(SymbolEvent event, ReadOnlyContext ctx, Collector<GateDecision> out) throws Exception {
        lateEvents.inc();
        long t = Math.max(times.lastApplied(), event.ts());
        apply(List.of(event), t, false, ctx, out);
        scheduleHeartbeat(ctx, t);
    }

    /** Replay: the event waits for the watermark, with every other event of its timestamp. */
    private void hold(SymbolEvent event, ReadOnlyContext ctx) throws Exception {
        pending.hold(event.ts(), event, ctx.timerService());
    }

    /**
     * Applies {@code batch} and evaluates at {@code t}; with {@code settleMarkouts} (replay, at the
     * batch's own time), then settles the markouts due by {@code t}, every quote of {@code t} applied.
     */
    private void apply(List<SymbolEvent> batch, long t, boolean settleMarkouts, ReadOnlyContext ctx,
            Collector<GateDecision> out) throws Exception {
        List<SymbolEvent> ordered = Batches.inOrder(batch, SymbolEvent.APPLY_ORDER);
        String symbol = ctx.getCurrentKey();
        ControlState control = controlAt(t, ctx);
        AccountView account = accountAt(t, ctx);
        ReferenceBook book = book(ctx);
        ReferenceBook.InForce profiles = profilesAt(book, t);
        SymbolWatch watch = watches.loadOrCreate(symbol, book);
        for (SymbolEvent e : ordered) {
            watch.apply(e, control, profiles, record -> {
                metrics.fill(record);
                emitTca(record, ctx);
            }, (bad, reason, detail) ->
                    ctx.output(Descriptors.DLQ, RejectedRecords.of(bad, reason, detail, ctx.currentProcessingTime(),
                            settings.kit().dlqMaxRawBytes())));
        }
        if (settleMarkouts) {
            watch.settleMarkouts(t, markoutsKnownUntil(ctx), record -> emitTca(record, ctx));
        }
        StaleClock stale = staleClock(t, ctx);
        GateLimits limits = limitsAt(t, ctx);
        SymbolEvaluation ev = evaluateSafely(symbol, () -> watch.evaluate(t, stale, account, control, profiles, limits));
        watches.save(watch);
        if (t > times.lastApplied()) {
            times.lastApplied(t);
        }
        if (ev != null) {
            emit(ev, ctx::output, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GateDecision> out) throws Exception {
        times.load();
        onTimerWithTimes(timestamp, ctx, out);
        times.flush();
    }

    private void onTimerWithTimes(long timestamp, OnTimerContext ctx, Collector<GateDecision> out) throws Exception {
        boolean settled = ctx.timeDomain() == TimeDomain.EVENT_TIME && releaseHeld(timestamp, ctx, out);
        if (!clock.owns(ctx.timeDomain())) {
            return;
        }
        if (UtcDays.isMidnight(timestamp) && watches.dropKeptBefore(UtcDays.dayOf(timestamp))) {
            return;
        }
        if (!settled) {
            settleMarkouts(timestamp, ctx);
        }
        if (times.idleAt() == timestamp) {
            times.idleAt(SymbolTimes.NONE);
            long input = times.lastInput();
            if (input != SymbolTimes.NONE && input + settings.idleSymbolTtlMs() > timestamp) {
                scheduleIdleCleanup(ctx, input);
            } else {
                cleanUp(ctx);
                return;
            }
        }
        if (times.heartbeatAt() == timestamp) {
            times.heartbeatAt(SymbolTimes.NONE);
            heartbeat(timestamp, ctx, out);
            long input = times.lastInput();
            if (clock.runsAheadOfInput()
                    || (input != SymbolTimes.NONE && timestamp < input + limitsAt(timestamp, ctx).heartbeatMs())) {
                scheduleHeartbeat(ctx, timestamp);
            }
        }
    }

    /**
     * Replay: applies every event held for {@code t} together, now that the watermark has passed it,
     * and settles the markouts due by {@code t}; says whether there were any.
     */
    private boolean releaseHeld(long t, ReadOnlyContext ctx, Collector<GateDecision> out) throws Exception {
        List<SymbolEvent> batch = pending.release(t, ctx.timerService());
        if (batch.isEmpty()) {
            return false;
        }
        apply(batch, t, true, ctx, out);
        // From the applied time, not from arrival, so that replays beat alike whatever the read order.
        scheduleHeartbeat(ctx, t);
        return true;
    }

    @Override
    public void processBroadcastElement(BroadcastEvent event, Context ctx, Collector<GateDecision> out) throws Exception {
        long watermark = ctx.currentWatermark();
        if (event.account() != null) {
            // Broadcast state is on the heap, so the held timeline changes in place; the put stores a new one.
            AccountTimeline timeline = ctx.getBroadcastState(Descriptors.ACCOUNT_TIMELINE).get(Descriptors.TIMELINE_KEY);
            if (timeline == null) {
                timeline = AccountTimeline.startingWith(event.account());
            } else {
                timeline.add(event.account());
            }
            // Live, only the newest view is ever read; in replay, the views no later read can return go.
            timeline.dropBefore(clock.changesInForceAt(watermark));
            ctx.getBroadcastState(Descriptors.ACCOUNT_TIMELINE).put(Descriptors.TIMELINE_KEY, timeline);
            return;
        }
        if (event.reference() != null) {
            applyReference(event.reference(), ctx, out);
            return;
        }
        ControlTimeline timeline = configured(ctx.getBroadcastState(Descriptors.CONTROL_TIMELINE).get(Descriptors.TIMELINE_KEY));
        if (timeline == null) {
            timeline = ControlTimeline.startingAt(setup.initialControl(), setup.limits().config());
        }
        try {
            timeline.add(event.control());
        } catch (RuntimeException e) {
            // A command that cannot be applied changes nothing; the operator finds it on the DLQ.
            ctx.output(Descriptors.DLQ, RejectedRecords.of(event.control(), RejectReason.PROCESSING_ERROR,
                    Unusable.describe(e), ctx.currentProcessingTime(), settings.kit().dlqMaxRawBytes()));
            return;
        }
        // Live, a command acts on arrival, whatever its timestamp says.
        timeline.foldUpTo(clock.changesInForceAt(watermark));
        ctx.getBroadcastState(Descriptors.CONTROL_TIMELINE).put(Descriptors.TIMELINE_KEY, timeline);
        if (clock.actsOnArrival()) {
            redecideEverySymbol(ctx, out, event.control().type() == ControlType.REFRESH);
        }
    }

    /**
     * A model's new reference profile joins the book, to hold from its {@code ts} in replay and at
     * once live, where, as a command does, it re-decides every symbol. One that cannot be compiled goes to the DLQ.
     */
    private void applyReference(ReferenceProfile profile, Context ctx, Collector<GateDecision> out) throws Exception {
        ReferenceTimeline timeline = ctx.getBroadcastState(Descriptors.REFERENCE_TIMELINE).get(Descriptors.TIMELINE_KEY);
        if (timeline == null) {
            timeline = new ReferenceTimeline();
        }
        try {
            timeline.add(profile);
        } catch (RuntimeException e) {
            ctx.output(Descriptors.DLQ, RejectedRecords.of(profile, RejectReason.INVALID_VALUE,
                    Unusable.describe(e), ctx.currentProcessingTime(), settings.kit().dlqMaxRawBytes()));
            return;
        }
        ctx.getBroadcastState(Descriptors.REFERENCE_TIMELINE).put(Descriptors.TIMELINE_KEY, timeline);
        if (clock.actsOnArrival()) {
            redecideEverySymbol(ctx, out, false);
        }
    }

    /** Live: every symbol decides again now, with no new input, so a change halts symbols that get none. */
    private void redecideEverySymbol(Context ctx, Collector<GateDecision> out, boolean refresh) throws Exception {
        // Every command decides each symbol afresh at the job's clock; refresh also sends its figures.
        SymbolEvaluation.Trigger trigger = refresh ? SymbolEvaluation.Trigger.REFRESH : SymbolEvaluation.Trigger.REDECIDE;
        ControlTimeline timeline = configured(ctx.getBroadcastState(Descriptors.CONTROL_TIMELINE).get(Descriptors.TIMELINE_KEY));
        ControlState control = timeline == null ? setup.initialControl() : timeline.latest();
        GateLimits limits = timeline == null ? setup.limits() : timeline.latestLimits();
        AccountTimeline accounts = ctx.getBroadcastState(Descriptors.ACCOUNT_TIMELINE).get(Descriptors.TIMELINE_KEY);
        AccountView account = accounts == null ? AccountView.fresh(0) : accounts.latest();
        ReferenceBook book = book(ctx.getBroadcastState(Descriptors.REFERENCE_TIMELINE).get(Descriptors.TIMELINE_KEY));
        ReferenceBook.InForce profiles = book.inForceAt(Long.MAX_VALUE);
        long now = ctx.currentProcessingTime();
        forEachSymbol(ctx, symbol -> {
            SymbolWatch watch = watches.load(book);
            if (watch == null) {
                return;
            }
            times.load();
            StaleClock stale = StaleClock.live(now, primarySeen());
            SymbolEvaluation ev = evaluateSafely(symbol, () ->
                    watch.evaluate(now, stale, account, control, profiles, limits, trigger));
            watches.save(watch);
            if (ev != null) {
                emit(ev, ctx::output, out);
            }
        });
    }

    /** Visits every symbol with a watch, on the heap or only in the backend, with its key current. */
    private void forEachSymbol(Context ctx, java.util.function.Consumer<String> visitor) throws Exception {
        if (states instanceof WriteBehindStates held) {
            held.forEachKey(SymbolWatchState.AGGREGATE, key -> visitor.accept((String) key));
        } else {
            ctx.applyToKeyedState(SymbolWatchState.AGGREGATE, (symbol, aggregate) -> visitor.accept(symbol));
        }
    }

    /** Settles the markouts due by the timer's time {@code t}; a timer with none due reads the window positions only. */
    private void settleMarkouts(long t, ReadOnlyContext ctx) throws Exception {
        if (!watches.markoutsDue(t)) {
            return;
        }
        SymbolWatch watch = watches.load(book(ctx));
        if (watch != null && watch.settleMarkouts(t, markoutsKnownUntil(ctx), record -> emitTca(record, ctx))) {
            watches.save(watch);
        }
    }

    /**
     * How far the input is known: to the end of time, except once a replay's input has ended (its
     * watermark is then at the end of time), when it is the symbol's last input. A horizon after it
     * has no markout, because the input does not show the mid at that time.
     */
    private long markoutsKnownUntil(ReadOnlyContext ctx) {
        if (!clock.inputEnded(ctx.timerService().currentWatermark())) {
            return Long.MAX_VALUE;
        }
        long input = times.lastInput();
        return input == SymbolTimes.NONE ? Long.MAX_VALUE : input;
    }

    /** Sends a TCA record; one not yet final gets a timer at each markout horizon (live, on the clock's grid). */
    private void emitTca(TcaRecord record, ReadOnlyContext ctx) {
        ctx.output(Descriptors.TCA, record);
        if (!record.isFinal()) {
            TimerService timers = ctx.timerService();
            times.markoutTimersFrom(MarkoutTimers.register(clock, record.ts(), timers.currentProcessingTime(),
                    times.markoutTimersFrom(), due -> clock.register(timers, due)));
        } else {
            metrics.markouts(record);
        }
    }

    private void heartbeat(long t, ReadOnlyContext ctx, Collector<GateDecision> out) throws Exception {
        ReferenceBook book = book(ctx);
        SymbolWatch watch = watches.load(book);
        if (watch == null) {
            return;
        }
        StaleClock stale = staleClock(t, ctx);
        AccountView account = accountAt(t, ctx);
        ControlState control = controlAt(t, ctx);
        GateLimits limits = limitsAt(t, ctx);
        // At its own time, so the heartbeat's reasons and figures are those at its ts.
        SymbolEvaluation ev = evaluateSafely(watch.symbol(), () ->
                watch.evaluate(t, stale, account, control, profilesAt(book, t), limits, SymbolEvaluation.Trigger.REDECIDE));
        watches.save(watch);
        if (ev != null) {
            emit(ev, ctx::output, out);
        }
    }

    /**
     * Runs one evaluation; if it throws, the symbol sends nothing this time, so its last decision
     * runs out at its {@code valid_until} and engines halt it: a figure that cannot be computed
     * never opens a gate. Counted in {@code evaluation_errors_total} and logged once a minute.
     */
    private SymbolEvaluation evaluateSafely(String symbol, java.util.function.Supplier<SymbolEvaluation> evaluation) {
        try {
            return evaluation.get();
        } catch (RuntimeException e) {
            evaluationErrors.inc();
            if (errorLog.offer(symbol, System.currentTimeMillis()).log()) {
                LOG.error("cannot evaluate {}; it sends no decision until this clears: {}", symbol, e.toString(), e);
            }
            return null;
        }
    }

    private void emit(SymbolEvaluation ev, KpiOutput kpis, Collector<GateDecision> out) {
        if (ev.kpiDue()) {
            kpis.output(Descriptors.KPIS, ev.kpi());
        }
        if (ev.decision() != null) {
            out.collect(ev.decision());
        }
        metrics.record(ev);
        logModeChange(ev);
    }

    /** The runbook's "size halved (log)": each change of a symbol's mode or size, with what caused it. */
    private void logModeChange(SymbolEvaluation ev) {
        if (!ev.modeOrSizeChanged()) {
            return;
        }
        LogThrottle.Verdict line = modeLog.offer(ev.symbol(), System.currentTimeMillis());
        if (line.log()) {
            LOG.info("{} mode {} -> {}, size {}, reasons {}, psi {} ({} more changes since its last line)",
                    ev.symbol(), ev.previous() == null ? "none" : ev.previous().mode().wire(),
                    ev.verdict().mode().wire(), ev.verdict().sizeMultiplier(), wireNames(ev.verdict().reasons()),
                    ev.gauges().psi(), line.suppressedSince());
        }
    }

    private static List<String> wireNames(List<GateReason> reasons) {
        List<String> names = new ArrayList<>(reasons.size());
        for (GateReason reason : reasons) {
            names.add(reason.wire());
        }
        return names;
    }

    /** Side-output sink shared by the keyed and the broadcast contexts. */
    @FunctionalInterface
    private interface KpiOutput {
        void output(org.apache.flink.util.OutputTag<KpiRecord> tag, KpiRecord kpi);
    }

    private StaleClock staleClock(long t, ReadOnlyContext ctx) throws Exception {
        return clock.staleClock(t, ctx.currentProcessingTime(), primarySeen());
    }

    /** The newest primary quote received, or null before the first. */
    private Long primarySeen() {
        long seen = times.primarySeen();
        return seen == SymbolTimes.NONE ? null : seen;
    }

    private ControlState controlAt(long t, ReadOnlyContext ctx) throws Exception {
        ControlTimeline timeline = configured(ctx.getBroadcastState(Descriptors.CONTROL_TIMELINE).get(Descriptors.TIMELINE_KEY));
        ControlState control = timeline == null ? setup.initialControl() : clock.controlAt(timeline, t);
        metrics.commanded(control.canaryShare());
        return control;
    }

    /** The profiles given at start with every one received on {@code kit.reference}. */
    private ReferenceBook book(ReadOnlyContext ctx) throws Exception {
        return book(ctx.getBroadcastState(Descriptors.REFERENCE_TIMELINE).get(Descriptors.TIMELINE_KEY));
    }

    private ReferenceBook book(ReferenceTimeline timeline) {
        return timeline == null ? setup.startBook() : timeline.book(setup.startBook());
    }

    /** Live, a profile holds from its arrival, as a command does; in replay, from its own {@code ts}. */
    private ReferenceBook.InForce profilesAt(ReferenceBook book, long t) {
        return book.inForceAt(clock.changesInForceAt(t));
    }

    private GateLimits limitsAt(long t, ReadOnlyContext ctx) throws Exception {
        ControlTimeline timeline = configured(ctx.getBroadcastState(Descriptors.CONTROL_TIMELINE).get(Descriptors.TIMELINE_KEY));
        if (timeline == null) {
            return setup.limits();
        }
        return clock.limitsAt(timeline, t);
    }

    private AccountView accountAt(long t, ReadOnlyContext ctx) throws Exception {
        AccountTimeline timeline = ctx.getBroadcastState(Descriptors.ACCOUNT_TIMELINE).get(Descriptors.TIMELINE_KEY);
        if (timeline == null) {
            return AccountView.fresh(t);
        }
        return clock.accountAt(timeline, t);
    }

    private void scheduleHeartbeat(ReadOnlyContext ctx, long from) throws Exception {
        if (times.heartbeatAt() != SymbolTimes.NONE) {
            return;
        }
        // The heartbeat in force now: a set_limits change shortens or stretches the next beat.
        long due = from + limitsAt(from, ctx).heartbeatMs();
        times.heartbeatAt(due);
        clock.register(ctx.timerService(), due);
    }

    private void scheduleIdleCleanup(ReadOnlyContext ctx, long from) throws Exception {
        if (times.idleAt() != SymbolTimes.NONE) {
            return;
        }
        long due = from + settings.idleSymbolTtlMs();
        times.idleAt(due);
        clock.register(ctx.timerService(), due);
    }

    /** Drops every trace of an idle symbol: its signals, buffers and timers. */
    private void cleanUp(OnTimerContext ctx) throws Exception {
        if (!pending.isEmpty() || watches.markoutsDue(null)) {
            // Input is still waiting for the watermark, or a fill for its markouts: not idle after all.
            scheduleIdleCleanup(ctx, ctx.timestamp());
            return;
        }
        if (watches.holdsPosition()) {
            // The fill that closes the position is input, and schedules the next check.
            return;
        }
        long beat = times.heartbeatAt();
        if (beat != SymbolTimes.NONE) {
            clock.delete(ctx.timerService(), beat);
        }
        Long keptDay = watches.clearKeepingTradeDay();
        Long lastFillDay = watches.lastFillDay();
        pending.clear();
        times.clear();
        metrics.forget(ctx.getCurrentKey());
        if (keptDay != null) {
            // The day's trade counts stay for the symbol's next input that day, and go when the day ends.
            clock.register(ctx.timerService(), UtcDays.startOf(keptDay + 1));
        }
        if (lastFillDay != null) {
            // The fill keys stay for a repeat of a fill, and go when the day after the last one ends.
            clock.register(ctx.timerService(), UtcDays.startOf(lastFillDay + 2));
        }
    }

    /** The control timeline over the job's own settings, which a timeline restored from state lacks. */
    private ControlTimeline configured(ControlTimeline timeline) {
        return timeline == null ? null : timeline.configuredBy(setup.limits().config());
    }
}

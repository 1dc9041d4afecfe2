package io.canarykit.operators.symbol;

import io.canarykit.operators.gate.AccountSignals;
import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.DecisionSequencer;
import io.canarykit.operators.gate.GateCombiner;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.operators.gate.GateVerdict;
import io.canarykit.operators.gate.SloSignals;
import io.canarykit.operators.gate.SymbolSignals;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.operators.signals.FeedMonitor;
import io.canarykit.operators.signals.MarkoutBook;
import io.canarykit.operators.signals.MissingFeaturesMonitor;
import io.canarykit.operators.signals.OrderTracker;
import io.canarykit.operators.signals.OrderUpdate;
import io.canarykit.operators.signals.OrphanTracker;
import io.canarykit.operators.signals.PsiMonitor;
import io.canarykit.operators.signals.ReferenceBook;
import io.canarykit.operators.signals.SloWindow;
import io.canarykit.operators.signals.Unusable;
import io.canarykit.operators.symbol.SymbolEvaluation.Gauges;
import io.canarykit.operators.symbol.SymbolEvaluation.Trigger;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.codec.RejectReason;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything Canary Kit watches on one symbol: the feeds, the drift of the model in use and of the
 * challenger, missing features, the SLO windows of all and of canary orders, orphans, the day's
 * trades, the markouts of recent fills and the decision sequence. Plain Java: the job keeps its
 * {@link State} and {@link SymbolStores} in keyed state and the tests drive it directly.
 *
 * <p>Read it as two steps: {@link #apply} feeds one event to the monitors it concerns, and
 * {@link #evaluate} reads every monitor at a time into {@link SymbolSignals} and hands them to
 * {@link GateCombiner}. {@link SymbolMonitors} builds the monitors, fresh or restored,
 * {@link ModelDrift} binds the drift monitors to the models followed, {@link SymbolFills} counts the
 * live fills and {@link SymbolKpis} puts the figures into the KPI record.
 */
public final class SymbolWatch {

    private static final long NEVER = KpiCadence.NEVER;

    private final String symbol;
    private final SymbolSetup setup;
    private final FeedMonitor feed;
    private final ModelDrift drift;
    private final SloWindow sloAll;
    private final SloWindow sloCanary;
    private final OrderTracker orders;
    private final OrphanTracker orphans;
    private final DecisionSequencer sequencer;
    private final MarkoutBook markouts;
    private final SymbolFills fills;
    private long lastEvalTs = NEVER;
    // Counts what changes the monitors, so an evaluation's KPI record, built late, is never read from a later state.
    private long changes;
    private long lastKpiSentTs = NEVER;

    private SymbolWatch(String symbol, SymbolSetup setup, SymbolStores stores, State state, ReferenceBook book) {
        this.symbol = symbol;
        this.setup = setup;
        this.feed = SymbolMonitors.feed(setup, state);
        this.sloAll = SymbolMonitors.sloAll(setup, state, stores);
        this.sloCanary = SymbolMonitors.sloCanary(setup, state, stores);
        this.orders = SymbolMonitors.orders(state, stores);
        this.orphans = SymbolMonitors.orphans(setup, state, stores);
        this.sequencer = SymbolMonitors.sequencer(symbol, setup, state);
        this.markouts = SymbolMonitors.markouts(stores);
        this.drift = state == null ? ModelDrift.create(setup, stores) : ModelDrift.restore(setup, state, stores, book);
        this.fills = state == null ? SymbolFills.create(stores) : SymbolFills.restore(state, stores);
        if (state != null) {
            lastEvalTs = state.lastEvalTs();
            lastKpiSentTs = state.lastKpiSentTs();
        }
    }

    /** A symbol seen for the first time, with empty {@code stores}. */
    public static SymbolWatch create(String symbol, SymbolSetup setup, SymbolStores stores) {
        return new SymbolWatch(symbol, setup, stores, null, null);
    }

    /** The symbol that {@code state} and {@code stores} describe, with only the profiles given at start. */
    public static SymbolWatch restore(SymbolSetup setup, State state, SymbolStores stores) {
        return restore(setup, state, stores, setup.startBook());
    }

    /** The symbol that {@code state} and {@code stores} describe, its drift read under the versions of {@code book}. */
    public static SymbolWatch restore(SymbolSetup setup, State state, SymbolStores stores, ReferenceBook book) {
        return new SymbolWatch(state.symbol(), setup, stores, state, book);
    }

    public State state() {
        return new State(
                symbol,
                feed.state(),
                drift.usedModel(),
                drift.usedPsiState(),
                drift.missingState(),
                drift.challengerModel(),
                drift.challengerPsiState(),
                sloAll.state(),
                sloCanary.state(),
                orders.state(),
                orphans.state(),
                sequencer.state(),
                lastEvalTs,
                lastKpiSentTs,
                drift.usedFeaturesTs(),
                drift.challengerFeaturesTs(),
                fills.tradeDay(),
                fills.trades(),
                fills.canaryTrades(),
                drift.usedProfileSince(),
                drift.usedProfileKey(),
                drift.challengerProfileSince(),
                drift.challengerProfileKey(),
                fills.positionQty(),
                fills.positionAvgCost());
    }

    public String symbol() {
        return symbol;
    }

    /**
     * Applies one input event. A TCA record of a distinct fill goes to {@code tca} (first with its
     * markouts unknown and not final; a primary quote stamped after a fill's horizon may complete
     * one, final); an event the signals cannot use goes to {@code unusable} with the reason, and
     * changes nothing.
     *
     * <p>The signals check an event before they change anything, so an event that makes one throw
     * leaves the symbol as it was: it goes to {@code unusable} as a processing error and the
     * symbol carries on.
     */
    public void apply(SymbolEvent event, ControlState control, Consumer<TcaRecord> tca, Unusable<SymbolEvent> unusable) {
        apply(event, control, setup.startBook().inForceAt(Long.MAX_VALUE), tca, unusable);
    }

    /** As {@link #apply(SymbolEvent, ControlState, Consumer, Unusable)}, with the reference profiles in force. */
    public void apply(SymbolEvent event, ControlState control, ReferenceBook.InForce profiles, Consumer<TcaRecord> tca,
            Unusable<SymbolEvent> unusable) {
        changes++;
        try {
            if (event.quote() != null) {
                applyQuote(event, event.quote(), tca, unusable);
            } else if (event.features() != null) {
                applyFeatures(event.features(), control, profiles);
            } else if (event.order() != null) {
                applyOrder(event, event.order(), tca, unusable);
            }
        } catch (RuntimeException e) {
            unusable.reject(event, RejectReason.PROCESSING_ERROR, Unusable.describe(e));
        }
    }

    private void applyQuote(SymbolEvent event, MarketQuote quote, Consumer<TcaRecord> tca, Unusable<SymbolEvent> unusable) {
        if (!FeedMonitor.accepts(quote)) {
            unusable.reject(event, RejectReason.INVALID_VALUE, "quote has no usable mid (zero or not finite)");
            return;
        }
        // The mid in force until this quote is the one at or before every horizon due before its ts:
        // settle those first. With none due this reads only the due logs' oldest times.
        if (quote.feed() == Feed.PRIMARY && markouts.anyDueBy(quote.ts() - 1)) {
            markouts.settleDueBy(quote.ts() - 1, primaryMid(), Long.MAX_VALUE, tca);
        }
        feed.add(quote);
    }

    private void applyFeatures(FeatureVector vector, ControlState control, ReferenceBook.InForce profiles) {
        drift.follow(control, profiles);
        drift.add(vector);
    }

    private void applyOrder(SymbolEvent event, OrderEvent order, Consumer<TcaRecord> tca, Unusable<SymbolEvent> unusable) {
        OrderUpdate update = orders.accept(order);
        if (update.status() == OrderUpdate.Status.UNUSABLE) {
            unusable.reject(event, RejectReason.INVALID_VALUE, update.problem());
            return;
        }
        if (!update.isNew()) {
            return;
        }
        update.applyTo(sloAll, sloCanary);
        update.applyTo(orphans);
        if (update.tca() != null) {
            tca.accept(markouts.open(update.tca()));
        }
        // A paper fill is no trade: it never counts towards the day's trades or their canary share.
        if (order.event() == OrderEventType.FILL && !update.shadow()) {
            fills.add(order, update.canary());
        }
    }

    /** Whether the symbol holds a live position, from its own fills. */
    public boolean holdsPosition() {
        return fills.holdsPosition();
    }

    /** The day's trade counts, to keep across an idle cleanup within the day. */
    public TradeDayCounts tradeDayCounts() {
        return fills.counts();
    }

    /**
     * Carries on {@code counts} kept from before an idle cleanup; counts of a day older than the
     * watch's own change nothing, and the next event of a later day starts that day from zero.
     */
    public void carryOn(TradeDayCounts counts) {
        fills.carryOn(counts);
    }

    /**
     * Settles the markouts due at or before {@code t} from the primary mid in force, sending each
     * fill it completes to {@code tca}, final; says whether any was due. The caller calls it when
     * {@code t} has come with every primary quote stamped at or before {@code t} applied (in replay,
     * at the event time {@code t}; live, at the processing time {@code t}). A horizon due after
     * {@code knownUntil} (the end of the input, once it has ended) has no markout.
     */
    public boolean settleMarkouts(long t, long knownUntil, Consumer<TcaRecord> tca) {
        if (!markouts.anyDueBy(t)) {
            return false;
        }
        markouts.settleDueBy(t, primaryMid(), knownUntil, tca);
        return true;
    }

    /** Whether any fill still waits for its markouts. */
    public boolean markoutsPending() {
        return markouts.anyPending();
    }

    private MarkoutBook.Mid primaryMid() {
        return MarkoutBook.Mid.of(feed.primaryTs(), feed.primaryMid());
    }

    /**
     * Evaluates the symbol at event time {@code t} after applying input: every window advanced to
     * {@code t}, the KPI record, the verdict and, on a change or a due heartbeat, the decision.
     * {@code limits} are the gate limits in force (the configured ones, as changed by {@code set_limits}).
     */
    public SymbolEvaluation evaluate(long t, StaleClock clock, AccountView account, ControlState control,
            GateLimits limits) {
        return evaluate(t, clock, account, control, setup.startBook().inForceAt(Long.MAX_VALUE), limits, Trigger.INPUT);
    }

    /** As {@link #evaluate(long, StaleClock, AccountView, ControlState, GateLimits)}, for {@code trigger}. */
    public SymbolEvaluation evaluate(long t, StaleClock clock, AccountView account, ControlState control,
            GateLimits limits, Trigger trigger) {
        return evaluate(t, clock, account, control, setup.startBook().inForceAt(Long.MAX_VALUE), limits, trigger);
    }

    /** As {@link #evaluate(long, StaleClock, AccountView, ControlState, GateLimits)}, with the reference profiles in force. */
    public SymbolEvaluation evaluate(long t, StaleClock clock, AccountView account, ControlState control,
            ReferenceBook.InForce profiles, GateLimits limits) {
        return evaluate(t, clock, account, control, profiles, limits, Trigger.INPUT);
    }

    /**
     * Evaluates the symbol at {@code t} for {@code trigger}, with the reference profiles in force. A
     * heartbeat or a command evaluates as input does, at its own time, so a decision's reasons and
     * figures are always those at its {@code ts}. The evaluation never runs behind the last one: the
     * windows never move back, so a record stamped earlier could not reflect its own window.
     */
    public SymbolEvaluation evaluate(long t, StaleClock clock, AccountView account, ControlState control,
            ReferenceBook.InForce profiles, GateLimits limits, Trigger trigger) {
        long at = lastEvalTs == NEVER ? t : Math.max(t, lastEvalTs);
        drift.follow(control, profiles);
        advanceTo(at);
        fills.rollTo(at);
        Double stale = clock.staleSeconds(feed, at);
        SymbolSignals signals = new SymbolSignals(
                drift.maxPsi(),
                drift.featuresMissingRatio(),
                feed.dislocationBps(at),
                stale,
                slo(sloAll, limits),
                holdsPosition(),
                drift.challengerMaxPsi(),
                slo(sloCanary, limits),
                drift.featuresStale(clock, at),
                setup.config().requireReferenceFeed() && !feed.referenceFresh(at),
                drift.hasProfile());
        GateVerdict verdict = GateCombiner.decide(symbol, signals, AccountSignals.of(account), control, limits);
        lastEvalTs = at;
        long version = ++changes;
        LazyKpi kpi = new LazyKpi(at, signals, version);
        GateVerdict previous = sequencer.lastVerdict();
        boolean changed = !verdict.equals(previous);
        GateDecision decision = sequencer.offer(at, verdict, changed, kpi, limits, account.riskPerTrade()).orElse(null);
        // Output is a cost too: figures go out with every change, and otherwise once per interval of the clock.
        boolean due = changed || trigger == Trigger.REFRESH
                || (trigger == Trigger.INPUT && KpiCadence.due(lastKpiSentTs, at, limits.kpiIntervalMs()));
        if (due) {
            lastKpiSentTs = at;
        }
        Gauges gauges = SymbolKpis.gauges(signals, orphans, fills.trades(), fills.canaryTrades());
        return new SymbolEvaluation(symbol, kpi, due, verdict, previous, decision, stale, gauges);
    }

    /** The KPI record of one evaluation, built once, on first use, while the monitors still hold its state. */
    private final class LazyKpi implements Supplier<KpiRecord> {
        private final long t;
        private final SymbolSignals signals;
        private final long version;
        private KpiRecord built;

        LazyKpi(long t, SymbolSignals signals, long version) {
            this.t = t;
            this.signals = signals;
            this.version = version;
        }

        @Override
        public KpiRecord get() {
            if (built == null) {
                if (changes != version) {
                    throw new IllegalStateException("the KPI record of " + symbol + " at " + t
                            + " was asked for after the watch moved on; read it before applying more input");
                }
                built = SymbolKpis.record(symbol, t, setup, signals, drift.usedModel(), drift.usedPsi(), sloAll,
                        orphans, drift.challengerModel(), fills.trades(), fills.canaryTrades());
            }
            return built;
        }
    }

    private void advanceTo(long t) {
        drift.advanceTo(t);
        sloAll.advanceTo(t);
        sloCanary.advanceTo(t);
        orders.advanceTo(t);
        orphans.advanceTo(t);
    }

    // The minimum in force now, not the window's start value, so set_limits moves it either way.
    private static SloSignals slo(SloWindow w, GateLimits limits) {
        long min = limits.sloMinSamples();
        return new SloSignals(w.p95PlaceMs(min), w.acked(), w.errorRate(min), w.placed(), w.slippageBps());
    }

    /**
     * The small part of a symbol's state, written once per applied timestamp; the windows and the
     * order registry live in {@link SymbolStores}.
     */
    public record State(
            String symbol,
            FeedMonitor.State feed,
            String usedModel,
            PsiMonitor.State usedPsi,
            MissingFeaturesMonitor.State missing,
            String challengerModel,
            PsiMonitor.State challengerPsi,
            SloWindow.State sloAll,
            SloWindow.State sloCanary,
            OrderTracker.State orders,
            OrphanTracker.State orphans,
            DecisionSequencer.State sequencer,
            long lastEvalTs,
            long lastKpiSentTs,
            long usedFeaturesTs,
            long challengerFeaturesTs,
            long tradeDay,
            long trades,
            long canaryTrades,
            Long usedProfileSince,
            long usedProfileKey,
            Long challengerProfileSince,
            long challengerProfileKey,
            double positionQty,
            double positionAvgCost) {}
}

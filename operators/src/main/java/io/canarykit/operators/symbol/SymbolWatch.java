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
import io.canarykit.operators.risk.FillKeys;
import io.canarykit.operators.risk.PositionBook;
import io.canarykit.operators.signals.CompiledProfile;
import io.canarykit.operators.signals.FeedMonitor;
import io.canarykit.operators.signals.MarkoutBook;
import io.canarykit.operators.signals.MissingFeaturesMonitor;
import io.canarykit.operators.signals.OrderMemory;
import io.canarykit.operators.signals.OrderTracker;
import io.canarykit.operators.signals.OrderUpdate;
import io.canarykit.operators.signals.OrphanTracker;
import io.canarykit.operators.signals.PsiMonitor;
import io.canarykit.operators.signals.ReferenceBook;
import io.canarykit.operators.signals.SlidingPercentile;
import io.canarykit.operators.signals.SloFact;
import io.canarykit.operators.signals.SloWindow;
import io.canarykit.operators.signals.Unusable;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.UtcDays;
import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.codec.RejectReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything Canary Kit watches on one symbol: the feeds, the drift of the model in use and of the
 * challenger, missing features, the SLO windows of all and of canary orders, orphans, the day's
 * trades, the markouts of recent fills and the decision sequence. Plain Java: the job keeps its
 * {@link State} and {@link Stores} in keyed state and the tests drive it directly.
 *
 * <p>Read it as two steps: {@link #apply} feeds one event to the monitors it concerns, and
 * {@link #evaluate} reads every monitor at a time into {@link SymbolSignals} and hands them to
 * {@link GateCombiner}. {@link SymbolMonitors} builds the monitors, fresh or restored, and
 * {@link SymbolKpis} puts the figures into the KPI record.
 */
public final class SymbolWatch {

    private static final long NEVER = KpiCadence.NEVER;

    private final String symbol;
    private final SymbolSetup setup;
    private final Stores stores;
    private final FeedMonitor feed;
    private String usedModel;
    private PsiMonitor usedPsi;
    private MissingFeaturesMonitor missing;
    private String challengerModel;
    private PsiMonitor challengerPsi;
    private final SloWindow sloAll;
    private final SloWindow sloCanary;
    private final OrderTracker orders;
    private final OrphanTracker orphans;
    private final DecisionSequencer sequencer;
    private final MarkoutBook markouts;
    private long lastEvalTs = NEVER;
    // Counts what changes the monitors, so an evaluation's KPI record, built late, is never read from a later state.
    private long changes;
    private long lastKpiSentTs = NEVER;
    // The newest feature vector of each followed model: silence from the model in use fails closed.
    private long usedFeaturesTs = NEVER;
    private long challengerFeaturesTs = NEVER;
    // Whether the drift windows may hold entries that no monitor accounts for (one restored without its profile).
    private boolean usedWindowsHold;
    private boolean challengerWindowHolds;
    private long tradeDay;
    private long trades;
    private long canaryTrades;
    // The symbol's own position, from its live fills by the budget's rule, so the gate knows whether it
    // holds one without the account telling every symbol which symbols do.
    private PositionBook.Holding position = PositionBook.Holding.EMPTY;

    private SymbolWatch(String symbol, SymbolSetup setup, Stores stores, State state, ReferenceBook book) {
        this.symbol = symbol;
        this.setup = setup;
        this.stores = stores;
        this.feed = SymbolMonitors.feed(setup, state);
        this.sloAll = SymbolMonitors.sloAll(setup, state, stores);
        this.sloCanary = SymbolMonitors.sloCanary(setup, state, stores);
        this.orders = SymbolMonitors.orders(state, stores);
        this.orphans = SymbolMonitors.orphans(setup, state, stores);
        this.sequencer = SymbolMonitors.sequencer(symbol, setup, state);
        this.markouts = SymbolMonitors.markouts(stores);
        if (state != null) {
            restoreFrom(state, book);
        }
    }

    /** The drift monitors and the symbol's own figures, as {@code state} left them. */
    private void restoreFrom(State state, ReferenceBook book) {
        usedModel = state.usedModel();
        usedPsi = SymbolMonitors.restoredUsedPsi(setup, state, stores, book);
        missing = SymbolMonitors.restoredMissing(setup, state, stores, usedPsi);
        usedWindowsHold = state.usedPsi() != null;
        challengerModel = state.challengerModel();
        challengerPsi = SymbolMonitors.restoredChallengerPsi(setup, state, stores, book);
        challengerWindowHolds = state.challengerPsi() != null;
        lastEvalTs = state.lastEvalTs();
        lastKpiSentTs = state.lastKpiSentTs();
        usedFeaturesTs = state.usedFeaturesTs();
        challengerFeaturesTs = state.challengerFeaturesTs();
        tradeDay = state.tradeDay();
        trades = state.trades();
        canaryTrades = state.canaryTrades();
        position = new PositionBook.Holding(state.positionQty(), state.positionAvgCost(), Double.NaN, Long.MIN_VALUE);
    }

    /** A symbol seen for the first time, with empty {@code stores}. */
    public static SymbolWatch create(String symbol, SymbolSetup setup, Stores stores) {
        return new SymbolWatch(symbol, setup, stores, null, null);
    }

    /** The symbol that {@code state} and {@code stores} describe, with only the profiles given at start. */
    public static SymbolWatch restore(SymbolSetup setup, State state, Stores stores) {
        return restore(setup, state, stores, setup.startBook());
    }

    /** The symbol that {@code state} and {@code stores} describe, its drift read under the versions of {@code book}. */
    public static SymbolWatch restore(SymbolSetup setup, State state, Stores stores, ReferenceBook book) {
        return new SymbolWatch(state.symbol(), setup, stores, state, book);
    }

    public State state() {
        return new State(
                symbol,
                feed.state(),
                usedModel,
                usedPsi == null ? null : usedPsi.state(),
                missing == null ? null : missing.state(),
                challengerModel,
                challengerPsi == null ? null : challengerPsi.state(),
                sloAll.state(),
                sloCanary.state(),
                orders.state(),
                orphans.state(),
                sequencer.state(),
                lastEvalTs,
                lastKpiSentTs,
                usedFeaturesTs,
                challengerFeaturesTs,
                tradeDay,
                trades,
                canaryTrades,
                usedPsi == null ? null : usedPsi.profile().since(),
                usedPsi == null ? 0L : usedPsi.profile().binsKey(),
                challengerPsi == null ? null : challengerPsi.profile().since(),
                challengerPsi == null ? 0L : challengerPsi.profile().binsKey(),
                position.qty(),
                position.avgCost());
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
        followModels(control, profiles);
        if (vector.modelId().equals(usedModel)) {
            // Any vector of the model in use shows its stream is alive, with or without a profile to read it by.
            usedFeaturesTs = Math.max(usedFeaturesTs, vector.ts());
            if (usedPsi != null) {
                // The model in use has both monitors or neither, sharing its compiled profile: one read serves both.
                double[] values = usedPsi.profile().valuesOf(vector.features());
                usedPsi.add(vector, values);
                missing.add(vector, values);
            }
        } else if (vector.modelId().equals(challengerModel)) {
            challengerFeaturesTs = Math.max(challengerFeaturesTs, vector.ts());
            if (challengerPsi != null) {
                challengerPsi.add(vector);
            }
        }
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
            countTrade(order.orderId(), order.ts(), update.canary());
            applyToPosition(order);
        }
    }

    // The budget's rule for a repeated fill, so the symbol and the account agree on its position.
    private void applyToPosition(OrderEvent fill) {
        if (new FillKeys(stores.fillKeys()).firstTime(fill, tradeDay)) {
            position = position.filled(fill.side(), fill.fillQty(), fill.fillPx());
        }
    }

    /** Whether the symbol holds a live position, from its own fills. */
    public boolean holdsPosition() {
        return !position.isFlat();
    }

    // An order counts once a UTC day: a fill on a later day than its last counted one counts it again
    // there, as the account's trade count does. A late fill of a closed day counts today.
    private void countTrade(String orderId, long ts, boolean canary) {
        rollTradeDay(ts);
        Long countedOn = stores.tradedToday().get(orderId);
        if (countedOn == null || countedOn != tradeDay) {
            stores.tradedToday().put(orderId, tradeDay);
            trades++;
            if (canary) {
                canaryTrades++;
            }
        }
    }

    /** The day's trade counts, to keep across an idle cleanup within the day. */
    public TradeDayCounts tradeDayCounts() {
        return new TradeDayCounts(tradeDay, trades, canaryTrades);
    }

    /**
     * Carries on {@code counts} kept from before an idle cleanup; counts of a day older than the
     * watch's own change nothing, and the next event of a later day starts that day from zero.
     */
    public void carryOn(TradeDayCounts counts) {
        if (counts != null && counts.day() >= tradeDay) {
            tradeDay = counts.day();
            trades = counts.trades();
            canaryTrades = counts.canaryTrades();
        }
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
    public Evaluation evaluate(long t, StaleClock clock, AccountView account, ControlState control, GateLimits limits) {
        return evaluate(t, clock, account, control, setup.startBook().inForceAt(Long.MAX_VALUE), limits, Trigger.INPUT);
    }

    /** As {@link #evaluate(long, StaleClock, AccountView, ControlState, GateLimits)}, for {@code trigger}. */
    public Evaluation evaluate(long t, StaleClock clock, AccountView account, ControlState control, GateLimits limits,
            Trigger trigger) {
        return evaluate(t, clock, account, control, setup.startBook().inForceAt(Long.MAX_VALUE), limits, trigger);
    }

    /** As {@link #evaluate(long, StaleClock, AccountView, ControlState, GateLimits)}, with the reference profiles in force. */
    public Evaluation evaluate(long t, StaleClock clock, AccountView account, ControlState control,
            ReferenceBook.InForce profiles, GateLimits limits) {
        return evaluate(t, clock, account, control, profiles, limits, Trigger.INPUT);
    }

    /**
     * Evaluates the symbol at {@code t} for {@code trigger}, with the reference profiles in force. A
     * heartbeat or a command evaluates as input does, at its own time, so a decision's reasons and
     * figures are always those at its {@code ts}. The evaluation never runs behind the last one: the
     * windows never move back, so a record stamped earlier could not reflect its own window.
     */
    public Evaluation evaluate(long t, StaleClock clock, AccountView account, ControlState control,
            ReferenceBook.InForce profiles, GateLimits limits, Trigger trigger) {
        long at = lastEvalTs == NEVER ? t : Math.max(t, lastEvalTs);
        followModels(control, profiles);
        advanceTo(at);
        rollTradeDay(at);
        Double stale = staleSeconds(clock, at);
        SymbolSignals signals = new SymbolSignals(
                usedPsi == null ? null : usedPsi.maxPsi(),
                missing == null ? null : missing.featuresMissingRatio(),
                feed.dislocationBps(at),
                stale,
                slo(sloAll, limits),
                holdsPosition(),
                challengerPsi == null ? null : challengerPsi.maxPsi(),
                slo(sloCanary, limits),
                featuresStale(clock, at),
                setup.requireReferenceFeed() && !feed.referenceFresh(at),
                usedPsi != null);
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
        Gauges gauges = SymbolKpis.gauges(signals, orphans, trades, canaryTrades);
        return new Evaluation(symbol, kpi, due, verdict, previous, decision, stale, gauges);
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
                built = SymbolKpis.record(symbol, t, setup, signals, usedModel, usedPsi, sloAll, orphans,
                        challengerModel, trades, canaryTrades);
            }
            return built;
        }
    }

    /**
     * Whether the model in use has had no feature vector within {@code FEATURES_STALE_MS}, or none
     * yet. Live the age is read on the job's clock, as staleness is, so a stream that stops shows
     * even when nothing else arrives; in replay on event time.
     */
    private boolean featuresStale(StaleClock clock, long t) {
        if (usedFeaturesTs == NEVER) {
            return true;
        }
        long now = clock.live() ? clock.now() : t;
        return now - usedFeaturesTs > setup.featuresStaleMs();
    }

    private static String usedModelUnder(ControlState control) {
        return control.pinned() ? control.pinnedModel() : control.champion();
    }

    private Double staleSeconds(StaleClock clock, long t) {
        if (!clock.live()) {
            return feed.staleSeconds(t);
        }
        Long received = clock.primaryReceivedTs();
        return received == null ? null : (clock.now() - received) / 1000.0;
    }

    private void advanceTo(long t) {
        if (usedPsi != null) {
            usedPsi.advanceTo(t);
        }
        if (missing != null) {
            missing.advanceTo(t);
        }
        if (challengerPsi != null) {
            challengerPsi.advanceTo(t);
        }
        sloAll.advanceTo(t);
        sloCanary.advanceTo(t);
        orders.advanceTo(t);
        orphans.advanceTo(t);
    }

    /**
     * Follows the models in use and their reference profiles. A drift monitor restarts empty when
     * its model changes (pin, unpin, promote), with one exception: the model that was the challenger
     * keeps its own window when it becomes the model in use, so a promote does not turn drift off.
     * A new version of a model's profile holds from its {@code since}: the window carries on when the
     * new version bins alike (only the expected shares changed), and restarts empty otherwise, since
     * the held bins belong to the old edges.
     */
    private void followModels(ControlState control, ReferenceBook.InForce profiles) {
        String used = usedModelUnder(control);
        String challenger = control.challenger();
        boolean challengerChanges = challenger == null ? challengerModel != null : !challenger.equals(challengerModel);
        if (challengerChanges || !used.equals(usedModel)) {
            // A model's vectors keep their time across the change (a promoted challenger's stream is alive).
            long usedTs = featuresTsOf(used);
            long challengerTs = featuresTsOf(challenger);
            usedFeaturesTs = usedTs;
            challengerFeaturesTs = challengerTs;
        }
        CompiledProfile usedProfile = profiles.of(used);
        if (!used.equals(usedModel)) {
            boolean challengerGoesOn = used.equals(challengerModel) && challengerPsi != null
                    && usedProfile != null && challengerPsi.profile().binsKey() == usedProfile.binsKey();
            usedModel = used;
            if (challengerGoesOn) {
                takeOverChallengerWindow(usedProfile);
            } else {
                bindUsed(usedProfile, false);
            }
        } else if (!isVersion(usedPsi, usedProfile) || (usedPsi == null && usedWindowsHold)) {
            bindUsed(usedProfile, bindsAlike(usedPsi, usedProfile));
        }
        CompiledProfile challengerProfile = profiles.of(challenger);
        if (challengerChanges) {
            challengerModel = challenger;
            bindChallenger(challengerProfile, false);
        } else if (!isVersion(challengerPsi, challengerProfile) || (challengerPsi == null && challengerWindowHolds)) {
            bindChallenger(challengerProfile, bindsAlike(challengerPsi, challengerProfile));
        }
    }

    private long featuresTsOf(String model) {
        if (model == null) {
            return NEVER;
        }
        if (model.equals(usedModel)) {
            return usedFeaturesTs;
        }
        return model.equals(challengerModel) ? challengerFeaturesTs : NEVER;
    }

    /** Whether {@code monitor} counts under exactly {@code profile}'s version (both absent counts as the same). */
    private static boolean isVersion(PsiMonitor monitor, CompiledProfile profile) {
        if (monitor == null || profile == null) {
            return monitor == null && profile == null;
        }
        return monitor.profile().since() == profile.since() && monitor.profile().modelId().equals(profile.modelId());
    }

    private static boolean bindsAlike(PsiMonitor monitor, CompiledProfile profile) {
        return monitor != null && profile != null && monitor.profile().binsKey() == profile.binsKey();
    }

    /** The model in use's monitors under {@code profile}: their counts kept, or started empty. */
    private void bindUsed(CompiledProfile profile, boolean keepCounts) {
        if (keepCounts && missing != null) {
            usedPsi = SymbolMonitors.usedPsi(setup, stores, profile, usedPsi.state());
            missing = SymbolMonitors.missing(setup, stores, profile, missing.state());
            return;
        }
        stores.usedPsiWindow().clear();
        stores.missingWindow().clear();
        usedPsi = profile == null ? null : SymbolMonitors.usedPsi(setup, stores, profile, null);
        missing = profile == null ? null : SymbolMonitors.missing(setup, stores, profile, null);
        usedWindowsHold = profile != null;
    }

    private void bindChallenger(CompiledProfile profile, boolean keepCounts) {
        if (keepCounts) {
            challengerPsi = SymbolMonitors.challengerPsi(setup, stores, profile, challengerPsi.state());
            return;
        }
        stores.challengerPsiWindow().clear();
        challengerPsi = profile == null ? null : SymbolMonitors.challengerPsi(setup, stores, profile, null);
        challengerWindowHolds = profile != null;
    }

    /**
     * The challenger's drift window goes on as the model in use's: its vectors and counts are copied
     * (once, on the promote) and the missing-features window starts empty, since the challenger's
     * monitor never counted it. The challenger's own window is left for {@link #bindChallenger} to clear.
     */
    private void takeOverChallengerWindow(CompiledProfile profile) {
        WindowLog<short[]> used = stores.usedPsiWindow();
        used.clear();
        stores.missingWindow().clear();
        List<WindowLog.Timed<short[]>> held = new ArrayList<>(stores.challengerPsiWindow().snapshot());
        held.sort(Comparator.comparingLong(WindowLog.Timed::ts));
        for (WindowLog.Timed<short[]> e : held) {
            used.add(e.ts(), e.event().clone());
        }
        usedPsi = SymbolMonitors.usedPsi(setup, stores, profile, PsiMonitor.copyOf(challengerPsi.state()));
        missing = SymbolMonitors.missing(setup, stores, profile, null);
        usedWindowsHold = true;
    }

    private void rollTradeDay(long ts) {
        long day = UtcDays.dayOf(ts);
        if (day > tradeDay) {
            tradeDay = day;
            trades = 0;
            canaryTrades = 0;
            stores.tradedToday().clear();
            new FillKeys(stores.fillKeys()).forgetBefore(day);
        }
    }

    // The minimum in force now, not the window's start value, so set_limits moves it either way.
    private static SloSignals slo(SloWindow w, GateLimits limits) {
        long min = limits.sloMinSamples();
        return new SloSignals(w.p95PlaceMs(min), w.acked(), w.errorRate(min), w.placed(), w.slippageBps());
    }

    /**
     * The small part of a symbol's state, written once per applied timestamp; the windows and the
     * order registry live in {@link Stores}.
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

    /** Where a symbol keeps what grows with its windows and orders. */
    public record Stores(
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
        public static Stores onHeap(SymbolSetup setup) {
            return new Stores(
                    new EventTimeWindow<>(setup.psiWindowMs()),
                    new EventTimeWindow<>(setup.missingWindowMs()),
                    new EventTimeWindow<>(setup.psiWindowMs()),
                    new EventTimeWindow<>(setup.sloWindowMs()),
                    new EventTimeWindow<>(setup.sloWindowMs()),
                    KeyValueStore.onHeap(),
                    KeyValueStore.onHeap(),
                    KeyValueStore.onHeap(),
                    new EventTimeWindow<>(OrderTracker.FINISHED_ORDER_RETENTION_MS),
                    new EventTimeWindow<>(OrderTracker.OPEN_ORDER_RETENTION_MS),
                    KeyValueStore.onHeap(),
                    KeyValueStore.onHeap(),
                    new EventTimeWindow<>(OrphanTracker.waitingLogLengthMs(setup.orphanTimeoutMs())),
                    new EventTimeWindow<>(OrderTracker.OPEN_ORDER_RETENTION_MS),
                    MarkoutBook.Stores.onHeap(),
                    KeyValueStore.onHeap(),
                    KeyValueStore.onHeap());
        }
    }

    /** Why an evaluation runs, which decides whether its KPI record goes out without a change of decision. */
    public enum Trigger {
        /** Input was applied: the record goes out once per {@code KPI_INTERVAL_MS} while input flows. */
        INPUT,
        /** A heartbeat or an operator command: the record goes out only with a changed decision. */
        REDECIDE,
        /** The operator's {@code refresh}: the record goes out whatever else. */
        REFRESH
    }

    /**
     * What one evaluation produced.
     *
     * @param kpiSource the KPI record at the evaluation time, built on first use (see {@link #kpi()})
     * @param kpiDue whether the KPI record goes out: when the decision changed, when {@code KPI_INTERVAL_MS}
     *     has passed since the last one sent while input flows, or when asked for by {@code refresh}
     * @param verdict the gate verdict
     * @param previous the verdict of the last decision sent before this evaluation, or null before the first
     * @param decision the decision to send, or null when nothing changed and no heartbeat is due
     * @param staleSeconds {@code data_stale_seconds} at the evaluation's clock
     * @param gauges the figures the metrics show, read on every evaluation
     */
    public record Evaluation(String symbol, Supplier<KpiRecord> kpiSource, boolean kpiDue, GateVerdict verdict,
            GateVerdict previous, GateDecision decision, Double staleSeconds, Gauges gauges) {

        /**
         * The KPI record at the evaluation time. Built when first asked for (most evaluations send
         * none), from the monitors as they stand: asked for after the watch has applied more input or
         * evaluated again, it throws rather than describe a later state.
         */
        public KpiRecord kpi() {
            return kpiSource.get();
        }

        /** Two evaluations are equal when they say the same, KPI record included (built for the comparison). */
        @Override
        public boolean equals(Object o) {
            return o instanceof Evaluation e && symbol.equals(e.symbol) && kpiDue == e.kpiDue
                    && Objects.equals(verdict, e.verdict) && Objects.equals(previous, e.previous)
                    && Objects.equals(decision, e.decision) && Objects.equals(staleSeconds, e.staleSeconds)
                    && Objects.equals(gauges, e.gauges) && Objects.equals(kpi(), e.kpi());
        }

        @Override
        public int hashCode() {
            return Objects.hash(symbol, kpiDue, verdict, decision, staleSeconds, gauges);
        }

        @Override
        public String toString() {
            return "Evaluation[symbol=" + symbol + ", kpiDue=" + kpiDue + ", verdict=" + verdict + ", decision="
                    + decision + ", staleSeconds=" + staleSeconds + ", gauges=" + gauges + "]";
        }

        /**
         * Whether this evaluation sends a decision whose mode or size differs from the last one sent:
         * the changes an operator reads in the log (the runbook's "size halved").
         */
        public boolean modeOrSizeChanged() {
            return decision != null && (previous == null || previous.mode() != verdict.mode()
                    || previous.sizeMultiplier() != verdict.sizeMultiplier());
        }
    }

    /**
     * The figures the metrics show after each evaluation, as the KPI record has them, without building
     * the record.
     */
    public record Gauges(Double psi, Double featuresMissingRatio, Double feedDislocationBps, Double p95PlaceMs,
            Double errorRate, Double slippageBps, long orphans, long totalTrades, long canaryTrades) {}
}

package io.canarykit.operators.account;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.gate.SetLimits;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.operators.risk.RiskBudget;
import io.canarykit.operators.risk.RiskLimits;
import io.canarykit.operators.risk.RiskSnapshot;
import io.canarykit.operators.signals.OrderMemory;
import io.canarykit.operators.signals.OrderTracker;
import io.canarykit.operators.signals.SlidingPercentile;
import io.canarykit.operators.signals.SloFact;
import io.canarykit.operators.signals.SloWindow;
import io.canarykit.operators.signals.Unusable;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.operators.symbol.KpiCadence;
import io.canarykit.operators.window.EventTimeWindow;
import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.codec.RejectReason;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The desk as a whole: the daily risk budget over every fill and primary mid, and the account-wide
 * SLO (error rate, p95 place latency, slippage) over every order. Plain Java: the job keeps its
 * {@link State} and {@link Stores} in keyed state under {@code _global}.
 */
public final class AccountWatch {

    private final KitConfig configured;
    private final RiskBudget budget;
    // The symbols' part, for an account that is fed their events: the job keeps it per symbol instead.
    private final SymbolLedger ledger;
    private final SloWindow slo;
    private AccountView lastView;
    private long lastKpiTs;
    // The variables set_limits has set, as text, over the configured settings: a command is checked
    // against the same settings the symbols hold, so both sides accept or refuse it alike.
    private Map<String, String> limitSettings;
    // The settings in force (the configured ones under limitSettings): the SLO minimum and the KPI
    // cadence are read here, so set_limits moves them as it does each symbol's.
    private KitConfig settings;

    /**
     * The small part of the account's state, immutable; holdings, fills, orders and the SLO window
     * live in {@link Stores}.
     */
    public record State(
            RiskBudget.State budget,
            SymbolLedger.State ledger,
            SloWindow.State slo,
            AccountView lastView,
            long lastKpiTs,
            // Written for the layout; on restore the minimum is read from the settings again.
            int sloMinSamples,
            Map<String, String> limitSettings) {}

    /** Where the account keeps what grows with the day's fills and orders. */
    public record Stores(
            RiskBudget.Stores budget,
            KeyValueStore<String, OrderMemory> orders,
            WindowLog<String> finishedOrders,
            WindowLog<String> openOrders,
            WindowLog<SloFact> sloWindow,
            KeyValueStore<Integer, SlidingPercentile.Bucket> sloPlaceMs) {

        /** The stores of the symbols' part, for an account fed their events itself. */
        SymbolLedger.Stores ledger() {
            return new SymbolLedger.Stores(orders, finishedOrders, openOrders, budget.holdings(), budget.fillKeys());
        }

        public static Stores onHeap(KitConfig configured) {
            return new Stores(
                    RiskBudget.Stores.onHeap(),
                    KeyValueStore.onHeap(),
                    new EventTimeWindow<>(OrderTracker.FINISHED_ORDER_RETENTION_MS),
                    new EventTimeWindow<>(OrderTracker.OPEN_ORDER_RETENTION_MS),
                    new EventTimeWindow<>(configured.sloWindowMs()),
                    KeyValueStore.onHeap());
        }
    }

    /**
     * What one evaluation produced.
     *
     * @param view the account view to broadcast, or null when no figure changed
     * @param kpi the {@code _global} KPI record, or null when none is due
     * @param snapshot the risk figures now
     */
    public record Evaluation(AccountView view, KpiRecord kpi, RiskSnapshot snapshot) {}

    private AccountWatch(KitConfig configured, RiskBudget budget, SymbolLedger ledger, SloWindow slo,
            AccountView lastView, long lastKpiTs, Map<String, String> limitSettings) {
        // A state saved before the account kept its set variables has none.
        this.limitSettings = limitSettings == null ? Map.of() : limitSettings;
        this.settings = SetLimits.configOf(configured, this.limitSettings);
        this.configured = configured;
        this.budget = budget;
        this.ledger = ledger;
        this.slo = slo;
        this.lastView = lastView;
        this.lastKpiTs = lastKpiTs;
    }

    /** A fresh account on the UTC day of {@code startTs}, with empty stores. */
    public static AccountWatch create(KitConfig configured, long startTs, Stores stores) {
        return new AccountWatch(
                configured,
                RiskBudget.create(RiskLimits.from(configured), startTs, stores.budget()),
                SymbolLedger.create(stores.ledger()),
                SloWindow.create(configured.sloWindowMs(), configured.sloMinSamples(), stores.sloWindow(), stores.sloPlaceMs()),
                null, Long.MIN_VALUE, Map.of());
    }

    /** The account that {@code state} and {@code stores} describe; from then on the state belongs to the watch. */
    public static AccountWatch restore(KitConfig configured, State state, Stores stores) {
        // The budget's part and the last view are immutable and read in place, never copied, so the
        // heap backend, which hands back the stored object, pays nothing for them per event.
        return new AccountWatch(
                configured,
                RiskBudget.restore(state.budget().limits(), state.budget(), stores.budget()),
                SymbolLedger.restore(state.ledger(), stores.ledger()),
                SloWindow.restore(configured.sloWindowMs(), configured.sloMinSamples(), state.slo(), stores.sloWindow(),
                        stores.sloPlaceMs()),
                state.lastView(), state.lastKpiTs(), state.limitSettings());
    }

    public State state() {
        return new State(budget.state(), ledger.state(), slo.state(), lastView, lastKpiTs, settings.sloMinSamples(),
                limitSettings);
    }

    /**
     * Applies a live order event (every event feeds the SLO; fills also the budget), through the
     * account's own {@link SymbolLedger}. An event the budget or the order rules refuse goes to
     * {@code unusable} and changes nothing.
     */
    public void applyOrder(OrderEvent order, Unusable<OrderEvent> unusable) {
        AccountChange change = ledger.order(order, unusable);
        if (change != null) {
            applyChange(change);
        }
    }

    /**
     * Marks {@code symbol}'s position at its primary mid, through the account's own {@link SymbolLedger};
     * a mark the budget cannot take (a mid that is not a positive finite number) goes to
     * {@code unusable} and changes nothing.
     */
    public void applyMark(String symbol, long ts, double mid, Unusable<String> unusable) {
        AccountChange change = ledger.mark(symbol, ts, mid, unusable);
        if (change != null) {
            applyChange(change);
        }
    }

    /** Applies what a symbol's order event or primary mid changed, as a symbol's ledger made it. */
    public void applyChange(AccountChange change) {
        if (change.fact() != null) {
            slo.record(change.fact());
        }
        if (change.position() != null) {
            budget.onChange(change.position());
        }
    }

    /**
     * Applies a risk reset or new limits; returns why a command was refused, or null. A command the
     * budget cannot apply goes to {@code unusable} and changes nothing.
     */
    public String applyCommand(ControlCommand command, Unusable<ControlCommand> unusable) {
        try {
            return applyCommand(command);
        } catch (RuntimeException e) {
            unusable.reject(command, RejectReason.PROCESSING_ERROR, Unusable.describe(e));
            return Unusable.describe(e);
        }
    }

    /** Applies a risk reset or new limits; returns why a command was refused, or null. */
    public String applyCommand(ControlCommand command) {
        if (command.type() == ControlType.RISK_RESET) {
            budget.reset(command.ts());
            return null;
        }
        if (command.type() == ControlType.SET_LIMITS) {
            SetLimits.Folded folded = SetLimits.fold(configured, limitSettings, command);
            if (!folded.applied().accepted()) {
                return folded.applied().refusal();
            }
            limitSettings = folded.settings();
            settings = folded.applied().config();
            budget.setLimits(folded.applied().risk());
        }
        return null;
    }

    /** The account at {@code t}: a view when a figure changed, a KPI record when one is due. */
    public Evaluation evaluate(long t) {
        return evaluate(t, false);
    }

    /**
     * The account at {@code t}, as {@link #evaluate(long)}, with a KPI record whatever the cadence:
     * the answer to an operator's {@code refresh}, computed at the job's current time.
     */
    public Evaluation refresh(long t) {
        return evaluate(t, true);
    }

    private Evaluation evaluate(long t, boolean kpiWanted) {
        budget.advanceTo(t);
        slo.advanceTo(t);
        ledger.advanceTo(t);
        RiskSnapshot snapshot = budget.snapshot();
        AccountView view = AccountView.of(snapshot, configured.riskPerTradePct());
        boolean changed = !view.sameFiguresAs(lastView);
        // Unrealised PnL moves the figures with every primary quote; the record follows what a gate
        // reads from them (the budget spent, the open positions), and otherwise keeps the cadence.
        boolean gatesChanged = lastView == null || (view.budgetLeft() <= 0) != (lastView.budgetLeft() <= 0)
                || view.openPositions() != lastView.openPositions();
        if (changed) {
            lastView = view;
        }
        KpiRecord kpi = null;
        if (kpiWanted || gatesChanged || KpiCadence.due(lastKpiTs, t, settings.kpiIntervalMs())) {
            kpi = kpi(t, snapshot);
            lastKpiTs = t;
        }
        return new Evaluation(changed ? view : null, kpi, snapshot);
    }

    private KpiRecord kpi(long t, RiskSnapshot r) {
        Map<String, Long> windows = new LinkedHashMap<>();
        windows.put("slo_ms", configured.sloWindowMs());
        Map<String, Long> samples = new LinkedHashMap<>();
        samples.put("placed", slo.placed());
        samples.put("failures", slo.failures());
        samples.put("acked", slo.acked());
        samples.put("fills", slo.fills());
        samples.put("slippage_fills", slo.slippageFills());
        return new KpiRecord(
                KpiRecord.GLOBAL, t, null, null, null, null, null,
                slo.p95PlaceMs(settings.sloMinSamples()), slo.errorRate(settings.sloMinSamples()), slo.slippageBps(), null, null,
                r.canaryTradesTotal(), r.totalTrades(), r.budgetLeft(), r.canaryNotionalShare(),
                windows, samples, Map.of(), null,
                r.ddToday(), r.tradesToday(), r.openPositions(), r.ddSinceReset(), r.tradesSinceReset(),
                r.equity(), r.startOfDayEquity(), r.peakEquity(), r.realisedPnl(), r.fees(), r.unrealisedPnl());
    }

    /** The budget's current limits. */
    public RiskLimits limits() {
        return budget.limits();
    }
}

package io.canarykit.operators.rollout;

import io.canarykit.operators.signals.SlidingPercentile;
import io.canarykit.operators.store.KeyValueStore;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.RolloutPlan;
import io.canarykit.schema.TcaRecord;
import java.util.List;

/**
 * What the current step of a rollout has shown so far, and the six checks it answers: challenger
 * (canary fills, shadow or not) against champion on notional-weighted slippage and the 5 s markout,
 * the challenger's own error rate and p95 place time, its PSI, and its share of the step's live trades.
 *
 * <p>Evidence starts afresh with each step: only fills, order events and KPI records stamped at or
 * after the step's start count. The fixed-size figures sit in {@link Totals}; the per-fill and
 * per-order memory that makes each fill and each order event count once sits in {@link Stores}, where
 * a fill stays only until its final TCA record and an order only for the step.
 */
public final class StepEvidence {

    /** The checks' names, as decisions and the HTTP answer show them. */
    public static final String ERROR_RATE = "error_rate";
    public static final String P95_PLACE_MS = "p95_place_ms";
    public static final String PSI = "psi";
    public static final String CANARY_IMBALANCE = "canary_imbalance";

    /** Every check, in the order an analysis answers them. */
    public static final List<String> CHECKS = List.of(RolloutComparisons.SLIPPAGE, RolloutComparisons.MARKOUT_5S,
            ERROR_RATE, P95_PLACE_MS, PSI, CANARY_IMBALANCE);

    /** The bounds of the challenger's own figures: the SLO and drift gates' thresholds. */
    public static final double ERROR_RATE_BOUND = 0.01;
    public static final double P95_PLACE_MS_BOUND = 300;
    public static final double PSI_BOUND = 0.3;

    static final String MARKOUT_HORIZON = "5s";
    private static final double P95 = 0.95;

    // Per fill: which of its figures have been counted.
    private static final int SLIPPAGE_COUNTED = 1;
    private static final int MARKOUT_COUNTED = 2;
    // Per order: which of its events have been counted.
    private static final int PLACED = 1;
    private static final int ACKED = 2;
    private static final int REJECTED = 4;
    private static final int ERROR = 8;
    private static final int TRADED = 16;

    /**
     * The step's fixed-size figures, as keyed state holds them.
     *
     * @param stepStart when the step began: earlier input is not evidence of it
     * @param challengerSlippage the challenger's fills' slippage, weighted by notional
     * @param championSlippage the champion's
     * @param challengerMarkout the challenger's fills' 5 s markouts, weighted by notional
     * @param championMarkout the champion's
     * @param placed the challenger's orders placed in the step
     * @param failed its rejected and error events
     * @param trades the step's live orders with at least one fill, both models
     * @param canaryTrades those of the challenger
     * @param placeMs the bucket counts of the challenger's place times
     */
    public record Totals(
            long stepStart,
            WeightedMoments.Snapshot challengerSlippage,
            WeightedMoments.Snapshot championSlippage,
            WeightedMoments.Snapshot challengerMarkout,
            WeightedMoments.Snapshot championMarkout,
            long placed,
            long failed,
            long trades,
            long canaryTrades,
            SlidingPercentile.State placeMs) {}

    /** A symbol's latest challenger PSI, by its KPI record's time; NaN when that record had none. */
    public record SymbolPsi(long ts, double psi) {}

    /**
     * The maps beside the totals: fills awaiting their final record, the step's orders, the place
     * times' buckets and each symbol's latest PSI.
     */
    public record Stores(
            KeyValueStore<String, Integer> fills,
            KeyValueStore<String, Integer> orders,
            KeyValueStore<Integer, SlidingPercentile.Bucket> placeMsBuckets,
            KeyValueStore<String, SymbolPsi> psi) {

        /** Stores on the heap, for plain use. */
        public static Stores onHeap() {
            return new Stores(KeyValueStore.onHeap(), KeyValueStore.onHeap(), KeyValueStore.onHeap(),
                    KeyValueStore.onHeap());
        }

        void clear() {
            fills.clear();
            orders.clear();
            placeMsBuckets.clear();
            psi.clear();
        }
    }

    private final Stores stores;
    private final long stepStart;
    private final WeightedMoments challengerSlippage;
    private final WeightedMoments championSlippage;
    private final WeightedMoments challengerMarkout;
    private final WeightedMoments championMarkout;
    private final SlidingPercentile placeMs;
    private long placed;
    private long failed;
    private long trades;
    private long canaryTrades;

    private StepEvidence(Totals t, Stores stores, SlidingPercentile placeMs) {
        this.stores = stores;
        this.stepStart = t.stepStart();
        this.challengerSlippage = WeightedMoments.restore(t.challengerSlippage());
        this.championSlippage = WeightedMoments.restore(t.championSlippage());
        this.challengerMarkout = WeightedMoments.restore(t.challengerMarkout());
        this.championMarkout = WeightedMoments.restore(t.championMarkout());
        this.placeMs = placeMs;
        this.placed = t.placed();
        this.failed = t.failed();
        this.trades = t.trades();
        this.canaryTrades = t.canaryTrades();
    }

    /** No evidence yet of a step that begins at {@code stepStart}; the stores are emptied. */
    public static StepEvidence start(long stepStart, Stores stores) {
        stores.clear();
        WeightedMoments.Snapshot none = WeightedMoments.Snapshot.EMPTY;
        Totals empty = new Totals(stepStart, none, none, none, none, 0, 0, 0, 0, SlidingPercentile.State.empty());
        return new StepEvidence(empty, stores, SlidingPercentile.create(stores.placeMsBuckets()));
    }

    /** The evidence that {@code totals} and {@code stores} hold, as {@link #totals()} left it. */
    public static StepEvidence restore(Totals totals, Stores stores) {
        return new StepEvidence(totals, stores, SlidingPercentile.restore(totals.placeMs(), stores.placeMsBuckets()));
    }

    /** The fixed-size figures, for keyed state. */
    public Totals totals() {
        return new Totals(stepStart, challengerSlippage.snapshot(), championSlippage.snapshot(),
                challengerMarkout.snapshot(), championMarkout.snapshot(), placed, failed, trades, canaryTrades,
                placeMs.state());
    }

    public long stepStart() {
        return stepStart;
    }

    /**
     * Counts a TCA record: its slippage at the fill's first record, its 5 s markout the first time
     * it is known, and its order as a trade when the fill is live. A fill's memory goes with its final record.
     */
    public void addTca(TcaRecord r) {
        if (r.ts() < stepStart || !(r.notional() > 0) || !Double.isFinite(r.notional())) {
            return;
        }
        String key = r.fillKey();
        Integer seen = stores.fills().get(key);
        int flags = seen == null ? 0 : seen;
        if ((flags & SLIPPAGE_COUNTED) == 0) {
            flags |= SLIPPAGE_COUNTED;
            if (r.slippageBps() != null && Double.isFinite(r.slippageBps())) {
                (r.canary() ? challengerSlippage : championSlippage).add(r.slippageBps(), r.notional());
            }
            if (!r.shadow()) {
                countTrade(r.orderId(), r.canary());
            }
        }
        Double markout = r.markoutsBps() == null ? null : r.markoutsBps().get(MARKOUT_HORIZON);
        if ((flags & MARKOUT_COUNTED) == 0 && markout != null && Double.isFinite(markout)) {
            flags |= MARKOUT_COUNTED;
            (r.canary() ? challengerMarkout : championMarkout).add(markout, r.notional());
        }
        if (r.isFinal()) {
            stores.fills().remove(key);
        } else if (seen == null || flags != seen) {
            stores.fills().put(key, flags);
        }
    }

    private void countTrade(String orderId, boolean canary) {
        int flags = orderFlags(orderId);
        if ((flags & TRADED) != 0) {
            return;
        }
        stores.orders().put(orderId, flags | TRADED);
        trades++;
        if (canary) {
            canaryTrades++;
        }
    }

    /** Counts one of the challenger's order events for its SLO: each kind once per order. Others are not evidence. */
    public void addOrder(OrderEvent e) {
        if (!e.canary() || e.ts() < stepStart) {
            return;
        }
        int bit = switch (e.event()) {
            case PLACED -> PLACED;
            case ACKED -> ACKED;
            case REJECTED -> REJECTED;
            case ERROR -> ERROR;
            default -> 0;
        };
        if (bit == 0) {
            return;
        }
        int flags = orderFlags(e.orderId());
        if ((flags & bit) != 0) {
            return;
        }
        if (bit == ACKED) {
            if (e.placeMs() == null || !Double.isFinite(e.placeMs())) {
                return;
            }
            placeMs.add(e.placeMs());
        } else if (bit == PLACED) {
            placed++;
        } else {
            failed++;
        }
        stores.orders().put(e.orderId(), flags | bit);
    }

    private int orderFlags(String orderId) {
        Integer flags = stores.orders().get(orderId);
        return flags == null ? 0 : flags;
    }

    /** Keeps the symbol's latest challenger PSI; a record with no challenger figures says nothing. */
    public void addKpi(KpiRecord k) {
        if (k.ts() < stepStart || k.challenger() == null || k.symbol() == null) {
            return;
        }
        SymbolPsi held = stores.psi().get(k.symbol());
        if (held != null && held.ts() > k.ts()) {
            return;
        }
        Double psi = k.challenger().psi();
        stores.psi().put(k.symbol(), new SymbolPsi(k.ts(), psi == null || !Double.isFinite(psi) ? Double.NaN : psi));
    }

    /**
     * The six checks on the evidence so far, for step {@code step} of {@code plan}.
     *
     * @param sloMinSamples placed and acked orders the SLO checks need, as the SLO gates do
     */
    public List<RolloutCheck> judge(RolloutPlan plan, int step, long sloMinSamples) {
        RolloutPlan.Step s = plan.step(step);
        long acked = placeMs.size();
        return List.of(
                RolloutComparisons.slippage(plan).judge(challengerSlippage, championSlippage),
                RolloutComparisons.markout(plan).judge(challengerMarkout, championMarkout),
                ThresholdCheck.failsAtOrAbove(ERROR_RATE, placed == 0 ? null : (double) failed / placed,
                        ERROR_RATE_BOUND, placed, sloMinSamples),
                ThresholdCheck.failsAtOrAbove(P95_PLACE_MS, acked == 0 ? null : placeMs.quantile(P95),
                        P95_PLACE_MS_BOUND, acked, sloMinSamples),
                psiCheck(),
                ThresholdCheck.within(CANARY_IMBALANCE, trades == 0 ? null : (double) canaryTrades / trades,
                        s.shadow() ? 0 : s.share(), plan.analysis().imbalanceTolerance(), trades,
                        plan.analysis().minFills()));
    }

    private RolloutCheck psiCheck() {
        double[] max = {Double.NaN};
        long[] symbols = {0};
        stores.psi().forEach((symbol, reading) -> {
            if (!Double.isNaN(reading.psi())) {
                symbols[0]++;
                max[0] = Double.isNaN(max[0]) ? reading.psi() : Math.max(max[0], reading.psi());
            }
        });
        return ThresholdCheck.failsAbove(PSI, Double.isNaN(max[0]) ? null : max[0], PSI_BOUND, symbols[0], 1);
    }
}

package io.canarykit.operators.gate;

import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Gates;
import io.canarykit.schema.Mode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;

/** Combines a symbol's signals, the account figures and the control state into its {@link GateVerdict}. */
public final class GateCombiner {

    private static final double HALF_SIZE = 0.5;

    private GateCombiner() {}

    /** The verdict for {@code symbol} from its signals, the account, the control state and the limits. */
    public static GateVerdict decide(
            String symbol, SymbolSignals signals, AccountSignals account, ControlState control, GateLimits limits) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("symbol must not be blank");
        }
        if (signals == null || account == null || control == null || limits == null) {
            throw new IllegalArgumentException("signals, account, control and limits must not be null");
        }
        Set<GateReason> reasons = reasons(symbol, signals, account, control, limits);
        boolean halted = reasons.stream().anyMatch(GateReason::blocking);
        // reduce_only still allows orders, at the computed size: the engine may only shrink positions.
        Mode mode = halted ? Mode.HALTED : reasons.contains(GateReason.MAX_POSITIONS) ? Mode.REDUCE_ONLY : Mode.NORMAL;
        double size = halted ? 0.0 : reasons.contains(GateReason.PSI_WARN) ? HALF_SIZE : 1.0;
        // A halted symbol routes nothing, so its share is 0; the cut is still named so operators see
        // the challenger's own state whatever the symbol's state or the operator's share.
        CanaryCut cut = canaryCut(symbol, signals, account, control, limits);
        boolean canaryRoutes = !halted && cut == null && control.challenger() != null;
        double canaryShare = canaryRoutes ? control.canaryShare() : 0.0;
        String modelId = control.pinned() ? control.pinnedModel() : control.champion();
        return new GateVerdict(!halted, mode, size, new ArrayList<>(reasons), gates(reasons, cut), modelId,
                control.champion(), control.challenger(), control.pinned(), canaryShare, limits.liveTrading());
    }

    private static Set<GateReason> reasons(
            String symbol, SymbolSignals s, AccountSignals account, ControlState control, GateLimits limits) {
        // An EnumSet iterates in declaration order, which is the reasons' fixed order.
        Set<GateReason> reasons = EnumSet.noneOf(GateReason.class);
        addIf(reasons, !control.armed(), GateReason.DISARMED);
        addIf(reasons, control.killSwitch(), GateReason.KILL_SWITCH);
        addIf(reasons, !control.preflightPassed(), GateReason.PREFLIGHT);
        addIf(reasons, budgetSpent(account, limits), GateReason.BUDGET);
        addIf(reasons, errorRateFails(s.slo(), limits), GateReason.SLO_ERROR_RATE);
        addIf(reasons, p95Fails(s.slo(), limits), GateReason.SLO_P95_PLACE_MS);
        addIf(reasons, slippageFails(symbol, s.slo(), limits), GateReason.SLO_SLIPPAGE);
        addIf(reasons, above(s.psi(), limits.psiHalt()), GateReason.PSI);
        addIf(reasons, above(s.psi(), limits.psiWarn()) && !above(s.psi(), limits.psiHalt()), GateReason.PSI_WARN);
        // No primary quote yet means the price is unknown: fail closed.
        addIf(reasons, s.dataStaleSeconds() == null || s.dataStaleSeconds() > limits.staleSecondsMax(),
                GateReason.STALE);
        addIf(reasons, above(s.feedDislocationBps(), limits.dislocationBpsMax()), GateReason.DISLOCATION);
        addIf(reasons, above(s.featuresMissingRatio(), limits.featuresMissingMax()), GateReason.FEATURES_MISSING);
        // A silent feature stream leaves psi and the missing ratio null, which trip nothing: fail closed.
        addIf(reasons, s.featuresStale(), GateReason.FEATURES_STALE);
        // A silent reference feed leaves the dislocation null, so the feeds cannot be compared: fail closed.
        addIf(reasons, s.referenceStale(), GateReason.REFERENCE_STALE);
        // Listed only where it restricts something: a symbol holding a position may still trade it.
        addIf(reasons, !s.holdsPosition() && account.openPositions() >= limits.maxOpenPositions(),
                GateReason.MAX_POSITIONS);
        return reasons;
    }

    private static CanaryCut canaryCut(
            String symbol, SymbolSignals s, AccountSignals account, ControlState control, GateLimits limits) {
        if (control.pinned()) {
            return CanaryCut.PINNED;
        }
        if (control.challenger() == null) {
            return null; // nothing to route to: share 0, but not a cut
        }
        if (above(s.challengerPsi(), limits.psiHalt())) {
            return CanaryCut.CHALLENGER_PSI;
        }
        if (sloFails(symbol, s.challengerSlo(), limits)) {
            return CanaryCut.CHALLENGER_SLO;
        }
        // A cap of 0 allows no canary notional at all, so it holds before the day's first fill too.
        Double notionalShare = account.canaryNotionalShare();
        if (limits.canaryNotionalCap() <= 0 || (notionalShare != null && notionalShare >= limits.canaryNotionalCap())) {
            return CanaryCut.NOTIONAL_CAP;
        }
        return null;
    }

    private static Gates gates(Set<GateReason> r, CanaryCut cut) {
        boolean slo = r.contains(GateReason.SLO_ERROR_RATE) || r.contains(GateReason.SLO_P95_PLACE_MS)
                || r.contains(GateReason.SLO_SLIPPAGE);
        boolean psi = r.contains(GateReason.PSI) || r.contains(GateReason.PSI_WARN);
        boolean dataQuality = r.contains(GateReason.STALE) || r.contains(GateReason.DISLOCATION)
                || r.contains(GateReason.FEATURES_MISSING) || r.contains(GateReason.FEATURES_STALE)
                || r.contains(GateReason.REFERENCE_STALE);
        return new Gates(slo, psi, r.contains(GateReason.BUDGET), r.contains(GateReason.PREFLIGHT),
                r.contains(GateReason.KILL_SWITCH), r.contains(GateReason.DISARMED), dataQuality, cut);
    }

    private static boolean budgetSpent(AccountSignals account, GateLimits limits) {
        return account.budgetLeft() <= 0 || account.ddToday() >= limits.maxDailyDrawdownPct();
    }

    private static boolean sloFails(String symbol, SloSignals slo, GateLimits limits) {
        return errorRateFails(slo, limits) || p95Fails(slo, limits) || slippageFails(symbol, slo, limits);
    }

    private static boolean errorRateFails(SloSignals slo, GateLimits limits) {
        return slo.placed() >= limits.sloMinSamples() && atLeast(slo.errorRate(), limits.errorRateMax());
    }

    private static boolean p95Fails(SloSignals slo, GateLimits limits) {
        return slo.acked() >= limits.sloMinSamples() && atLeast(slo.p95PlaceMs(), limits.p95PlaceMsMax());
    }

    // The contract sets no minimum sample count for slippage: any fill in the window counts.
    private static boolean slippageFails(String symbol, SloSignals slo, GateLimits limits) {
        return above(slo.slippageBps(), limits.slippageSloBps(symbol));
    }

    private static boolean above(Double value, double threshold) {
        return value != null && value > threshold;
    }

    private static boolean atLeast(Double value, double threshold) {
        return value != null && value >= threshold;
    }

    private static void addIf(Set<GateReason> reasons, boolean holds, GateReason reason) {
        if (holds) {
            reasons.add(reason);
        }
    }
}

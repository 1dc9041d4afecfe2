package io.canarykit.operators.gate;

import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Mode;

/** Combines a symbol's signals, the account figures and the control state into its {@link GateVerdict}. */
public final class GateCombiner {

    private static final double HALF_SIZE = 0.5;
    private static final int BLOCKING = ReasonSets.blocking();

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
        int reasons = reasons(symbol, signals, account, control, limits);
        boolean halted = (reasons & BLOCKING) != 0;
        // reduce_only still allows orders, at the computed size: the engine may only shrink positions.
        Mode mode = halted ? Mode.HALTED : holds(reasons, GateReason.MAX_POSITIONS) ? Mode.REDUCE_ONLY : Mode.NORMAL;
        double size = halted ? 0.0 : holds(reasons, GateReason.PSI_WARN) ? HALF_SIZE : 1.0;
        // A halted symbol routes nothing, so its share is 0; the cut is still named so operators see
        // the challenger's own state whatever the symbol's state or the operator's share.
        CanaryCut cut = canaryCut(symbol, signals, account, control, limits);
        boolean canaryRoutes = !halted && cut == null && control.challenger() != null;
        double canaryShare = canaryRoutes ? control.canaryShare() : 0.0;
        String modelId = control.pinned() ? control.pinnedModel() : control.champion();
        return new GateVerdict(!halted, mode, size, ReasonSets.list(reasons), ReasonSets.gates(reasons, cut), modelId,
                control.champion(), control.challenger(), control.pinned(), canaryShare, limits.liveTrading());
    }

    /** The reasons that hold, as a set of bits by {@link GateReason} ordinal: every evaluation takes them. */
    private static int reasons(
            String symbol, SymbolSignals s, AccountSignals account, ControlState control, GateLimits limits) {
        int reasons = 0;
        reasons |= bitIf(!control.armed(), GateReason.DISARMED);
        reasons |= bitIf(control.killSwitch(), GateReason.KILL_SWITCH);
        reasons |= bitIf(!control.preflightPassed(), GateReason.PREFLIGHT);
        reasons |= bitIf(budgetSpent(account, limits), GateReason.BUDGET);
        reasons |= bitIf(errorRateFails(s.slo(), limits), GateReason.SLO_ERROR_RATE);
        reasons |= bitIf(p95Fails(s.slo(), limits), GateReason.SLO_P95_PLACE_MS);
        reasons |= bitIf(slippageFails(symbol, s.slo(), limits), GateReason.SLO_SLIPPAGE);
        reasons |= bitIf(above(s.psi(), limits.psiHalt()), GateReason.PSI);
        reasons |= bitIf(above(s.psi(), limits.psiWarn()) && !above(s.psi(), limits.psiHalt()), GateReason.PSI_WARN);
        // No primary quote yet means the price is unknown: fail closed.
        reasons |= bitIf(s.dataStaleSeconds() == null || s.dataStaleSeconds() > limits.staleSecondsMax(),
                GateReason.STALE);
        reasons |= bitIf(above(s.feedDislocationBps(), limits.dislocationBpsMax()), GateReason.DISLOCATION);
        reasons |= bitIf(above(s.featuresMissingRatio(), limits.featuresMissingMax()), GateReason.FEATURES_MISSING);
        // A silent feature stream leaves psi and the missing ratio null, which trip nothing: fail closed.
        reasons |= bitIf(s.featuresStale(), GateReason.FEATURES_STALE);
        // A silent reference feed leaves the dislocation null, so the feeds cannot be compared: fail closed.
        reasons |= bitIf(s.referenceStale(), GateReason.REFERENCE_STALE);
        // Without a profile there is no PSI, and a drift check that cannot run must not pass: fail closed.
        reasons |= bitIf(!s.hasReferenceProfile(), GateReason.NO_REFERENCE_PROFILE);
        // Listed only where it restricts something: a symbol holding a position may still trade it.
        reasons |= bitIf(!s.holdsPosition() && account.openPositions() >= limits.maxOpenPositions(),
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

    private static boolean budgetSpent(AccountSignals account, GateLimits limits) {
        return account.budgetLeft() <= 0 || account.ddSinceReset() >= limits.maxDailyDrawdownPct();
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

    private static int bitIf(boolean holds, GateReason reason) {
        return holds ? ReasonSets.bit(reason) : 0;
    }

    private static boolean holds(int reasons, GateReason reason) {
        return (reasons & ReasonSets.bit(reason)) != 0;
    }
}

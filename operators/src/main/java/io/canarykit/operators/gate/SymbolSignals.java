package io.canarykit.operators.gate;

/**
 * One symbol's signals at the decision time, and the challenger's own values on it. A null value
 * means the signal has no value in its window; only a null {@code dataStaleSeconds} trips a gate. The
 * two fail-closed flags say that an input has gone silent, so a signal read from it cannot be checked.
 *
 * @param psi max PSI over the features of the model in use
 * @param featuresMissingRatio missing / (feature events x reference features)
 * @param feedDislocationBps primary vs reference mid, in bps
 * @param dataStaleSeconds age of the latest primary quote; null when there is none yet (fails closed)
 * @param slo the SLO values over all the symbol's orders
 * @param holdsPosition whether the account holds a position in the symbol
 * @param challengerPsi max PSI over the challenger's own features on the symbol
 * @param challengerSlo the SLO values over the symbol's canary orders only
 * @param featuresStale no feature vector of the model in use within {@code FEATURES_STALE_MS}, or none yet
 * @param referenceStale no fresh reference quote while {@code REQUIRE_REFERENCE_FEED} is on
 */
public record SymbolSignals(
        Double psi,
        Double featuresMissingRatio,
        Double feedDislocationBps,
        Double dataStaleSeconds,
        SloSignals slo,
        boolean holdsPosition,
        Double challengerPsi,
        SloSignals challengerSlo,
        boolean featuresStale,
        boolean referenceStale) {

    public SymbolSignals {
        ArgumentChecks.requireFiniteOrNull("psi", psi);
        ArgumentChecks.requireFiniteOrNull("featuresMissingRatio", featuresMissingRatio);
        ArgumentChecks.requireFiniteOrNull("feedDislocationBps", feedDislocationBps);
        ArgumentChecks.requireFiniteOrNull("dataStaleSeconds", dataStaleSeconds);
        ArgumentChecks.requireFiniteOrNull("challengerPsi", challengerPsi);
        if (slo == null) {
            throw new IllegalArgumentException("slo must not be null (use SloSignals.NONE)");
        }
        if (challengerSlo == null) {
            throw new IllegalArgumentException("challengerSlo must not be null (use SloSignals.NONE)");
        }
    }
}

package io.canarykit.operators.gate;

/** Builders that start from a healthy, armed symbol so each test changes only what it is about. */
final class Healthy {

    static final String SYMBOL = "BTCUSDT";
    static final String CHAMPION = "champion_20260101";
    static final String CHALLENGER = "challenger_20260201";

    private Healthy() {}

    static SymbolBuilder symbol() {
        return new SymbolBuilder();
    }

    static AccountBuilder account() {
        return new AccountBuilder();
    }

    static ControlState control() {
        return new ControlState(true, false, true, null, 0.05, CHAMPION, CHALLENGER);
    }

    /** Well inside every SLO, with plenty of samples. */
    static SloSignals healthySlo() {
        return new SloSignals(120.0, 50, 0.002, 50, 1.0);
    }

    static GateVerdict decide(SymbolBuilder s) {
        return GateCombiner.decide(SYMBOL, s.build(), account().build(), control(), GateLimits.defaults());
    }

    static GateVerdict decide(AccountBuilder a) {
        return GateCombiner.decide(SYMBOL, symbol().build(), a.build(), control(), GateLimits.defaults());
    }

    static GateVerdict decide(ControlState c) {
        return GateCombiner.decide(SYMBOL, symbol().build(), account().build(), c, GateLimits.defaults());
    }

    static final class SymbolBuilder {
        Double psi = 0.05;
        Double featuresMissingRatio = 0.0;
        Double feedDislocationBps = 1.0;
        Double dataStaleSeconds = 0.2;
        SloSignals slo = healthySlo();
        boolean holdsPosition;
        Double challengerPsi = 0.05;
        SloSignals challengerSlo = healthySlo();
        boolean featuresStale;
        boolean referenceStale;

        SymbolBuilder psi(Double v) {
            psi = v;
            return this;
        }

        SymbolBuilder featuresMissingRatio(Double v) {
            featuresMissingRatio = v;
            return this;
        }

        SymbolBuilder feedDislocationBps(Double v) {
            feedDislocationBps = v;
            return this;
        }

        SymbolBuilder dataStaleSeconds(Double v) {
            dataStaleSeconds = v;
            return this;
        }

        SymbolBuilder slo(SloSignals v) {
            slo = v;
            return this;
        }

        SymbolBuilder holdsPosition(boolean v) {
            holdsPosition = v;
            return this;
        }

        SymbolBuilder challengerPsi(Double v) {
            challengerPsi = v;
            return this;
        }

        SymbolBuilder challengerSlo(SloSignals v) {
            challengerSlo = v;
            return this;
        }

        SymbolBuilder featuresStale(boolean v) {
            featuresStale = v;
            return this;
        }

        SymbolBuilder referenceStale(boolean v) {
            referenceStale = v;
            return this;
        }

        SymbolSignals build() {
            return new SymbolSignals(psi, featuresMissingRatio, feedDislocationBps, dataStaleSeconds, slo,
                    holdsPosition, challengerPsi, challengerSlo, featuresStale, referenceStale);
        }
    }

    static final class AccountBuilder {
        double budgetLeft = 1.0;
        double ddToday;
        int openPositions;
        Double canaryNotionalShare = 0.10;

        AccountBuilder budgetLeft(double v) {
            budgetLeft = v;
            return this;
        }

        AccountBuilder ddToday(double v) {
            ddToday = v;
            return this;
        }

        AccountBuilder openPositions(int v) {
            openPositions = v;
            return this;
        }

        AccountBuilder canaryNotionalShare(Double v) {
            canaryNotionalShare = v;
            return this;
        }

        AccountSignals build() {
            return new AccountSignals(budgetLeft, ddToday, openPositions, canaryNotionalShare);
        }
    }
}

package io.canarykit.operators.symbol;

import io.canarykit.operators.gate.SloSignals;
import io.canarykit.operators.gate.SymbolSignals;
import io.canarykit.operators.signals.CompiledProfile;
import io.canarykit.operators.signals.OrphanTracker;
import io.canarykit.operators.signals.PsiMonitor;
import io.canarykit.operators.signals.SloWindow;
import io.canarykit.schema.ChallengerKpis;
import io.canarykit.schema.KpiRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts a symbol's figures at one evaluation into the shapes that leave it: the KPI record, built only
 * when one goes out, and the gauges the metrics read on every evaluation.
 */
final class SymbolKpis {

    /** The totals every KPI record's samples start with, before one entry per feature. */
    private static final int SAMPLE_TOTALS = 6;

    private SymbolKpis() {}

    /**
     * The KPI record at {@code t} from the evaluation's {@code signals} and the monitors as they
     * stand; {@code usedPsi} is null when the model in use has no profile to read it by.
     */
    static KpiRecord record(String symbol, long t, SymbolSetup setup, SymbolSignals signals, String usedModel,
            PsiMonitor usedPsi, SloWindow sloAll, OrphanTracker orphans, String challengerModel, long trades,
            long canaryTrades) {
        SloSignals all = signals.slo();
        return new KpiRecord(
                symbol, t, usedModel, signals.psi(), signals.featuresMissingRatio(), signals.feedDislocationBps(),
                signals.dataStaleSeconds(), all.p95PlaceMs(), all.errorRate(), all.slippageBps(),
                (long) orphans.orphans(), orphans.totalOrphans(), canaryTrades, trades, null, null, setup.kpiWindows(),
                samples(usedPsi, sloAll), usedPsi == null ? Map.of() : usedPsi.psiByFeature(),
                challenger(challengerModel, signals));
    }

    /** The figures the metrics show, as the KPI record has them, without building the record. */
    static SymbolEvaluation.Gauges gauges(SymbolSignals signals, OrphanTracker orphans, long trades, long canaryTrades) {
        // The SLO figures as the gates read them: under the minimum of samples in force now.
        SloSignals all = signals.slo();
        return new SymbolEvaluation.Gauges(signals.psi(), signals.featuresMissingRatio(), signals.feedDislocationBps(),
                all.p95PlaceMs(), all.errorRate(), all.slippageBps(), orphans.orphans(), trades, canaryTrades);
    }

    /** How many samples each figure stands on, in a fixed order: the totals first, then one per feature. */
    private static Map<String, Long> samples(PsiMonitor usedPsi, SloWindow sloAll) {
        int features = usedPsi == null ? 0 : usedPsi.profile().featureCount();
        // Sized for its entries, so it is never rehashed while it is filled.
        Map<String, Long> samples = new LinkedHashMap<>((int) ((SAMPLE_TOTALS + features) / 0.75f) + 1);
        samples.put("feature_vectors", usedPsi == null ? 0L : usedPsi.events());
        samples.put("placed", sloAll.placed());
        samples.put("failures", sloAll.failures());
        samples.put("acked", sloAll.acked());
        samples.put("fills", sloAll.fills());
        samples.put("slippage_fills", sloAll.slippageFills());
        if (usedPsi != null) {
            CompiledProfile profile = usedPsi.profile();
            for (int i = 0; i < profile.featureCount(); i++) {
                samples.put(profile.samplesKey(i), usedPsi.samplesAt(i));
            }
        }
        return samples;
    }

    private static ChallengerKpis challenger(String challengerModel, SymbolSignals signals) {
        if (challengerModel == null) {
            return null;
        }
        SloSignals canary = signals.challengerSlo();
        return new ChallengerKpis(challengerModel, signals.challengerPsi(), canary.p95PlaceMs(), canary.errorRate(),
                canary.slippageBps(), canary.acked(), canary.placed());
    }
}

package io.canarykit.operators.symbol;

import io.canarykit.operators.gate.GateVerdict;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What one evaluation of a {@link SymbolWatch} produced.
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
public record SymbolEvaluation(String symbol, Supplier<KpiRecord> kpiSource, boolean kpiDue, GateVerdict verdict,
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
        return o instanceof SymbolEvaluation e && symbol.equals(e.symbol) && kpiDue == e.kpiDue
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
     * The figures the metrics show after each evaluation, as the KPI record has them, without building
     * the record.
     */
    public record Gauges(Double psi, Double featuresMissingRatio, Double feedDislocationBps, Double p95PlaceMs,
            Double errorRate, Double slippageBps, long orphans, long totalTrades, long canaryTrades) {}
}

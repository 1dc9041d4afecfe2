package io.canarykit.jobs.replay;

import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay produced, each list in a stable order so that the same input always gives the same
 * files.
 *
 * @param eventsIn input lines read
 * @param elapsedMs wall time of the run
 */
public record ReplayResult(
        long eventsIn,
        long elapsedMs,
        List<GateDecision> decisions,
        List<KpiRecord> kpis,
        List<TcaRecord> tca,
        List<DlqRecord> dlq) {

    /** Rejected records by reason. */
    public Map<String, Long> dlqByReason() {
        Map<String, Long> counts = new TreeMap<>();
        dlq.forEach(d -> counts.merge(d.reason(), 1L, Long::sum));
        return counts;
    }

    public double eventsPerSecond() {
        return elapsedMs == 0 ? 0 : eventsIn * 1000.0 / elapsedMs;
    }
}

package io.canarykit.cli.bench;

import io.canarykit.jobs.io.GatingSinks;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** The gating job's outputs counted and thrown away: the bench measures the job, not a file or a broker. */
final class CountingSinks implements GatingSinks {

    static final String DECISIONS = "bench_decisions";
    static final String KPIS = "bench_kpis";
    static final String TCA = "bench_tca";
    static final String DLQ = "bench_dlq";

    /** How many records of each output a finished job counted. */
    record Counts(long decisions, long kpis, long tca, long dlq) {

        static Counts of(JobExecutionResult result) {
            return new Counts(count(result, DECISIONS), count(result, KPIS), count(result, TCA), count(result, DLQ));
        }

        private static long count(JobExecutionResult result, String name) {
            // An output that never saw a record registers no accumulator on some paths; none is zero.
            Object value = result.getAccumulatorResult(name);
            return value instanceof Number n ? n.longValue() : 0;
        }
    }

    @Override
    public void decisions(DataStream<GateDecision> decisions) {
        countAndDiscard(decisions, DECISIONS, "decisions");
    }

    @Override
    public void kpis(DataStream<KpiRecord> kpis) {
        countAndDiscard(kpis, KPIS, "KPIs");
    }

    @Override
    public void tca(DataStream<TcaRecord> tca) {
        countAndDiscard(tca, TCA, "TCA");
    }

    @Override
    public void dlq(DataStream<DlqRecord> dlq) {
        countAndDiscard(dlq, DLQ, "DLQ");
    }

    private static <T> void countAndDiscard(DataStream<T> stream, String accumulator, String what) {
        stream.map(new CountRecords<T>(accumulator))
                .returns(stream.getType())
                .uid("count-" + accumulator)
                .name("count " + what)
                .sinkTo(new DiscardingSink<>())
                .uid("discard-" + accumulator)
                .name("discard " + what);
    }
}

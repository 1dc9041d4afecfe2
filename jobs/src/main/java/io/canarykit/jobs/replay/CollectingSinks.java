package io.canarykit.jobs.replay;

import io.canarykit.jobs.GatingSinks;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.CloseableIterator;

/** Brings the job's outputs back to the process that runs it, one iterator per output. */
final class CollectingSinks implements GatingSinks {

    CloseableIterator<GateDecision> decisions;
    CloseableIterator<KpiRecord> kpis;
    CloseableIterator<TcaRecord> tca;
    CloseableIterator<DlqRecord> dlq;

    @Override
    public void decisions(DataStream<GateDecision> stream) {
        decisions = stream.collectAsync();
    }

    @Override
    public void kpis(DataStream<KpiRecord> stream) {
        kpis = stream.collectAsync();
    }

    @Override
    public void tca(DataStream<TcaRecord> stream) {
        tca = stream.collectAsync();
    }

    @Override
    public void dlq(DataStream<DlqRecord> stream) {
        dlq = stream.collectAsync();
    }
}

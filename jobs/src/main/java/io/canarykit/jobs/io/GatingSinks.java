package io.canarykit.jobs.io;

import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where the gating job's outputs go: Kafka topics in production, files in replay, lists in tests. */
public interface GatingSinks {

    void decisions(DataStream<GateDecision> decisions);

    void kpis(DataStream<KpiRecord> kpis);

    void tca(DataStream<TcaRecord> tca);

    void dlq(DataStream<DlqRecord> dlq);
}

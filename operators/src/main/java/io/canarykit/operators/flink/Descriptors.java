package io.canarykit.operators.flink;

import io.canarykit.operators.gate.ControlTimeline;
import io.canarykit.operators.risk.AccountTimeline;
import io.canarykit.operators.signals.ReferenceTimeline;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/** The broadcast state descriptors and side outputs that the gating functions and the job share. */
public final class Descriptors {

    /**
     * The key of the one entry of each broadcast timeline's map state; its value is in savepoints,
     * so it stays "only".
     */
    public static final String TIMELINE_KEY = "only";

    public static final MapStateDescriptor<String, ControlTimeline> CONTROL_TIMELINE =
            new MapStateDescriptor<>("control-timeline", Types.STRING, TypeInformation.of(ControlTimeline.class));

    public static final MapStateDescriptor<String, AccountTimeline> ACCOUNT_TIMELINE =
            new MapStateDescriptor<>("account-timeline", Types.STRING, TypeInformation.of(AccountTimeline.class));

    /** The reference profiles received on {@code kit.reference}, added to those given at start. */
    public static final MapStateDescriptor<String, ReferenceTimeline> REFERENCE_TIMELINE =
            new MapStateDescriptor<>("reference-timeline", Types.STRING, TypeInformation.of(ReferenceTimeline.class));

    public static final OutputTag<KpiRecord> KPIS = new OutputTag<>("kpis", TypeInformation.of(KpiRecord.class));

    public static final OutputTag<TcaRecord> TCA = new OutputTag<>("tca", TypeInformation.of(TcaRecord.class));

    /**
     * What the gating functions send to {@code kit.dlq}, each with its reason: input that decoded but
     * that a signal or the account cannot use or whose applying threw, and a command or reference
     * profile that cannot be applied. The id is in no state, so it names the topic.
     */
    public static final OutputTag<DlqRecord> DLQ = new OutputTag<>("dlq", TypeInformation.of(DlqRecord.class));

    private Descriptors() {}
}

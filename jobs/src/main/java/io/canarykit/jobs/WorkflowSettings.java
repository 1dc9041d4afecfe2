package io.canarykit.jobs;

import io.canarykit.operators.flink.GateSettings;

/**
 * What the job graph is built with beyond its sources and sinks.
 *
 * @param gate the gating functions' settings
 * @param outOfOrdernessMs how long event time waits for out-of-order input: small live (it adds to
 *     the decision latency), large in replay (it only costs memory, and makes the output exact)
 * @param idlenessMs how long a quiet input stream may hold event time back; 0 for bounded inputs
 */
public record WorkflowSettings(GateSettings gate, long outOfOrdernessMs, long idlenessMs) {

    /** How far out of order a recorded file may be and still replay exactly. */
    public static final long REPLAY_OUT_OF_ORDERNESS_MS = 10 * 60 * 1000L;

    /** The live job's settings: the configured bound, and idle inputs not holding time back. */
    public static WorkflowSettings live(GateSettings gate, long idlenessMs) {
        return new WorkflowSettings(gate, gate.kit().outOfOrdernessMs(), idlenessMs);
    }

    /** A replay's settings: bounded inputs, read out of order up to {@link #REPLAY_OUT_OF_ORDERNESS_MS}. */
    public static WorkflowSettings replay(GateSettings gate) {
        return new WorkflowSettings(gate, REPLAY_OUT_OF_ORDERNESS_MS, 0);
    }
}

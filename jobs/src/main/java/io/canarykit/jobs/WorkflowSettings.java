package io.canarykit.jobs;

import io.canarykit.operators.flink.GateSettings;

/**
 * What the job graph is built with beyond its sources and sinks.
 *
 * @param gate the gating functions' settings
 * @param outOfOrdernessMs how long event time waits for out-of-order input: small live (it adds to
 *     the decision latency), large in replay (it only costs memory, and makes the output exact)
 * @param idlenessMs how long a quiet input stream may hold event time back; 0 for bounded inputs
 * @param bufferTimeoutMs how long a network buffer of the dense edges (the input events on their way
 *     to the symbols' gates and ledgers, the ledgers' changes to the account, and the TCA records to
 *     the rollout analysis) may wait to fill before it is sent: a few milliseconds live, where every
 *     hop adds it to the decision latency; Flink's default ({@link #FLINK_DEFAULT_BUFFER_TIMEOUT}) in
 *     replay, where only throughput counts. Live, every other edge sends each record at once
 *     ({@link #sparseBufferTimeoutMs()}).
 */
public record WorkflowSettings(GateSettings gate, long outOfOrdernessMs, long idlenessMs, long bufferTimeoutMs) {

    /** Leaves Flink's own buffer timeout (100 ms) in place. */
    public static final long FLINK_DEFAULT_BUFFER_TIMEOUT = -1;

    /**
     * The live job's buffer timeout on its dense edges. A quote crosses one of them on its way to a
     * decision (keyed by symbol, to its gate; the decision's own hops to the overlay and the sink are
     * sparse and send at once), so 5 ms keeps the worst case well inside the 50 ms goal while
     * buffers of input events still fill under load.
     */
    public static final long LIVE_BUFFER_TIMEOUT_MS = 5;

    /**
     * Live, the sparse edges (commands, profiles, account views, decisions, KPIs, statuses and
     * rejects) send each record at once: no wait, and no flusher thread of Flink's waking every few
     * milliseconds per edge and subtask to send buffers that are nearly always empty.
     */
    static final long LIVE_SPARSE_BUFFER_TIMEOUT_MS = 0;

    /** How far out of order a recorded file may be and still replay exactly. */
    public static final long REPLAY_OUT_OF_ORDERNESS_MS = 10 * 60 * 1000L;

    /**
     * The Kafka job's settings: the configured bound, idle inputs not holding time back, and on the
     * live clock the short buffer timeout.
     */
    public static WorkflowSettings live(GateSettings gate, long idlenessMs) {
        long bufferTimeoutMs = gate.clock().isLive() ? LIVE_BUFFER_TIMEOUT_MS : FLINK_DEFAULT_BUFFER_TIMEOUT;
        return new WorkflowSettings(gate, gate.kit().outOfOrdernessMs(), idlenessMs, bufferTimeoutMs);
    }

    /** The buffer timeout of the sparse edges: at once live, as the dense edges' otherwise. */
    public long sparseBufferTimeoutMs() {
        return gate.clock().isLive() && bufferTimeoutMs > 0 ? LIVE_SPARSE_BUFFER_TIMEOUT_MS : bufferTimeoutMs;
    }

    /** A replay's settings: bounded inputs, read out of order up to {@link #REPLAY_OUT_OF_ORDERNESS_MS}. */
    public static WorkflowSettings replay(GateSettings gate) {
        return new WorkflowSettings(gate, REPLAY_OUT_OF_ORDERNESS_MS, 0, FLINK_DEFAULT_BUFFER_TIMEOUT);
    }
}

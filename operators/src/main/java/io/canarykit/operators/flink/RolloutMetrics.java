package io.canarykit.operators.flink;

import io.canarykit.operators.rollout.StepEvidence;
import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The rollout's Prometheus metrics, all registered at start so dashboards and alerts find them
 * before the first rollout: its state, step and share, whether it is aborted, and one
 * {@code rollout_check} per check and verdict (labels {@code check} and {@code verdict}), 1 for each
 * check's current verdict and 0 for the others.
 */
final class RolloutMetrics {

    private RolloutState state = RolloutState.IDLE;
    private int step;
    private double share;
    private final Map<String, CheckVerdict> verdicts = new HashMap<>();

    RolloutMetrics(MetricGroup group) {
        group.gauge("rollout_state", (Gauge<Integer>) () -> code(state));
        group.gauge("rollout_step", (Gauge<Integer>) () -> state == RolloutState.IDLE ? 0 : step + 1);
        group.gauge("rollout_share", (Gauge<Double>) () -> share);
        group.gauge("rollout_aborted", (Gauge<Integer>) () -> state == RolloutState.ABORTED ? 1 : 0);
        for (String check : StepEvidence.CHECKS) {
            for (CheckVerdict verdict : CheckVerdict.values()) {
                group.addGroup("check", check).addGroup("verdict", verdict.wire())
                        .gauge("rollout_check", (Gauge<Integer>) () -> verdicts.get(check) == verdict ? 1 : 0);
            }
        }
    }

    /** Reads the metrics off {@code status}. */
    void record(RolloutStatus status) {
        state = status.state();
        step = status.step();
        share = status.share();
        verdicts.clear();
        for (RolloutCheck c : status.checks()) {
            verdicts.put(c.name(), c.verdict());
        }
    }

    /** 0 idle, 1 running, 2 paused, 3 aborted, 4 completed. */
    static int code(RolloutState s) {
        return switch (s) {
            case IDLE -> 0;
            case RUNNING -> 1;
            case PAUSED -> 2;
            case ABORTED -> 3;
            case COMPLETED -> 4;
        };
    }
}

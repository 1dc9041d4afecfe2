package io.canarykit.operators.flink;

import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.TcaRecord;
import java.util.Comparator;

/**
 * One input of the rollout analysis (exactly one field set): an operator command, one of the
 * challenger's order events, a fill's TCA record or a symbol's KPI record.
 */
public record RolloutInput(ControlCommand control, OrderEvent order, TcaRecord tca, KpiRecord kpi) {

    /** The key of the one rollout analysis: a rollout spans the whole desk. */
    public static final String KEY = "rollout";

    public static RolloutInput of(ControlCommand c) {
        return new RolloutInput(c, null, null, null);
    }

    public static RolloutInput of(OrderEvent e) {
        return new RolloutInput(null, e, null, null);
    }

    public static RolloutInput of(TcaRecord r) {
        return new RolloutInput(null, null, r, null);
    }

    public static RolloutInput of(KpiRecord k) {
        return new RolloutInput(null, null, null, k);
    }

    /** The input's own time. */
    public long ts() {
        if (control != null) {
            return control.ts();
        }
        if (order != null) {
            return order.ts();
        }
        return tca != null ? tca.ts() : kpi.ts();
    }

    /**
     * The order in which inputs of one timestamp are applied, whatever order they arrived in:
     * commands first (a rollout started at t sees the fills of t), then order events, fills (a fill's
     * first record before its final one) and KPI records, each by content.
     */
    public static final Comparator<RolloutInput> APPLY_ORDER =
            Comparator.comparingInt(RolloutInput::applyRank).thenComparing(RolloutInput::contentKey);

    private int applyRank() {
        if (control != null) {
            return 0;
        }
        if (order != null) {
            return 10 + order.event().ordinal();
        }
        return tca != null ? (tca.isFinal() ? 31 : 30) : 40;
    }

    private String contentKey() {
        if (control != null) {
            return control.id() + '|' + control.ts();
        }
        if (order != null) {
            return order.dedupKey();
        }
        if (tca != null) {
            return tca.fillKey() + '|' + tca.markoutsBps();
        }
        return kpi.symbol() + '|' + kpi.ts() + '|' + (kpi.challenger() == null ? "" : kpi.challenger().psi());
    }
}

package io.canarykit.operators.flink;

import io.canarykit.operators.flink.state.KeyedStates;
import io.canarykit.operators.flink.state.PendingEvents;
import io.canarykit.operators.flink.state.WriteBehindStates;
import io.canarykit.operators.rollout.RolloutOverlay;
import io.canarykit.operators.rollout.RolloutStatuses;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.RolloutStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Puts the rollout on each symbol's gate decisions (see {@link RolloutOverlay}), after the symbol
 * gate and keyed like it. With no rollout ever started every decision passes through unchanged.
 * Each {@code seq} is the gate's plus the number of decisions this operator has sent again for the
 * symbol, so it keeps rising.
 *
 * <p>Live, a status applies on arrival, and when the rollout's state, step or share changes every
 * symbol's last decision is sent again at once with it, so an abort reaches engines immediately. In
 * replay both inputs are held until the watermark passes their timestamp: a decision carries the
 * status in force at its time (a status and a decision of one time: the status first), so the next
 * decision of each symbol (the gate sends one at least every heartbeat while the symbol has input)
 * carries a change, and at the end of the input a symbol whose last decision predates the last
 * change is sent again with it.
 *
 * <p>Every decision the gate sends passes here and is remembered, so on RocksDB its state is held on
 * the heap in front of the backend when the operator gives it a layer ({@link KeyedStates.User}).
 */
public final class RolloutOverlayFunction
        extends KeyedBroadcastProcessFunction<String, GateDecision, RolloutStatus, GateDecision>
        implements KeyedStates.User {

    private static final long serialVersionUID = 1L;

    /** The rollout's statuses by the time they were sent; live only the latest, under {@link #LATEST}. */
    public static final MapStateDescriptor<Long, RolloutStatus> STATUSES =
            new MapStateDescriptor<>("rollout-statuses", Types.LONG, TypeInformation.of(RolloutStatus.class));

    private static final long LATEST = 0L;
    private static final ValueStateDescriptor<GateDecision> LAST_DECISION =
            new ValueStateDescriptor<>("last-gate-decision", TypeInformation.of(GateDecision.class));

    private final JobClock clock;

    private transient ValueState<GateDecision> lastDecision;
    private transient ValueState<Long> resent;
    private transient ValueState<RolloutStatus> carried;
    private transient PendingEvents<GateDecision> pending;
    private transient KeyedStates states;

    public RolloutOverlayFunction(JobClock clock) {
        this.clock = clock;
    }

    @Override
    public void useKeyedStates(KeyedStates given) {
        states = given;
    }

    @Override
    public void open(OpenContext openContext) {
        if (states == null) {
            states = KeyedStates.of(getRuntimeContext());
        }
        lastDecision = states.value(LAST_DECISION);
        resent = states.value(new ValueStateDescriptor<>("resent", Types.LONG));
        carried = states.value(new ValueStateDescriptor<>("carried-status", TypeInformation.of(RolloutStatus.class)));
        pending = PendingEvents.register(states, "pending", TypeInformation.of(GateDecision.class));
    }

    @Override
    public void processElement(GateDecision decision, ReadOnlyContext ctx, Collector<GateDecision> out)
            throws Exception {
        long ts = ctx.timestamp() == null ? decision.ts() : ctx.timestamp();
        switch (clock.admit(ts, ctx.timerService().currentWatermark())) {
            case ON_ARRIVAL -> send(decision, ctx.getBroadcastState(STATUSES).get(LATEST), out);
            case LATE -> {
                send(decision, statusAt(ts, ctx.getBroadcastState(STATUSES)), out);
                awaitEndOfInput(ctx);
            }
            case HELD -> {
                pending.hold(ts, decision, ctx.timerService());
                awaitEndOfInput(ctx);
            }
        }
    }

    /** Replay: at the end of the input, a change after the symbol's last decision is sent with it. */
    private static void awaitEndOfInput(ReadOnlyContext ctx) {
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GateDecision> out) throws Exception {
        RolloutStatus status = statusAt(timestamp, ctx.getBroadcastState(STATUSES));
        List<GateDecision> batch = new ArrayList<>(pending.release(timestamp, ctx.timerService()));
        if (batch.isEmpty()) {
            resendIfChanged(status, out);
            return;
        }
        batch.sort(Comparator.comparingLong(GateDecision::seq));
        for (GateDecision d : batch) {
            send(d, status, out);
        }
    }

    @Override
    public void processBroadcastElement(RolloutStatus status, Context ctx, Collector<GateDecision> out)
            throws Exception {
        BroadcastState<Long, RolloutStatus> statuses = ctx.getBroadcastState(STATUSES);
        if (!clock.actsOnArrival()) {
            long ts = ctx.timestamp() == null ? status.since() : ctx.timestamp();
            statuses.put(ts, status);
            dropOlderThanInForce(statuses, ctx.currentWatermark());
            return;
        }
        RolloutStatus before = statuses.get(LATEST);
        statuses.put(LATEST, status);
        if (RolloutStatuses.changesRouting(before, status)) {
            forEachSymbol(ctx, () -> resendIfChanged(status, out));
        }
    }

    /** Visits every symbol with a last decision, on the heap or only in the backend, with its key current. */
    private void forEachSymbol(Context ctx, Visit visit) throws Exception {
        if (states instanceof WriteBehindStates held) {
            held.forEachKey(LAST_DECISION, key -> {
                try {
                    visit.run();
                } catch (Exception e) {
                    throw new IllegalStateException("could not send symbol " + key + "'s last decision again", e);
                }
            });
        } else {
            ctx.applyToKeyedState(LAST_DECISION, (symbol, last) -> visit.run());
        }
    }

    /** A visit of one symbol, with its key current. */
    private interface Visit {
        void run() throws Exception;
    }

    /** Sends the gate's {@code decision} under {@code status}, and remembers both. */
    private void send(GateDecision decision, RolloutStatus status, Collector<GateDecision> out) throws Exception {
        Long extra = resent.value();
        out.collect(RolloutOverlay.apply(decision, status, decision.seq() + (extra == null ? 0 : extra)));
        lastDecision.update(decision);
        if (status != null || carried.value() != null) {
            carried.update(status);
        }
    }

    /** Sends the symbol's last decision again when {@code status} routes differently from the one it carried. */
    private void resendIfChanged(RolloutStatus status, Collector<GateDecision> out) throws Exception {
        GateDecision last = lastDecision.value();
        if (last == null || status == null || !RolloutStatuses.changesRouting(carried.value(), status)) {
            return;
        }
        Long extra = resent.value();
        long count = (extra == null ? 0 : extra) + 1;
        resent.update(count);
        out.collect(RolloutOverlay.apply(last, status, last.seq() + count));
        carried.update(status);
    }

    /** The status in force at {@code t}: the latest sent at or before it, or null. */
    private static RolloutStatus statusAt(long t, ReadOnlyBroadcastState<Long, RolloutStatus> statuses) throws Exception {
        long best = Long.MIN_VALUE;
        RolloutStatus found = null;
        for (Map.Entry<Long, RolloutStatus> e : statuses.immutableEntries()) {
            if (e.getKey() <= t && e.getKey() >= best) {
                best = e.getKey();
                found = e.getValue();
            }
        }
        return found;
    }

    /** Statuses no decision can still need: those before the one in force at the watermark. */
    private static void dropOlderThanInForce(BroadcastState<Long, RolloutStatus> statuses, long watermark)
            throws Exception {
        long inForce = Long.MIN_VALUE;
        for (Map.Entry<Long, RolloutStatus> e : statuses.immutableEntries()) {
            if (e.getKey() <= watermark && e.getKey() > inForce) {
                inForce = e.getKey();
            }
        }
        List<Long> old = new ArrayList<>();
        for (Map.Entry<Long, RolloutStatus> e : statuses.immutableEntries()) {
            if (e.getKey() < inForce) {
                old.add(e.getKey());
            }
        }
        for (Long k : old) {
            statuses.remove(k);
        }
    }
}

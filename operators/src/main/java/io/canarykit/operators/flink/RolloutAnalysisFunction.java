package io.canarykit.operators.flink;

import io.canarykit.operators.flink.state.KeyedStates;
import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.operators.flink.state.KeyedMapStore;
import io.canarykit.operators.flink.state.PendingEvents;
import io.canarykit.operators.gate.SetLimits;
import io.canarykit.operators.rollout.Rollout;
import io.canarykit.operators.rollout.RolloutStatuses;
import io.canarykit.operators.rollout.StepEvidence;
import io.canarykit.operators.signals.SlidingPercentile;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.RolloutPlan;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.JsonCodec;
import io.canarykit.schema.codec.RejectReason;
import io.canarykit.schema.codec.RolloutPlanDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automatic canary rollout, one for the whole desk (a single key, at parallelism 1): applies the
 * rollout commands, gathers the current step's evidence from the challenger's order events and the
 * symbol gate's TCA and KPI records, analyses at every {@code analysis.interval_ms} of the job's
 * clock from the rollout's start, and sends a {@link RolloutStatus} whenever it analyses or the
 * rollout changes.
 *
 * <p>Live, inputs and commands apply on arrival and the analysis follows processing time. In
 * replay everything follows event time: inputs are held until the watermark passes their timestamp
 * and applied in {@link RolloutInput#APPLY_ORDER}, and an analysis at t sees exactly the inputs
 * stamped at or before t, so two replays of the same files give the same rollout. The rollout, the
 * step's evidence and the next analysis's time are keyed state, so a restore carries on the rollout.
 */
public final class RolloutAnalysisFunction extends KeyedProcessFunction<String, RolloutInput, RolloutStatus>
        implements KeyedStates.User {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RolloutAnalysisFunction.class);

    private final GateSettings settings;

    // Given by a WriteBehindKeyedOperator before open; otherwise the backend's own states.
    private transient KeyedStates states;
    private transient JobClock clock;
    private transient ValueState<Rollout> rollout;
    private transient ValueState<StepEvidence.Totals> totals;
    private transient ValueState<Long> nextAnalysis;
    private transient ValueState<Long> analysedAt;
    private transient ValueState<Long> lastInput;
    // The variables set_limits has set, so the SLO checks need the samples the SLO gates need now.
    private transient ValueState<Map<String, String>> limitSettings;
    private transient StepEvidence.Stores stores;
    private transient PendingEvents<RolloutInput> pending;
    private transient RolloutMetrics metrics;
    // Keyed state cannot be read in open(): the metrics are read off it at the first input or timer.
    private transient boolean metricsRestored;
    private transient LogThrottle errorLog;

    public RolloutAnalysisFunction(GateSettings settings) {
        this.settings = settings;
    }

    @Override
    public void useKeyedStates(KeyedStates given) {
        states = given;
    }

    private KeyedStates states() {
        return states != null ? states : KeyedStates.of(getRuntimeContext());
    }

    @Override
    public void open(OpenContext openContext) {
        clock = settings.clock();
        KeyedStates ctx = states();
        rollout = ctx.value(new ValueStateDescriptor<>("rollout", TypeInformation.of(Rollout.class)));
        totals = ctx.value(new ValueStateDescriptor<>("step-totals", TypeInformation.of(StepEvidence.Totals.class)));
        nextAnalysis = ctx.value(new ValueStateDescriptor<>("next-analysis", Types.LONG));
        analysedAt = ctx.value(new ValueStateDescriptor<>("analysed-at", Types.LONG));
        lastInput = ctx.value(new ValueStateDescriptor<>("last-input", Types.LONG));
        limitSettings = ctx.value(new ValueStateDescriptor<>("limit-settings", Types.MAP(Types.STRING, Types.STRING)));
        stores = new StepEvidence.Stores(
                KeyedMapStore.register(ctx, "step-fills", Types.STRING, Types.INT),
                KeyedMapStore.register(ctx, "step-orders", Types.STRING, Types.INT),
                KeyedMapStore.register(ctx, "step-place-ms", Types.INT, TypeInformation.of(SlidingPercentile.Bucket.class)),
                KeyedMapStore.register(ctx, "step-psi", Types.STRING, TypeInformation.of(StepEvidence.SymbolPsi.class)));
        pending = PendingEvents.register(ctx, "pending", TypeInformation.of(RolloutInput.class));
        metrics = new RolloutMetrics(getRuntimeContext().getMetricGroup());
        errorLog = new LogThrottle(60_000);
    }

    @Override
    public void processElement(RolloutInput input, Context ctx, Collector<RolloutStatus> out) throws Exception {
        restoreMetrics();
        long ts = ctx.timestamp() == null ? input.ts() : ctx.timestamp();
        long watermark = ctx.timerService().currentWatermark();
        switch (clock.admit(ts, watermark)) {
            case ON_ARRIVAL -> apply(input, ctx.timerService().currentProcessingTime(), ctx, out);
            case LATE -> {
                noteInput(ts);
                // Late beyond the bound: applied now, at the time already reached.
                apply(input, watermark, ctx, out);
                resumeAnalysis(ctx);
            }
            case HELD -> {
                noteInput(ts);
                pending.hold(ts, input, ctx.timerService());
                resumeAnalysis(ctx);
            }
        }
    }

    /** Replay: the newest input time, which bounds how far the analyses run. */
    private void noteInput(long ts) throws Exception {
        Long last = lastInput.value();
        if (last == null || ts > last) {
            lastInput.update(ts);
        }
    }

    /** Replay: an analysis chain that stopped with the input starts again where it left off. */
    private void resumeAnalysis(Context ctx) throws Exception {
        Long due = nextAnalysis.value();
        if (due != null) {
            ctx.timerService().registerEventTimeTimer(due);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RolloutStatus> out) throws Exception {
        restoreMetrics();
        boolean clockTimer = clock.owns(ctx.timeDomain());
        if (clockTimer && ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            List<RolloutInput> batch = new ArrayList<>(pending.release(timestamp, ctx.timerService()));
            batch.sort(RolloutInput.APPLY_ORDER);
            for (RolloutInput input : batch) {
                apply(input, timestamp, ctx, out);
            }
        }
        Long due = nextAnalysis.value();
        if (clockTimer && due != null && due == timestamp) {
            analyse(timestamp, ctx, out);
        }
    }

    private void apply(RolloutInput input, long t, Context ctx, Collector<RolloutStatus> out) throws Exception {
        if (input.control() != null) {
            command(input.control(), t, ctx, out);
            return;
        }
        Rollout r = current();
        if (!r.active()) {
            return;
        }
        StepEvidence evidence = evidence(r);
        try {
            if (input.order() != null) {
                evidence.addOrder(input.order());
            } else if (input.tca() != null) {
                evidence.addTca(input.tca());
            } else {
                evidence.addKpi(input.kpi());
            }
        } catch (RuntimeException e) {
            // A record the evidence cannot take is left out of it; the rollout goes on.
            if (errorLog.offer("input", System.currentTimeMillis()).log()) {
                LOG.warn("rollout evidence left out an input it could not count: {}", e.toString());
            }
            return;
        }
        totals.update(evidence.totals());
    }

    private StepEvidence evidence(Rollout r) throws Exception {
        StepEvidence.Totals held = totals.value();
        return held == null ? StepEvidence.start(r.stepSince(), stores) : StepEvidence.restore(held, stores);
    }

    /** Applies a command at {@code t}; one that does not concern the rollout, or changes nothing, is ignored. */
    private void command(ControlCommand c, long t, Context ctx, Collector<RolloutStatus> out) throws Exception {
        if (c.type() == ControlType.SET_LIMITS) {
            setLimits(c);
            return;
        }
        Rollout before = current();
        String actor = c.actor() == null || c.actor().isBlank() ? "an operator" : c.actor();
        Rollout after;
        switch (c.type()) {
            case ROLLOUT_START -> {
                Optional<RolloutPlan> plan = plan(c, before, t, ctx);
                if (plan.isEmpty()) {
                    return;
                }
                after = Rollout.start(plan.get(), t, actor);
            }
            case ROLLOUT_PAUSE -> after = before.pause(t, actor);
            case ROLLOUT_RESUME -> after = before.resume(t, actor);
            case ROLLOUT_ABORT -> after = before.abort(t, "aborted by " + actor);
            case ROLLBACK -> after = before.rollBack(t, "rolled back by " + actor);
            case PROMOTE -> {
                if (before.state() == RolloutState.IDLE) {
                    return;
                }
                end(ctx);
                RolloutStatus idle = RolloutStatuses.idle(t, "ended by the promotion by " + actor);
                emit(idle, out);
                return;
            }
            default -> {
                return;
            }
        }
        if (after == before) {
            return;
        }
        rollout.update(after);
        if (c.type() == ControlType.ROLLOUT_START) {
            totals.update(StepEvidence.start(t, stores).totals());
            analysedAt.clear();
            schedule(t + after.plan().analysis().intervalMs(), ctx);
        } else if (!after.active()) {
            stopAnalysing(ctx);
        }
        emit(RolloutStatuses.of(after, analysedAt.value()), out);
    }

    /** Keeps what an accepted set_limits sets; the symbols' gates answer a refused one to the operator. */
    private void setLimits(ControlCommand c) throws Exception {
        SetLimits.Folded folded = SetLimits.fold(settings.kit(), limitSettingsInForce(), c);
        if (folded.applied().accepted()) {
            limitSettings.update(folded.settings());
        }
    }

    private Map<String, String> limitSettingsInForce() throws Exception {
        Map<String, String> held = limitSettings.value();
        return held == null ? Map.of() : held;
    }

    /** The plan of a start command, or empty after refusing it with a WARN line and a DLQ record. */
    private Optional<RolloutPlan> plan(ControlCommand c, Rollout before, long t, Context ctx) {
        String refusal;
        RolloutPlan plan = null;
        if (before.active()) {
            refusal = "a rollout is already " + before.state().wire() + "; abort it before starting another";
        } else {
            Optional<String> text = c.arg("plan");
            if (text.isEmpty()) {
                plan = RolloutPlan.runbook(RolloutPlan.Analysis.DEFAULT);
                refusal = null;
            } else {
                Decoded<JsonNode> json = JsonCodec.decode(text.get().getBytes(StandardCharsets.UTF_8), JsonNode.class);
                Decoded<RolloutPlan> decoded = json instanceof Decoded.Accepted<JsonNode> a
                        ? RolloutPlanDecoder.decode(a.value(), RolloutPlan.Analysis.DEFAULT, settings.kit().canaryNotionalCap())
                        : null;
                if (decoded instanceof Decoded.Accepted<RolloutPlan> p) {
                    plan = p.value();
                    refusal = null;
                } else {
                    refusal = "plan refused: " + (decoded == null ? describe(json) : describe(decoded));
                }
            }
        }
        if (refusal != null) {
            LOG.warn("rollout_start {} by {} refused: {}", c.id(), c.actor(), refusal);
            ctx.output(Descriptors.DLQ, RejectedRecords.of(c, RejectReason.INVALID_VALUE, refusal,
                    ctx.timerService().currentProcessingTime(), settings.kit().dlqMaxRawBytes()));
            return Optional.empty();
        }
        return Optional.of(plan);
    }

    private static String describe(Decoded<?> d) {
        return d instanceof Decoded.Rejected<?> r ? r.detail() : "not a plan";
    }

    /** One analysis at {@code t}: judges the step's evidence, moves the rollout on and schedules the next. */
    private void analyse(long t, OnTimerContext ctx, Collector<RolloutStatus> out) throws Exception {
        Rollout before = current();
        if (!before.active()) {
            stopAnalysing(ctx);
            return;
        }
        long next = t + before.plan().analysis().intervalMs();
        nextAnalysis.update(next);
        Long last = lastInput.value();
        // In replay the analysis only fills the time the input covers, so a finished input ends; new
        // input registers the next one again.
        if (clock.runsAheadOfInput() || (last != null && last > t)) {
            register(next, ctx);
        }
        if (before.state() != RolloutState.RUNNING) {
            return;
        }
        List<RolloutCheck> checks;
        try {
            long sloMinSamples = SetLimits.configOf(settings.kit(), limitSettingsInForce()).sloMinSamples();
            checks = evidence(before).judge(before.plan(), before.step(), sloMinSamples);
        } catch (RuntimeException e) {
            // An analysis that cannot be computed decides nothing: the rollout holds until the next one.
            if (errorLog.offer("analysis", System.currentTimeMillis()).log()) {
                LOG.error("rollout analysis at {} could not be computed; the rollout holds: {}", t, e.toString(), e);
            }
            return;
        }
        Rollout after = before.analyse(t, checks);
        rollout.update(after);
        analysedAt.update(t);
        if (after.step() != before.step()) {
            totals.update(StepEvidence.start(after.stepSince(), stores).totals());
        }
        if (!after.active()) {
            stopAnalysing(ctx);
        }
        emit(RolloutStatuses.of(after, t), out);
    }

    /** After a restore, the metrics show the restored rollout, not idle, so an alert on an abort holds. */
    private void restoreMetrics() throws Exception {
        if (!metricsRestored) {
            metricsRestored = true;
            metrics.record(RolloutStatuses.of(current(), analysedAt.value()));
        }
    }

    private void emit(RolloutStatus status, Collector<RolloutStatus> out) {
        metrics.record(status);
        out.collect(status);
    }

    private Rollout current() throws Exception {
        Rollout r = rollout.value();
        return r == null ? Rollout.IDLE : r;
    }

    private void schedule(long due, Context ctx) throws Exception {
        Long old = nextAnalysis.value();
        if (old != null) {
            unregister(old, ctx);
        }
        nextAnalysis.update(due);
        register(due, ctx);
    }

    /** A rollout that stopped needs no analysis, and its evidence goes. */
    private void stopAnalysing(Context ctx) throws Exception {
        Long old = nextAnalysis.value();
        if (old != null) {
            unregister(old, ctx);
        }
        nextAnalysis.clear();
        StepEvidence.start(0, stores);
        totals.clear();
    }

    /** Promotion ends the rollout: back to idle, the operator's manual share. */
    private void end(Context ctx) throws Exception {
        stopAnalysing(ctx);
        rollout.clear();
        analysedAt.clear();
    }

    private void register(long due, Context ctx) {
        clock.register(ctx.timerService(), due);
    }

    private void unregister(long due, Context ctx) {
        // In replay a timer at the same time may also release held input, so only the live one goes.
        if (clock.actsOnArrival()) {
            clock.delete(ctx.timerService(), due);
        }
    }
}

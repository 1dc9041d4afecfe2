package io.canarykit.jobs;

import io.canarykit.jobs.decode.ClockSkewCheck;
import io.canarykit.jobs.decode.DecodeInput;
import io.canarykit.jobs.dlq.DlqAccounting;
import io.canarykit.jobs.io.GatingSinks;
import io.canarykit.jobs.io.GatingSources;
import io.canarykit.jobs.io.RawInput;
import io.canarykit.operators.flink.AccountEvent;
import io.canarykit.operators.flink.AccountRiskFunction;
import io.canarykit.operators.flink.BroadcastEvent;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.Descriptors;
import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.operators.flink.RolloutAnalysisFunction;
import io.canarykit.operators.flink.RolloutInput;
import io.canarykit.operators.flink.RolloutOverlayFunction;
import io.canarykit.operators.flink.SymbolEventSerializer;
import io.canarykit.operators.flink.SymbolGateFunction;
import io.canarykit.operators.flink.SymbolLedgerFunction;
import io.canarykit.operators.flink.WriteBehindBroadcastOperator;
import io.canarykit.operators.flink.WriteBehindKeyedOperator;
import io.canarykit.operators.flink.WriteBehindSettings;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.Feed;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.RolloutStatus;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.InputDecoder;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The gating job's graph, independent of where its inputs come from and its outputs go: the Kafka
 * job, {@code kit replay} and the tests all call {@link #define}.
 *
 * <pre>
 * market, features, orders ─ decode ─ event time ─ keyBy(symbol) ─┐
 *                                                                 ├─ symbol gate ─ decisions ─ rollout overlay ─ decisions
 * fills, primary mids, risk commands ─ keyBy(_global) ─ account ─ account views ┘     │ KPIs, TCA     ▲ (broadcast)
 * control, reference profiles ─ decode ─ (broadcast, with the account views) ┘        ▼               │
 * rollout commands, the challenger's order events ─ keyBy(rollout) ─ rollout analysis ─ rollout statuses
 * every decoder and operator ─ rejected input ─ count and log ─ DLQ
 * </pre>
 */
public final class GatingWorkflow {

    /**
     * The stateful operators' ids carry their state layout's version: a savepoint whose state an
     * operator can no longer read is refused by name (the operator is "not available in the new
     * program") rather than restored into a wrong reading. See docs/deploy.md.
     */
    static final String SYMBOL_GATE_UID = "symbol-gate-5";
    static final String ACCOUNT_RISK_UID = "account-risk-5";
    static final String SYMBOL_LEDGER_UID = "symbol-ledger-1";
    /** Each symbol's share of the account's work, in the job graph. */
    public static final String SYMBOL_LEDGER_NAME = "Symbol ledger";
    /** The symbol gate's name in the job graph, as Flink's web UI and REST API show it. */
    public static final String SYMBOL_GATE_NAME = "Symbol gate";
    /**
     * Keys (symbols) whose state one subtask of the gate, the ledger, the account or the rollout
     * analysis keeps on the heap in front of RocksDB, the most recently used; a key beyond them is
     * written to RocksDB when it leaves and read again when it returns.
     */
    static final int KEYS_ON_HEAP = 10_000;
    /**
     * Live, over how long the changed keys held on the heap are written to RocksDB between
     * checkpoints, so that a checkpoint's barrier finds about a second of change to write instead of
     * a whole interval's, which would hold every event queued behind it.
     */
    static final Duration LIVE_WRITE_SPREAD = Duration.ofSeconds(1);
    /** The account operator's name in the job graph. */
    public static final String ACCOUNT_RISK_NAME = "Account risk budget";
    static final String ROLLOUT_ANALYSIS_UID = "rollout-analysis-1";
    static final String ROLLOUT_OVERLAY_UID = "rollout-overlay-1";

    /**
     * An empty {@code kit.reference} is its normal state, so that stream never holds event time back
     * for long, even when the job waits for every other quiet stream ({@code --idleness-ms 0}): a
     * profile that arrives after event time has passed its {@code ts} holds from its arrival.
     */
    static final long REFERENCE_IDLENESS_MS = 1_000;

    private GatingWorkflow() {}

    /** Adds the job to {@code env}, reading from {@code sources} and writing to {@code sinks}. */
    public static void define(
            StreamExecutionEnvironment env, GatingSources sources, GatingSinks sinks, WorkflowSettings settings) {
        GateSettings gate = settings.gate();
        int maxRaw = gate.kit().dlqMaxRawBytes();
        // Every record the graph passes on is immutable, so chained operators can share it; without
        // this Flink copies each record, field by field, at every hop inside a chain.
        env.getConfig().enableObjectReuse();
        if (settings.bufferTimeoutMs() != WorkflowSettings.FLINK_DEFAULT_BUFFER_TIMEOUT) {
            // Every edge but the dense ones (dense(...) below) sends each record at once.
            env.setBufferTimeout(settings.sparseBufferTimeoutMs());
        }
        if (gate.clock().isLive()) {
            // An aligned checkpoint holds an operator's other inputs until the slowest brings its
            // barrier. Unaligned, the ledger and the account do not wait; the gate and the overlay,
            // which have a broadcast input, are aligned all the same (see CheckpointAlignment).
            env.getCheckpointConfig().enableUnalignedCheckpoints(true);
        }

        // Live, a quote stamped ahead of the clock would hold staleness at zero: it is refused as future_ts.
        ClockSkewCheck<MarketQuote> quoteClock = gate.clock().isLive()
                ? new ClockSkewCheck<>(MarketQuote::ts, gate.kit().maxClockSkewMs()) : null;
        SingleOutputStreamOperator<MarketQuote> market =
                decode(sources.market(env), InputDecoder::market, MarketQuote.class, "market", maxRaw, quoteClock);
        SingleOutputStreamOperator<FeatureVector> features =
                decode(sources.features(env), InputDecoder::features, FeatureVector.class, "features", maxRaw, null);
        SingleOutputStreamOperator<OrderEvent> orders =
                decode(sources.orders(env), InputDecoder::order, OrderEvent.class, "orders", maxRaw, null);
        SingleOutputStreamOperator<ControlCommand> control =
                decode(sources.control(env), InputDecoder::control, ControlCommand.class, "control", maxRaw, null);
        control.setParallelism(1);
        DataStream<RawInput> rawReference = sources.reference(env);
        SingleOutputStreamOperator<ReferenceProfile> reference = rawReference == null ? null
                : decode(rawReference, InputDecoder::referenceUpdate, ReferenceProfile.class, "reference", maxRaw, null);

        DataStream<MarketQuote> timedMarket = inEventTime(market, MarketQuote::ts, settings, "market");
        DataStream<FeatureVector> timedFeatures = inEventTime(features, FeatureVector::ts, settings, "features");
        DataStream<OrderEvent> timedOrders = inEventTime(orders, OrderEvent::ts, settings, "orders");
        DataStream<ControlCommand> timedControl = inEventTime(control, ControlCommand::ts, settings, "control");

        SingleOutputStreamOperator<AccountEvent> accountChanges = symbolLedgers(timedMarket, timedOrders, settings);
        SingleOutputStreamOperator<AccountView> accountViews = accountViews(accountChanges, timedControl, gate);

        DataStream<BroadcastEvent> broadcastEvents = timedControl
                .map(BroadcastEvent::of)
                .returns(BroadcastEvent.class)
                .uid("control-to-broadcast")
                .name("control to broadcast")
                .setParallelism(1)
                .union(accountViews
                        .map(BroadcastEvent::of)
                        .returns(BroadcastEvent.class)
                        .uid("account-to-broadcast")
                        .name("account view to broadcast")
                        .setParallelism(1));
        if (reference != null) {
            reference.setParallelism(1);
            broadcastEvents = broadcastEvents.union(
                    inEventTime(reference, ReferenceProfile::ts, settings,
                            Math.max(settings.idlenessMs(), REFERENCE_IDLENESS_MS), "reference")
                            .map(BroadcastEvent::of)
                            .returns(BroadcastEvent.class)
                            .uid("reference-to-broadcast")
                            .name("reference profile to broadcast")
                            .setParallelism(1));
        }
        // What process(...) on a broadcast stream builds, with Flink's operator subclassed so that the
        // gate's keyed state lives on the heap in front of RocksDB (WriteBehindBroadcastOperator).
        DataStream<BroadcastEvent> broadcast = broadcastEvents.broadcast();

        DataStream<SymbolEvent> symbolEvents = dense(timedMarket
                .map(SymbolEvent::of)
                .returns(SymbolEventSerializer.TYPE)
                .uid("market-to-symbol")
                .name("quote to symbol event"), settings)
                .union(
                        dense(timedFeatures.map(SymbolEvent::of)
                                .returns(SymbolEventSerializer.TYPE)
                                .uid("features-to-symbol")
                                .name("features to symbol event"), settings),
                        dense(timedOrders.map(SymbolEvent::of)
                                .returns(SymbolEventSerializer.TYPE)
                                .uid("orders-to-symbol")
                                .name("order to symbol event"), settings));

        SingleOutputStreamOperator<GateDecision> decisions = symbolEvents
                .keyBy(SymbolEvent::symbol)
                .connect(broadcast)
                .transform(SYMBOL_GATE_NAME, TypeInformation.of(GateDecision.class),
                        new WriteBehindBroadcastOperator<>(new SymbolGateFunction(gate),
                                List.of(Descriptors.CONTROL_TIMELINE, Descriptors.ACCOUNT_TIMELINE,
                                        Descriptors.REFERENCE_TIMELINE),
                                heapLayer(gate)))
                .uid(SYMBOL_GATE_UID)
                .name(SYMBOL_GATE_NAME);

        SingleOutputStreamOperator<RolloutStatus> rolloutStatuses =
                rolloutAnalysis(timedControl, timedOrders, decisions, settings);
        // Every decision passes the overlay and is remembered there: its state too is held on the heap.
        SingleOutputStreamOperator<GateDecision> decided = DataStreamUtils
                .reinterpretAsKeyedStream(decisions, GateDecision::symbol, Types.STRING)
                .connect(rolloutStatuses.broadcast())
                .transform("Rollout overlay", TypeInformation.of(GateDecision.class),
                        new WriteBehindBroadcastOperator<>(new RolloutOverlayFunction(gate.clock()),
                                List.of(RolloutOverlayFunction.STATUSES), heapLayer(gate)))
                .uid(ROLLOUT_OVERLAY_UID)
                .name("Rollout overlay")
                .setParallelism(decisions.getParallelism());

        sinks.decisions(decided);
        sinks.kpis(decisions.getSideOutput(Descriptors.KPIS).union(accountViews.getSideOutput(Descriptors.KPIS)));
        sinks.tca(decisions.getSideOutput(Descriptors.TCA));
        DataStream<DlqRecord> rejected = market.getSideOutput(DecodeInput.DLQ).union(
                features.getSideOutput(DecodeInput.DLQ),
                orders.getSideOutput(DecodeInput.DLQ),
                control.getSideOutput(DecodeInput.DLQ),
                decisions.getSideOutput(Descriptors.DLQ),
                rolloutStatuses.getSideOutput(Descriptors.DLQ),
                accountChanges.getSideOutput(Descriptors.DLQ),
                accountViews.getSideOutput(Descriptors.DLQ));
        if (reference != null) {
            rejected = rejected.union(reference.getSideOutput(DecodeInput.DLQ));
        }
        sinks.dlq(rejected.process(new DlqAccounting())
                .returns(DlqRecord.class)
                .uid("dlq-accounting")
                .name("count and log DLQ records"));
    }

    /**
     * The rollout analysis: one operator for the desk, fed by the rollout's commands, the challenger's
     * order events (for its SLO) and the symbol gate's TCA and KPI records.
     */
    private static SingleOutputStreamOperator<RolloutStatus> rolloutAnalysis(DataStream<ControlCommand> control,
            DataStream<OrderEvent> orders, SingleOutputStreamOperator<GateDecision> decisions, WorkflowSettings settings) {
        GateSettings gate = settings.gate();
        DataStream<RolloutInput> commands = control
                .filter(c -> ROLLOUT_COMMANDS.contains(c.type()))
                .uid("rollout-commands")
                .name("rollout commands")
                .setParallelism(1)
                .map(RolloutInput::of)
                .returns(RolloutInput.class)
                .uid("command-to-rollout")
                .name("command to rollout input")
                .setParallelism(1);
        DataStream<RolloutInput> challengerOrders = orders
                .filter(o -> o.canary() && o.event() != OrderEventType.FILL && o.event() != OrderEventType.CANCELED)
                .uid("challenger-orders")
                .name("challenger order events")
                .map(RolloutInput::of)
                .returns(RolloutInput.class)
                .uid("order-to-rollout")
                .name("order to rollout input");
        // Two TCA records per fill (at the fill, and final with its markouts) and a KPI record per symbol
        // and second: dense, and the analysis judges over minutes, so they batch as the input events do
        // rather than wake it per record (a gate of 1,000 symbols sends a thousand KPI records a second).
        DataStream<RolloutInput> fills = dense(decisions.getSideOutput(Descriptors.TCA)
                .map(RolloutInput::of)
                .returns(RolloutInput.class)
                .uid("tca-to-rollout")
                .name("TCA to rollout input"), settings);
        DataStream<RolloutInput> kpis = dense(decisions.getSideOutput(Descriptors.KPIS)
                .map(RolloutInput::of)
                .returns(RolloutInput.class)
                .uid("kpi-to-rollout")
                .name("KPI to rollout input"), settings);
        return commands.union(challengerOrders, fills, kpis)
                .keyBy(i -> RolloutInput.KEY, Types.STRING)
                .transform("Rollout analysis", TypeInformation.of(RolloutStatus.class),
                        new WriteBehindKeyedOperator<>(new RolloutAnalysisFunction(gate), heapLayer(gate)))
                .uid(ROLLOUT_ANALYSIS_UID)
                .name("Rollout analysis")
                .setParallelism(1)
                .setMaxParallelism(1);
    }

    /** The commands the rollout analysis acts on: its own, and set_limits for the SLO minimum it judges with. */
    private static final EnumSet<ControlType> ROLLOUT_COMMANDS = EnumSet.of(ControlType.ROLLOUT_START,
            ControlType.ROLLOUT_PAUSE, ControlType.ROLLOUT_RESUME, ControlType.ROLLOUT_ABORT, ControlType.ROLLBACK,
            ControlType.PROMOTE, ControlType.SET_LIMITS);

    /**
     * Each symbol's ledger, keyed by symbol beside its gate: its order events and primary mids in,
     * what they change on the account out (SLO facts, and the position changes of fills and of the
     * mids of held positions), so the one account operator is not sent every primary mid.
     */
    private static SingleOutputStreamOperator<AccountEvent> symbolLedgers(
            DataStream<MarketQuote> market, DataStream<OrderEvent> orders, WorkflowSettings settings) {
        GateSettings gate = settings.gate();
        DataStream<SymbolEvent> marks = dense(market
                .filter(q -> q.feed() == Feed.PRIMARY)
                .uid("primary-quotes")
                .name("primary quotes")
                .map(SymbolEvent::of)
                .returns(SymbolEventSerializer.TYPE)
                .uid("mark-to-ledger")
                .name("primary mid to ledger event"), settings);
        return dense(dense(orders
                .map(SymbolEvent::of)
                .returns(SymbolEventSerializer.TYPE)
                .uid("order-to-ledger")
                .name("order to ledger event"), settings)
                .union(marks)
                .keyBy(SymbolEvent::symbol)
                .transform(SYMBOL_LEDGER_NAME, TypeInformation.of(AccountEvent.class),
                        new WriteBehindKeyedOperator<>(new SymbolLedgerFunction(gate), heapLayer(gate)))
                .uid(SYMBOL_LEDGER_UID)
                .name(SYMBOL_LEDGER_NAME), settings);
    }

    /**
     * An operator whose network output is dense (the input events, a record per event, the ledgers'
     * changes, and the TCA and KPI records on their way to the rollout analysis): its buffers fill for
     * up to the dense edges' timeout before they are sent.
     */
    private static <T> SingleOutputStreamOperator<T> dense(SingleOutputStreamOperator<T> operator,
            WorkflowSettings settings) {
        if (settings.bufferTimeoutMs() != WorkflowSettings.FLINK_DEFAULT_BUFFER_TIMEOUT) {
            operator.setBufferTimeout(settings.bufferTimeoutMs());
        }
        return operator;
    }

    /** The account operator: one desk-wide budget and SLO fed by the symbols' ledgers and the risk commands. */
    private static SingleOutputStreamOperator<AccountView> accountViews(
            DataStream<AccountEvent> changes, DataStream<ControlCommand> control, GateSettings gate) {
        DataStream<AccountEvent> commands = control
                .filter(c -> c.type() == ControlType.RISK_RESET || c.type() == ControlType.SET_LIMITS
                        || c.type() == ControlType.REFRESH)
                .uid("risk-commands")
                .name("risk commands")
                .setParallelism(1)
                .map(AccountEvent::control)
                .returns(AccountEvent.class)
                .uid("command-to-account")
                .name("command to account event")
                .setParallelism(1);
        return changes.union(commands)
                .keyBy(e -> AccountEvent.ACCOUNT_KEY)
                .transform(ACCOUNT_RISK_NAME, TypeInformation.of(AccountView.class),
                        new WriteBehindKeyedOperator<>(new AccountRiskFunction(gate), heapLayer(gate)))
                .uid(ACCOUNT_RISK_UID)
                .name(ACCOUNT_RISK_NAME);
    }

    private static <T> SingleOutputStreamOperator<T> decode(DataStream<RawInput> raw,
            SerializableFunction<byte[], Decoded<T>> decoder, Class<T> type, String id, int maxRawBytes,
            ClockSkewCheck<T> clockCheck) {
        return raw.process(new DecodeInput<>(decoder, maxRawBytes, clockCheck))
                .returns(TypeInformation.of(type))
                .uid("decode-" + id)
                .name("decode " + id);
    }

    /**
     * Event time from the record's own timestamp, waiting for out-of-order records up to the
     * configured bound, and not holding time back for a stream that has gone quiet.
     */
    private static <T> DataStream<T> inEventTime(
            SingleOutputStreamOperator<T> decoded,
            SerializableFunction<T, Long> ts,
            WorkflowSettings settings,
            String id) {
        return inEventTime(decoded, ts, settings, settings.idlenessMs(), id);
    }

    private static <T> DataStream<T> inEventTime(
            SingleOutputStreamOperator<T> decoded,
            SerializableFunction<T, Long> ts,
            WorkflowSettings settings,
            long idlenessMs,
            String id) {
        SerializableTimestampAssigner<T> assigner = (record, previous) -> ts.apply(record);
        WatermarkStrategy<T> strategy = WatermarkStrategy
                .<T>forBoundedOutOfOrderness(Duration.ofMillis(settings.outOfOrdernessMs()))
                .withTimestampAssigner(assigner);
        if (idlenessMs > 0) {
            strategy = strategy.withIdleness(Duration.ofMillis(idlenessMs));
        }
        SingleOutputStreamOperator<T> timed = decoded.assignTimestampsAndWatermarks(strategy)
                .uid("event-time-" + id)
                .name("event time " + id);
        return timed.setParallelism(decoded.getParallelism());
    }

    /** Live, changes are spread between checkpoints; replay takes none, so keys are written only as they leave the heap. */
    static WriteBehindSettings heapLayer(GateSettings gate) {
        return gate.clock().isLive()
                ? WriteBehindSettings.spreadOver(KEYS_ON_HEAP, LIVE_WRITE_SPREAD)
                : WriteBehindSettings.atCheckpoints(KEYS_ON_HEAP);
    }
}

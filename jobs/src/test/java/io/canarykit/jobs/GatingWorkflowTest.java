package io.canarykit.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.jobs.io.KafkaGatingSinks;
import io.canarykit.jobs.io.KafkaGatingSources;
import io.canarykit.jobs.testing.DeskGates;
import io.canarykit.operators.flink.GateSettings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;
import org.junit.jupiter.api.Test;

class GatingWorkflowTest {

    private static final KitConfig KIT = KitConfig.defaults();

    /**
     * The operators whose network output is a record per input event, per ledger change, per TCA record
     * or per symbol's KPI record.
     */
    private static final Set<String> DENSE = Set.of("quote to symbol event", "features to symbol event",
            "order to symbol event", "primary mid to ledger event", "order to ledger event", "Symbol ledger",
            "TCA to rollout input", "KPI to rollout input");

    @Test
    void liveGraphSendsDenseBuffersWithinFiveMillisecondsAndEveryOtherRecordAtOnce() {
        Map<String, Long> timeouts = bufferTimeoutsByOperator(DeskGates.live(KIT));

        assertThat(timeouts).containsKeys(DENSE.toArray(String[]::new));
        timeouts.forEach((operator, timeout) ->
                assertThat(timeout).as(operator).isEqualTo(DENSE.contains(operator) ? 5L : 0L));
        // The sparse edges include the decisions' way out and every command's way in.
        assertThat(timeouts).containsEntry("Symbol gate", 0L).containsEntry("Rollout overlay", 0L)
                .containsEntry("control to broadcast", 0L).containsEntry("account view to broadcast", 0L)
                .containsEntry("Account risk budget", 0L).containsEntry("Rollout analysis", 0L);
    }

    @Test
    void eventClockGraphKeepsFlinksDefaultBufferTimeout() {
        assertThat(bufferTimeouts(DeskGates.replay(KIT))).containsOnly(100L);
    }

    @Test
    void liveGraphCheckpointsWithoutAligningItsInputs() {
        assertThat(defined(DeskGates.live(KIT)).getCheckpointConfig().isUnalignedCheckpointsEnabled()).isTrue();
        assertThat(defined(DeskGates.replay(KIT)).getCheckpointConfig().isUnalignedCheckpointsEnabled()).isFalse();
    }

    /**
     * Why {@link CheckpointAlignment} exists: Flink aligns every input of an operator with a broadcast
     * input, unaligned checkpoints or not, so a command on the gate's broadcast waits for the barriers
     * of its keyed input; the ledger and the account, with none, checkpoint unaligned.
     */
    @Test
    void theGateAndTheOverlayAreAlignedWhateverTheJobAsksAndTheAccountIsNot() {
        StreamGraph graph = defined(DeskGates.live(KIT)).getStreamGraph();
        for (String aligned : List.of("Symbol gate", "Rollout overlay")) {
            assertThat(node(graph, aligned).getInEdges()).as(aligned).isNotEmpty()
                    .noneMatch(StreamEdge::supportsUnalignedCheckpoints);
        }
        for (String unaligned : List.of("Symbol ledger", "Account risk budget")) {
            assertThat(node(graph, unaligned).getInEdges()).as(unaligned).isNotEmpty()
                    .allMatch(StreamEdge::supportsUnalignedCheckpoints);
        }
    }

    @Test
    void theLiveJobBoundsHowLongAnAlignedCheckpointHoldsItsInputs() throws Exception {
        Configuration conf = GatingJob.flinkConfig(GatingJobOptions.parse(new String[] {"--champion", "m1"}, Map.of()));
        CheckpointAlignment.settings().forEach((key, value) -> assertThat(conf.getString(key, null)).as(key).isEqualTo(value));
    }

    @Test
    void theRolloutOverlayTakesTheGatesDecisionsOverAForwardEdgeAndTheAnalysisRunsOnce() {
        StreamExecutionEnvironment env = defined(DeskGates.live(KIT));
        env.setParallelism(4);
        StreamGraph graph = env.getStreamGraph();
        StreamNode overlay = node(graph, "Rollout overlay");
        StreamNode analysis = node(graph, "Rollout analysis");
        assertThat(overlay.getTransformationUID()).isEqualTo(GatingWorkflow.ROLLOUT_OVERLAY_UID);
        assertThat(analysis.getTransformationUID()).isEqualTo(GatingWorkflow.ROLLOUT_ANALYSIS_UID);
        assertThat(analysis.getParallelism()).isEqualTo(1);
        // Keyed as the gate is, so the decisions need no shuffle: a forward edge at the gate's parallelism
        // (a local channel; an operator with a second, broadcast input does not chain to its upstream).
        StreamEdge fromGate = overlay.getInEdges().stream()
                .filter(e -> graph.getStreamNode(e.getSourceId()).getOperatorName().equals("Symbol gate"))
                .findFirst().orElseThrow();
        assertThat(fromGate.getPartitioner()).isInstanceOf(ForwardPartitioner.class);
        assertThat(overlay.getParallelism()).isEqualTo(node(graph, "Symbol gate").getParallelism());
    }

    /**
     * One source reads the three input feeds (one consumer and fetch loop per subtask), and every
     * feed's decoding runs in its task; commands and reference profiles keep their own readers.
     */
    @Test
    void theKafkaJobReadsItsThreeFeedsWithOneSourceThatDecodesEachInItsOwnTask() {
        StreamGraph graph = defined(DeskGates.live(KIT)).getStreamGraph();
        List<String> sources = graph.getSourceIDs().stream().map(id -> graph.getStreamNode(id).getOperatorName()).toList();
        assertThat(sources).containsExactlyInAnyOrder("Source: Kafka kit.market, kit.features, kit.orders",
                "Source: Kafka kit.control", "Source: Kafka kit.reference");

        List<JobVertex> reading = graph.getJobGraph().getVerticesSortedTopologicallyFromSources().stream()
                .filter(v -> v.getName().contains("kit.market") || v.getName().contains("decode")).toList();
        assertThat(reading).extracting(JobVertex::getName).filteredOn(n -> n.contains("decode market")).singleElement()
                .asString().contains("Source: Kafka kit.market", "split feeds", "decode features", "decode orders");
    }

    private static StreamNode node(StreamGraph graph, String name) {
        return graph.getStreamNodes().stream().filter(n -> n.getOperatorName().equals(name)).findFirst().orElseThrow();
    }

    private static StreamExecutionEnvironment defined(GateSettings gate) {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "10 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // Sources and sinks are only built here, never run, so no broker is needed.
        GatingWorkflow.define(env, new KafkaGatingSources("127.0.0.1:1", "graph-test"),
                new KafkaGatingSinks("127.0.0.1:1", gate.kit().dlqMaxRawBytes()), WorkflowSettings.live(gate, 1_000));
        return env;
    }

    private static Map<String, Long> bufferTimeoutsByOperator(GateSettings gate) {
        Map<String, Long> timeouts = new HashMap<>();
        for (StreamNode node : defined(gate).getStreamGraph().getStreamNodes()) {
            timeouts.put(node.getOperatorName(), node.getBufferTimeout());
        }
        return timeouts;
    }

    private static Set<Long> bufferTimeouts(GateSettings gate) {
        StreamExecutionEnvironment env = defined(gate);
        Set<Long> timeouts = new HashSet<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            timeouts.add(node.getBufferTimeout());
        }
        return timeouts;
    }
}

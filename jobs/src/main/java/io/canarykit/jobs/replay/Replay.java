package io.canarykit.jobs.replay;

import io.canarykit.jobs.StateBackendConfig;
import io.canarykit.jobs.GatingWorkflow;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.jobs.io.CountRead;
import io.canarykit.jobs.io.FileGatingSources;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.codec.JsonCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the gating job graph over JSONL files on a local mini-cluster, in event time, and brings its
 * outputs back in a stable order: the same input always gives the same files.
 */
public final class Replay {

    /** Output file names, as the contract gives them. */
    public static final String DECISIONS = "gate-decisions.jsonl";
    public static final String KPIS = "kpis.jsonl";
    public static final String TCA = "tca.jsonl";
    public static final String DLQ = "dlq.jsonl";

    private static final Comparator<GateDecision> DECISION_ORDER = Comparator.comparing(GateDecision::symbol)
            .thenComparingLong(GateDecision::ts).thenComparingLong(GateDecision::seq);
    private static final Comparator<KpiRecord> KPI_ORDER = Comparator.comparing(KpiRecord::symbol)
            .thenComparingLong(KpiRecord::ts);
    // A fill's record at the fill comes before its final one, and an order's fills of one ts stay apart.
    private static final Comparator<TcaRecord> TCA_ORDER = Comparator.comparingLong(TcaRecord::ts)
            .thenComparing(TcaRecord::orderId).thenComparing(TcaRecord::fillKey).thenComparing(TcaRecord::isFinal);
    private static final Comparator<DlqRecord> DLQ_ORDER = Comparator.comparing(DlqRecord::topic)
            .thenComparing(d -> d.offset() == null ? -1L : d.offset());

    private final ReplayInputs inputs;
    private final WorkflowSettings settings;
    private final int parallelism;
    private final String stateBackend;
    private final PrintStream progress;

    /**
     * @param parallelism parallelism of the local mini-cluster
     * @param stateBackend {@code rocksdb} or {@code hashmap}
     * @param progress where progress lines go (stderr for the command line), or null for none
     */
    public Replay(ReplayInputs inputs, WorkflowSettings settings, int parallelism, String stateBackend, PrintStream progress) {
        this.inputs = inputs;
        this.settings = settings;
        this.parallelism = parallelism;
        this.stateBackend = stateBackend;
        this.progress = progress;
    }

    /** Runs the replay and returns its outputs, sorted. */
    public ReplayResult run() throws Exception {
        long eventsIn = countLines(inputs.market()) + countLines(inputs.features()) + countLines(inputs.orders())
                + (inputs.control() == null ? 0 : countLines(inputs.control()));
        Configuration conf = new Configuration();
        StateBackendConfig.use(conf, stateBackend);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        Path scratch = Files.createTempDirectory("kit-replay");
        try {
            CollectingSinks sinks = new CollectingSinks(scratch);
            GatingWorkflow.define(env, new FileGatingSources(inputs.market(), inputs.features(), inputs.orders(),
                    inputs.control()), sinks, settings);
            long start = System.nanoTime();
            JobClient job = env.executeAsync("Canary Kit replay");
            var finished = job.getJobExecutionResult();
            while (!finished.isDone()) {
                Thread.sleep(200);
                report(eventsIn, job, start);
            }
            finished.get();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            return new ReplayResult(
                    eventsIn,
                    elapsedMs,
                    sorted(sinks.read("decisions", GateDecision.class), DECISION_ORDER),
                    sorted(sinks.read("kpis", KpiRecord.class), KPI_ORDER),
                    sorted(sinks.read("tca", TcaRecord.class), TCA_ORDER),
                    sorted(sinks.read("dlq", DlqRecord.class), DLQ_ORDER));
        } finally {
            deleteTree(scratch);
        }
    }

    /** Writes the four output files into {@code dir}, one JSON record a line. */
    public static void write(ReplayResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeLines(dir.resolve(DECISIONS), result.decisions());
        writeLines(dir.resolve(KPIS), result.kpis());
        writeLines(dir.resolve(TCA), result.tca());
        writeLines(dir.resolve(DLQ), result.dlq());
    }

    private long lastReport;

    /** About once a second: input records read, as a share of all input lines, and the read rate. */
    private void report(long eventsIn, JobClient job, long start) {
        long now = System.nanoTime();
        if (progress == null || now - lastReport < 1_000_000_000L) {
            return;
        }
        lastReport = now;
        long read;
        try {
            Object value = job.getAccumulators().get(2, TimeUnit.SECONDS).get(CountRead.ACCUMULATOR);
            read = value instanceof Number n ? n.longValue() : 0;
        } catch (Exception e) {
            return; // the job is finishing; the summary follows
        }
        double seconds = (now - start) / 1e9;
        progress.printf("replay: %,d of %,d events read (%.0f%%), %,.0f events/s%n",
                read, eventsIn, eventsIn == 0 ? 100.0 : 100.0 * read / eventsIn, read / Math.max(seconds, 1e-3));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static <T> List<T> sorted(List<T> records, Comparator<T> order) {
        // Ties (rare: two records of one key and time) fall back to the JSON text, so the order is total.
        Comparator<T> total = order.thenComparing(r -> new String(JsonCodec.encode(r), StandardCharsets.UTF_8));
        List<T> copy = new ArrayList<>(records);
        copy.sort(total);
        return copy;
    }

    private static void writeLines(Path file, List<?> records) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Object r : records) {
                w.write(new String(JsonCodec.encode(r), StandardCharsets.UTF_8));
                w.write('\n');
            }
        }
    }

    private static long countLines(Path file) throws IOException {
        long n = 0;
        byte[] buf = new byte[1 << 16];
        boolean sawAny = false;
        byte last = '\n';
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buf)) > 0) {
                sawAny = true;
                for (int i = 0; i < read; i++) {
                    if (buf[i] == '\n') {
                        n++;
                    }
                }
                last = buf[read - 1];
            }
        }
        return sawAny && last != '\n' ? n + 1 : n;
    }
}

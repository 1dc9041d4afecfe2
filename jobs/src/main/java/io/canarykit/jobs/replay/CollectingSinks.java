package io.canarykit.jobs.replay;

import io.canarykit.jobs.io.GatingSinks;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.codec.JsonCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Writes the job's outputs to part files in a scratch directory and reads them back once the job ends. */
final class CollectingSinks implements GatingSinks {

    private final Path dir;

    CollectingSinks(Path dir) {
        this.dir = dir;
    }

    @Override
    public void decisions(DataStream<GateDecision> stream) {
        stream.sinkTo(new JsonLinesSink<>(dir, "decisions")).uid("collect-decisions").name("collect decisions");
    }

    @Override
    public void kpis(DataStream<KpiRecord> stream) {
        stream.sinkTo(new JsonLinesSink<>(dir, "kpis")).uid("collect-kpis").name("collect KPIs");
    }

    @Override
    public void tca(DataStream<TcaRecord> stream) {
        stream.sinkTo(new JsonLinesSink<>(dir, "tca")).uid("collect-tca").name("collect TCA");
    }

    @Override
    public void dlq(DataStream<DlqRecord> stream) {
        stream.sinkTo(new JsonLinesSink<>(dir, "dlq")).uid("collect-dlq").name("collect DLQ");
    }

    /** Every record written under {@code name}, from all parts. */
    <T> List<T> read(String name, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        try (Stream<Path> parts = Files.list(dir)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith(name + "-")).toList()) {
                try (BufferedReader r = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        out.add(JsonCodec.decode(line.getBytes(StandardCharsets.UTF_8), type).value());
                    }
                }
            }
        }
        return out;
    }
}

package io.canarykit.jobs.io;

import io.canarykit.schema.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's inputs from JSONL files, one record a line, as bounded sources: what {@code kit replay}
 * reads. A missing control file means no commands (replay then starts armed, preflight passed).
 */
public final class FileGatingSources implements GatingSources {

    private final Path market;
    private final Path features;
    private final Path orders;
    private final Path control;
    private final Path reference;

    public FileGatingSources(Path market, Path features, Path orders, Path control) {
        this(market, features, orders, control, null);
    }

    /** As {@link #FileGatingSources(Path, Path, Path, Path)}, with {@code reference} records (null for none). */
    public FileGatingSources(Path market, Path features, Path orders, Path control, Path reference) {
        this.market = require(market, "market");
        this.features = require(features, "features");
        this.orders = require(orders, "orders");
        this.control = control;
        this.reference = reference;
    }

    @Override
    public DataStream<RawInput> market(StreamExecutionEnvironment env) {
        return lines(env, market, Topics.MARKET, "market");
    }

    @Override
    public DataStream<RawInput> features(StreamExecutionEnvironment env) {
        return lines(env, features, Topics.FEATURES, "features");
    }

    @Override
    public DataStream<RawInput> orders(StreamExecutionEnvironment env) {
        return lines(env, orders, Topics.ORDERS, "orders");
    }

    @Override
    public DataStream<RawInput> control(StreamExecutionEnvironment env) {
        return lines(env, control != null ? control : emptyFile(), Topics.CONTROL, "control");
    }

    /** The {@code kit.reference} records of a replay, or null when it has none. */
    @Override
    public DataStream<RawInput> reference(StreamExecutionEnvironment env) {
        return reference == null ? null : lines(env, reference, Topics.REFERENCE, "reference");
    }

    private static DataStream<RawInput> lines(StreamExecutionEnvironment env, Path file, String topic, String id) {
        FileSource<RawInput> source = FileSource.forRecordStreamFormat(
                        new RawLineFormat(topic), new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri()))
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "file " + file.getFileName())
                .uid("source-" + id)
                .setParallelism(1)
                .map(new CountRead())
                .uid("count-" + id)
                .name("count " + id)
                .setParallelism(1);
    }

    /** An empty control file: the same bounded source, reading no commands. */
    private static Path emptyFile() {
        try {
            Path empty = Files.createTempFile("kit-no-control", ".jsonl");
            empty.toFile().deleteOnExit();
            return empty;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an empty control file", e);
        }
    }

    private static Path require(Path p, String what) {
        if (p == null) {
            throw new IllegalArgumentException(what + " file is required but not provided.");
        }
        return p;
    }
}

package io.canarykit.jobs.replay;

import io.canarykit.schema.codec.JsonCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes records as JSON lines to local part files, one per parallel writer ({@code NAME-N.part}),
 * for a bounded run on this machine; the replay merges and sorts the parts when the job ends.
 */
final class JsonLinesSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String dir;
    private final String name;

    JsonLinesSink(Path dir, String name) {
        this.dir = dir.toAbsolutePath().toString();
        this.name = name;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path part = Path.of(dir, name + "-" + context.getTaskInfo().getIndexOfThisSubtask() + ".part");
        return new Writer<>(new BufferedOutputStream(Files.newOutputStream(part), 1 << 16));
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final OutputStream out;

        Writer(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            out.write(JsonCodec.encode(element));
            out.write('\n');
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}

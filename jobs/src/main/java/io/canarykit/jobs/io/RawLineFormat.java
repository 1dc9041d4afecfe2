package io.canarykit.jobs.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a JSONL file as raw lines, bytes untouched, so that a line that is not UTF-8 reaches the
 * decoder (and the DLQ) as it is; a blank line is a record too, which goes to the DLQ as
 * {@code empty}, as a Kafka record with no value does. The line number becomes the record's offset,
 * which keeps replay output in a stable order. Files are read whole, one reader each.
 */
public final class RawLineFormat extends SimpleStreamFormat<RawInput> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public RawLineFormat(String topic) {
        this.topic = topic;
    }

    @Override
    public Reader<RawInput> createReader(Configuration config, FSDataInputStream stream) {
        return new LineReader(topic, new BufferedInputStream(stream, 1 << 16));
    }

    @Override
    public TypeInformation<RawInput> getProducedType() {
        return TypeInformation.of(RawInput.class);
    }

    private static final class LineReader implements Reader<RawInput> {
        private final String topic;
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private long lineNumber;

        LineReader(String topic, InputStream in) {
            this.topic = topic;
            this.in = in;
        }

        @Override
        public RawInput read() throws IOException {
            line.reset();
            int b;
            boolean sawAny = false;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
                sawAny = true;
            }
            // The end of the file after its last newline is no line.
            if (b == -1 && !sawAny) {
                return null;
            }
            lineNumber++;
            return new RawInput(topic, -1, lineNumber, -1, stripCarriageReturn(line.toByteArray()));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private static byte[] stripCarriageReturn(byte[] bytes) {
            if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                byte[] trimmed = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, trimmed, 0, trimmed.length);
                return trimmed;
            }
            return bytes;
        }
    }
}

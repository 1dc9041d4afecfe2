package io.canarykit.cli.demo.recording;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads one recorded file a line at a time, as the job's file source does: bytes untouched, line
 * ends ({@code \n} or {@code \r\n}) dropped, blank lines skipped.
 */
final class RecordingReader implements AutoCloseable {

    private final String topic;
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean ended;
    private long previousTs = Long.MIN_VALUE;

    RecordingReader(Path file, String topic) throws IOException {
        this(Files.newInputStream(file), topic);
    }

    RecordingReader(InputStream in, String topic) {
        this.topic = topic;
        this.in = in;
    }

    /** The next line, or null at the end of the file. */
    RecordedLine next() throws IOException {
        for (byte[] bytes = nextLine(); bytes != null; bytes = nextLine()) {
            bytes = withoutCarriageReturn(bytes);
            if (!isBlank(bytes)) {
                RecordedLine parsed = RecordedLine.parse(topic, bytes, previousTs);
                previousTs = parsed.ts();
                return parsed;
            }
        }
        return null;
    }

    // Scans a buffer for the line end rather than reading byte by byte: a recording can hold millions of lines.
    private byte[] nextLine() throws IOException {
        ByteArrayOutputStream partial = null;
        while (true) {
            if (position == limit) {
                if (ended || !fill()) {
                    return partial == null ? null : partial.toByteArray();
                }
            }
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    byte[] line;
                    if (partial == null) {
                        line = Arrays.copyOfRange(buffer, position, i);
                    } else {
                        partial.write(buffer, position, i - position);
                        line = partial.toByteArray();
                    }
                    position = i + 1;
                    return line;
                }
            }
            if (partial == null) {
                partial = new ByteArrayOutputStream(256);
            }
            partial.write(buffer, position, limit - position);
            position = limit;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n < 0) {
            ended = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static byte[] withoutCarriageReturn(byte[] bytes) {
        return bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte x : bytes) {
            if (x != ' ' && x != '\t') {
                return false;
            }
        }
        return true;
    }
}

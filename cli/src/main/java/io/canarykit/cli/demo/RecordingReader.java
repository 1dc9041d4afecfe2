package io.canarykit.cli.demo;

import java.io.BufferedInputStream;
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
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long previousTs = Long.MIN_VALUE;

    RecordingReader(Path file, String topic) throws IOException {
        this(Files.newInputStream(file), topic);
    }

    RecordingReader(InputStream in, String topic) {
        this.topic = topic;
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** The next line, or null at the end of the file. */
    RecordedLine next() throws IOException {
        while (true) {
            line.reset();
            int b;
            boolean sawAny = false;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
                sawAny = true;
            }
            if (b == -1 && !sawAny) {
                return null;
            }
            byte[] bytes = withoutCarriageReturn(line.toByteArray());
            if (!isBlank(bytes)) {
                RecordedLine parsed = RecordedLine.parse(topic, bytes, previousTs);
                previousTs = parsed.ts();
                return parsed;
            }
        }
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

package io.canarykit.cli.demo.recording;

import io.canarykit.schema.Topics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a recording holds, from one pass over its files before it plays: lines per file, the
 * recorded time span and the symbols named.
 *
 * @param recording the recording
 * @param lines lines per file name, in the recording's order
 * @param unstamped lines with no usable {@code ts}, which play unchanged
 * @param firstTs the earliest usable {@code ts}, or -1 when there is none
 * @param lastTs the latest usable {@code ts}, or -1
 * @param symbols the symbols of the market, feature and order lines, sorted
 */
public record RecordingSummary(Recording recording, Map<String, Long> lines, long unstamped, long firstTs, long lastTs,
        List<String> symbols) {

    public RecordingSummary {
        lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
        symbols = List.copyOf(symbols);
    }

    /** Reads every line of the recording once, streaming. */
    public static RecordingSummary scan(Recording recording) throws IOException {
        Map<String, Long> lines = new LinkedHashMap<>();
        TreeSet<String> symbols = new TreeSet<>();
        long unstamped = 0;
        long first = Long.MAX_VALUE;
        long last = -1;
        for (Recording.Input input : recording.inputs()) {
            long n = 0;
            try (RecordingReader reader = new RecordingReader(input.path(), input.topic())) {
                for (RecordedLine line = reader.next(); line != null; line = reader.next()) {
                    n++;
                    if (!line.stamped()) {
                        unstamped++;
                        continue;
                    }
                    first = Math.min(first, line.ts());
                    last = Math.max(last, line.ts());
                    if (line.key() != null && !Topics.CONTROL.equals(line.topic()) && !line.key().isBlank()) {
                        symbols.add(line.key());
                    }
                }
            }
            lines.put(input.path().getFileName().toString(), n);
        }
        return new RecordingSummary(recording, lines, unstamped, last < 0 ? -1 : first, last, new ArrayList<>(symbols));
    }

    /** Lines over all files. */
    public long total() {
        return lines.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The recorded time from the first usable {@code ts} to the last, in milliseconds. */
    public long spanMillis() {
        return firstTs < 0 ? 0 : lastTs - firstTs;
    }
}

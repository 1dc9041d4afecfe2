package io.canarykit.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses in a JVM's collector log, written with {@code -Xlog:gc:file=...:time}: a
 * line per collection, stamped with the wall clock when it ended, a pause's ending in its duration
 * ({@code [2026-12-05T19:05:14.116+0000] GC(12) Pause Young (Normal) (G1 Evacuation Pause)
 * 24M->8M(64M) 12.345ms}). For a process the bench starts (the broker), whose pauses hold every
 * client's requests and which the bench's own JVM cannot see.
 */
final class GcPauses {

    private static final Pattern PAUSE =
            Pattern.compile("^\\[([^\\]]+)\\].*\\bPause\\b.*?(\\d+(?:\\.\\d+)?)ms\\s*$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private GcPauses() {}

    /** How long the log's pauses overlapped {@code [fromMs, toMs]} (epoch ms), in whole ms. */
    static long pausedMsDuring(List<String> lines, long fromMs, long toMs) {
        double paused = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long endMs;
            try {
                endMs = OffsetDateTime.parse(m.group(1), STAMP).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                continue;
            }
            double tookMs = Double.parseDouble(m.group(2));
            double start = Math.max(fromMs, endMs - tookMs);
            double end = Math.min(toMs, endMs);
            if (end > start) {
                paused += end - start;
            }
        }
        return Math.round(paused);
    }

    /** As {@link #pausedMsDuring(List, long, long)}, read from {@code log}; empty while it does not exist. */
    static long pausedMsDuring(Path log, long fromMs, long toMs) throws IOException {
        return Files.exists(log) ? pausedMsDuring(Files.readAllLines(log), fromMs, toMs) : 0;
    }
}

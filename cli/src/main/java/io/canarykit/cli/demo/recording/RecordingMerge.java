package io.canarykit.cli.demo.recording;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges the recorded files by {@code ts}, holding one line per file: each file keeps its own order,
 * and equal times go in the order the readers were given.
 */
final class RecordingMerge implements AutoCloseable {

    private record Head(RecordedLine line, int reader) {
    }

    private final List<RecordingReader> readers;
    private final PriorityQueue<Head> heads = new PriorityQueue<>(
            Comparator.comparingLong((Head h) -> h.line().ts()).thenComparingInt(Head::reader));

    RecordingMerge(List<RecordingReader> readers) throws IOException {
        this.readers = List.copyOf(readers);
        for (int i = 0; i < this.readers.size(); i++) {
            advance(i);
        }
    }

    /** Opens every file of a recording. */
    static RecordingMerge open(Recording recording) throws IOException {
        List<RecordingReader> readers = new ArrayList<>();
        try {
            for (Recording.Input input : recording.inputs()) {
                readers.add(new RecordingReader(input.path(), input.topic()));
            }
            return new RecordingMerge(readers);
        } catch (IOException | RuntimeException e) {
            for (RecordingReader r : readers) {
                r.close();
            }
            throw e;
        }
    }

    /** The line with the earliest time among the files' next lines, or null when every file has ended. */
    RecordedLine next() throws IOException {
        Head head = heads.poll();
        if (head == null) {
            return null;
        }
        advance(head.reader());
        return head.line();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (RecordingReader r : readers) {
            try {
                r.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void advance(int reader) throws IOException {
        RecordedLine line = readers.get(reader).next();
        if (line != null) {
            heads.add(new Head(line, reader));
        }
    }
}

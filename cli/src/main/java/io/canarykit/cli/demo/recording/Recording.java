package io.canarykit.cli.demo.recording;

import io.canarykit.schema.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded directory to play: the JSONL files that {@code kit replay} reads, one per input topic;
 * those present are played.
 *
 * @param dir the directory
 * @param inputs the files present, in the order that breaks ties between equal timestamps
 */
public record Recording(Path dir, List<Input> inputs) {

    /** The files a recording may hold, with their topics; ties in {@code ts} go in this order. */
    static final List<Input> NAMES = List.of(
            new Input(Path.of("market.jsonl"), Topics.MARKET),
            new Input(Path.of("features.jsonl"), Topics.FEATURES),
            new Input(Path.of("orders.jsonl"), Topics.ORDERS),
            new Input(Path.of("control.jsonl"), Topics.CONTROL));

    /**
     * One recorded file and the topic its records go to.
     *
     * @param path the file
     * @param topic the topic
     */
    public record Input(Path path, String topic) {
    }

    public Recording {
        if (dir == null || inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("a recording needs a directory and at least one file, got " + dir + ", " + inputs);
        }
        inputs = List.copyOf(inputs);
    }

    /** The recording in a directory; a missing directory, or one with none of the files, is an error naming it. */
    public static Recording in(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException(abs + " is not a directory");
        }
        List<Input> present = new ArrayList<>();
        for (Input name : NAMES) {
            Path p = abs.resolve(name.path());
            if (Files.isRegularFile(p)) {
                present.add(new Input(p, name.topic()));
            }
        }
        if (present.isEmpty()) {
            throw new IllegalArgumentException(abs + " holds none of "
                    + String.join(", ", NAMES.stream().map(n -> n.path().toString()).toList())
                    + ", the files kit replay reads");
        }
        return new Recording(abs, present);
    }
}

package io.canarykit.jobs;

import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.InputDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads models' reference profiles: a JSON file holding one profile, a JSONL file holding one per
 * line, or a directory of such files. A profile that does not validate stops the start with its reason.
 */
public final class ReferenceProfiles {

    private ReferenceProfiles() {}

    public static List<ReferenceProfile> read(List<Path> paths) throws IOException {
        List<ReferenceProfile> profiles = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    for (Path f : files.filter(ReferenceProfiles::isProfileFile).sorted().toList()) {
                        profiles.addAll(readFile(f));
                    }
                }
            } else {
                profiles.addAll(readFile(path));
            }
        }
        return profiles;
    }

    private static boolean isProfileFile(Path p) {
        String name = p.getFileName().toString();
        return Files.isRegularFile(p) && (name.endsWith(".json") || name.endsWith(".jsonl"));
    }

    private static List<ReferenceProfile> readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("reference profile " + file + " is not a readable file or directory");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        List<String> documents = text.startsWith("{") && !text.contains("\n{") ? List.of(text) : text.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
        List<ReferenceProfile> out = new ArrayList<>();
        int n = 0;
        for (String doc : documents) {
            n++;
            Decoded<ReferenceProfile> d = InputDecoder.referenceProfile(doc.getBytes(StandardCharsets.UTF_8));
            if (d instanceof Decoded.Rejected<ReferenceProfile> r) {
                String where = documents.size() == 1 ? file.toString() : file + " line " + n;
                throw new IllegalArgumentException("reference profile " + where + " is invalid: "
                        + r.reason().wire() + ": " + r.detail());
            }
            out.add(d.value());
        }
        return out;
    }

    /** The champion: {@code given}, or else the model of the first profile read; null when neither. */
    public static String championOr(String given, List<ReferenceProfile> profiles) {
        return given != null || profiles.isEmpty() ? given : profiles.get(0).modelId();
    }

    /** The challenger: {@code given}, or else the model of the second profile read; null when neither. */
    public static String challengerOr(String given, List<ReferenceProfile> profiles) {
        return given != null || profiles.size() < 2 ? given : profiles.get(1).modelId();
    }
}

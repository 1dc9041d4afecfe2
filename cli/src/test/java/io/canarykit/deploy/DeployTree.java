package io.canarykit.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The repository's deploy/ tree as the tests read it: files, YAML documents and lookups into them. */
final class DeployTree {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployTree() {}

    /** The repository root: the first directory upwards from the working directory that holds deploy/. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    /** Every .yml and .yaml file under deploy/, in path order. */
    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(file("deploy"))) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file (one file may hold several, separated by ---). */
    static List<JsonNode> documents(Path yaml) {
        try {
            return YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml.toFile()).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + yaml, e);
        }
    }

    static List<JsonNode> documents(String relative) {
        return documents(file(relative));
    }

    /** The one document of a given kind in a file. */
    static JsonNode ofKind(String relative, String kind) {
        List<JsonNode> found = documents(relative).stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        if (found.size() != 1) {
            throw new IllegalStateException(relative + " holds " + found.size() + " documents of kind " + kind);
        }
        return found.get(0);
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(file(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls {@code visit} with every value stored under {@code key}, at any depth. */
    static void valuesOf(JsonNode node, String key, Consumer<JsonNode> visit) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals(key)) {
                    visit.accept(e.getValue());
                }
                valuesOf(e.getValue(), key, visit);
            });
        } else if (node.isArray()) {
            node.forEach(child -> valuesOf(child, key, visit));
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

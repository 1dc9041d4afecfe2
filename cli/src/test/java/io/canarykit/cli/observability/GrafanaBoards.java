package io.canarykit.cli.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana boards of {@code grafana/} as the tests read them: every panel with its PromQL targets. */
final class GrafanaBoards {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** PromQL words that look like metric names but are not. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** One panel of a board. */
    record Panel(String board, String title, String type, JsonNode json) {
        /** Its targets' PromQL, in order. */
        List<String> exprs() {
            List<String> exprs = new ArrayList<>();
            json.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
            return exprs;
        }
    }

    private GrafanaBoards() {}

    /** The repository's grafana/ directory: the first one upwards from the working directory. */
    static Path dir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("grafana").resolve("provisioning"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no grafana/provisioning directory above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("grafana");
    }

    /** Every board file, in name order. */
    static List<Path> files() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path board) {
        try {
            return JSON.readTree(board.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + board, e);
        }
    }

    /** Every panel of every board that draws data (rows left out), nested ones included. */
    static List<Panel> panels() {
        List<Panel> panels = new ArrayList<>();
        for (Path file : files()) {
            JsonNode board = read(file);
            collect(board.path("uid").asText(), board.path("panels"), panels);
        }
        return panels;
    }

    private static void collect(String board, JsonNode list, List<Panel> into) {
        for (JsonNode p : list) {
            if ("row".equals(p.path("type").asText())) {
                collect(board, p.path("panels"), into);
            } else {
                into.add(new Panel(board, p.path("title").asText(), p.path("type").asText(), p));
            }
        }
    }

    /**
     * The metric names an expression reads: identifiers that are not functions, keywords, label
     * names (inside braces or a by/without/on/ignoring list), durations or strings.
     */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group();
            int after = m.end();
            while (after < bare.length() && Character.isWhitespace(bare.charAt(after))) {
                after++;
            }
            boolean function = after < bare.length() && bare.charAt(after) == '(';
            boolean partOfNumber = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!function && !partOfNumber && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** Whether the expression selects {@code metric} with a matcher on the {@code symbol} label. */
    static boolean selectsBySymbol(String expr, String metric) {
        return Pattern.compile("(?<![a-zA-Z0-9_:])" + Pattern.quote(metric) + "\\{[^}]*\\bsymbol\\s*=").matcher(expr).find();
    }
}

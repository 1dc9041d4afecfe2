package io.canarykit.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

// Grammar: KEY=VALUE lines, # comments, blank lines, an optional "export " prefix. Single quotes keep
// their text as is; double quotes also read \" and \\. In an unquoted value a # that begins the value
// or follows a space starts a comment, and spaces around the value are dropped. Nothing is
// interpolated. A key set twice in one file is an error, since the first line would silently lose.
/** The settings of one {@code .env} file, in file order. */
public final class EnvFile {

    /** One setting and the line it came from. */
    public record Entry(String name, String value, int line) {}

    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=(.*)");
    private static final String EXPORT = "export";

    private final String source;
    private final List<Entry> entries;

    private EnvFile(String source, List<Entry> entries) {
        this.source = source;
        this.entries = List.copyOf(entries);
    }

    /** Reads and parses the file at {@code path} (UTF-8). */
    public static EnvFile read(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path is required but not provided.");
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(path + ": cannot read the file (" + e + ")"));
        }
        return parse(path.toString(), text);
    }

    /** Parses {@code text}, naming {@code source} in messages; every malformed line is reported. */
    public static EnvFile parse(String source, String text) {
        if (source == null || text == null) {
            throw new IllegalArgumentException("source and text are required, got source=" + source);
        }
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        int number = 0;
        for (String line : text.lines().toList()) {
            number++;
            String where = source + " line " + number;
            try {
                Entry entry = parseLine(line, number);
                if (entry == null) {
                    continue;
                }
                Integer earlier = firstLine.putIfAbsent(entry.name(), number);
                if (earlier != null) {
                    problems.add(where + ": " + entry.name() + " is already set on line " + earlier);
                } else {
                    entries.add(entry);
                }
            } catch (IllegalArgumentException malformed) {
                problems.add(where + ": " + malformed.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new EnvFile(source, entries);
    }

    /** The file's name as given, used in messages. */
    public String source() {
        return source;
    }

    /** The settings in file order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entry of one line, or null for a blank or comment line. */
    private static Entry parseLine(String line, int number) {
        String rest = line.strip();
        if (rest.isEmpty() || rest.startsWith("#")) {
            return null;
        }
        if (rest.startsWith(EXPORT) && rest.length() > EXPORT.length()
                && Character.isWhitespace(rest.charAt(EXPORT.length()))) {
            rest = rest.substring(EXPORT.length()).stripLeading();
        }
        Matcher assignment = ASSIGNMENT.matcher(rest);
        if (!assignment.matches()) {
            throw new IllegalArgumentException("expected KEY=VALUE");
        }
        String name = assignment.group(1);
        return new Entry(name, value(name, assignment.group(2)), number);
    }

    private static String value(String name, String raw) {
        String text = raw.stripLeading();
        if (text.startsWith("'")) {
            int close = text.indexOf('\'', 1);
            if (close < 0) {
                throw new IllegalArgumentException(name + " has an unterminated single quote");
            }
            requireOnlyComment(name, text.substring(close + 1));
            return text.substring(1, close);
        }
        if (text.startsWith("\"")) {
            return doubleQuoted(name, text);
        }
        return unquoted(text);
    }

    private static String doubleQuoted(String name, String text) {
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                requireOnlyComment(name, text.substring(i + 1));
                return value.toString();
            }
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                i++;
                c = text.charAt(i);
            }
            value.append(c);
        }
        throw new IllegalArgumentException(name + " has an unterminated double quote");
    }

    private static String unquoted(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                return text.substring(0, i).strip();
            }
        }
        return text.strip();
    }

    private static void requireOnlyComment(String name, String tail) {
        String rest = tail.strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            throw new IllegalArgumentException(name + " has text after its closing quote");
        }
    }
}

package io.canarykit.schema.codec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.Arrays;

/**
 * A parser that refuses an object naming a field twice, as Jackson's strict duplicate detection does,
 * without its set of names per object (a hash set and a node per field, about two fifths of reading
 * a decision): each object's names are kept in a small array and compared with those before. Names
 * come from the parser's symbol table, so a repeat is nearly always the same instance. An object with
 * more fields than {@link #MAX_FIELDS} is refused too, so a record built to make the comparisons
 * quadratic goes to the careful reading instead.
 */
final class FieldOnceParser extends JsonParserDelegate {

    static final int MAX_FIELDS = 64;

    // The names of each open object, innermost last; arrays need none, as names only sit in objects.
    private String[][] names = new String[4][];
    private int[] counts = new int[4];
    private int depth;

    FieldOnceParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = delegate.nextToken();
        if (token == JsonToken.START_OBJECT) {
            open();
        } else if (token == JsonToken.END_OBJECT) {
            depth--;
        } else if (token == JsonToken.FIELD_NAME) {
            see(delegate.currentName());
        }
        return token;
    }

    // The delegate's own would move past field names without this parser seeing them.
    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        JsonToken at = currentToken();
        if (at != JsonToken.START_OBJECT && at != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (open > 0) {
            JsonToken token = nextToken();
            if (token == null) {
                return this;
            }
            if (token.isStructStart()) {
                open++;
            } else if (token.isStructEnd()) {
                open--;
            }
        }
        return this;
    }

    private void open() {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            counts = Arrays.copyOf(counts, depth * 2);
        }
        if (names[depth] == null) {
            names[depth] = new String[8];
        }
        counts[depth] = 0;
        depth++;
    }

    private void see(String name) throws JsonParseException {
        int level = depth - 1;
        String[] seen = names[level];
        int count = counts[level];
        for (int i = 0; i < count; i++) {
            if (seen[i] == name || seen[i].equals(name)) {
                throw new JsonParseException(delegate, "Duplicate field '" + name + "'");
            }
        }
        if (count == MAX_FIELDS) {
            throw new JsonParseException(delegate, "more than " + MAX_FIELDS + " fields in one object");
        }
        if (count == seen.length) {
            seen = Arrays.copyOf(seen, count * 2);
            names[level] = seen;
        }
        seen[count] = name;
        counts[level] = count + 1;
    }
}

package io.canarykit.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldOnceParserTest {

    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void passesEveryTokenOfARecordWhoseObjectsNameEachFieldOnce() throws IOException {
        String text = "{\"a\":1,\"b\":{\"a\":2,\"b\":[{\"a\":3},{\"a\":4}]},\"c\":[[],{}],\"d\":{\"a\":{\"a\":{}}}}";

        assertThat(tokens(text)).isEqualTo(plainTokens(text));
    }

    @Test
    void refusesAFieldNamedTwiceInOneObjectAtAnyDepth() {
        for (String text : List.of("{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":2,\"c\":3,\"b\":4}",
                "{\"x\":{\"a\":1,\"a\":1}}", "{\"x\":[{\"a\":1},{\"a\":2,\"a\":3}]}",
                // The outer object's names outlive the inner object closed between them.
                "{\"a\":{\"b\":1},\"b\":2,\"a\":3}")) {
            assertThatThrownBy(() -> tokens(text)).as(text).isInstanceOf(JsonParseException.class)
                    .hasMessageContaining("Duplicate field");
        }
    }

    @Test
    void refusesAnObjectOfMoreFieldsThanItComparesAndTakesOneOfThatMany() throws IOException {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < FieldOnceParser.MAX_FIELDS; i++) {
            many.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        assertThat(tokens(many + "}")).hasSize(2 * FieldOnceParser.MAX_FIELDS + 2);

        assertThatThrownBy(() -> tokens(many + ",\"one_more\":0}")).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("more than " + FieldOnceParser.MAX_FIELDS);
    }

    @Test
    void keepsCountAcrossSkippedChildrenAndValuesReadPastTheirNames() throws IOException {
        try (JsonParser parser = new FieldOnceParser(JSON.createParser("{\"a\":{\"b\":{\"c\":1}},\"d\":2,\"a2\":[1,{\"e\":1}],\"d\":3}"))) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(parser.nextValue()).isEqualTo(JsonToken.START_OBJECT);
            parser.skipChildren();
            assertThat(parser.nextFieldName()).isEqualTo("d");
            assertThat(parser.nextValue()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
            assertThat(parser.nextValue()).isEqualTo(JsonToken.START_ARRAY);
            parser.skipChildren();
            // "d" again, in the outer object, after skipped children: still seen as a repeat.
            assertThatThrownBy(parser::nextValue).isInstanceOf(JsonParseException.class)
                    .hasMessageContaining("Duplicate field 'd'");
        }
    }

    private static List<JsonToken> tokens(String text) throws IOException {
        try (JsonParser parser = new FieldOnceParser(JSON.createParser(text))) {
            return drain(parser);
        }
    }

    private static List<JsonToken> plainTokens(String text) throws IOException {
        try (JsonParser parser = JSON.createParser(text)) {
            return drain(parser);
        }
    }

    private static List<JsonToken> drain(JsonParser parser) throws IOException {
        List<JsonToken> all = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
            all.add(t);
        }
        return all;
    }
}

package io.canarykit.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An output record read straight from its bytes must be read exactly as the careful way reads it
 * (the JSON tree first, then the record from the tree): the same value when both accept, and never a
 * value the careful way refuses (what the straight reading leaves, such as a number given for a text,
 * the careful way decides). Checked over thousands of damaged copies of every output record.
 */
class JsonCodecDirectReadingTest {

    private static final int MUTANTS_PER_RECORD = 10_000;
    private static final Pattern FIELD = Pattern.compile("\"[a-z_0-9]+\":(\"[^\"]*\"|-?[0-9][0-9.eE+-]*|true|false|null)");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final List<String> VALUES = List.of("\"x\"", "null", "1.5", "-0", "0", "1e3", "2.0E2", "true", "[]",
            "{}", "[1]", "12345678901234567890", "NaN", "-Infinity", "\"\"", "1.7976931348623157e309", "9007199254740993",
            "\"challenger\"", "\"halted\"", "\"1s\"");
    private static final List<String> TRAILERS = List.of(" ", "\n", " []", " x", "}", ",", " null", "{}");

    static List<Object> outputRecords() {
        return JsonCodecTest.outputRecords().map(arguments -> arguments.get()[0]).toList();
    }

    @ParameterizedTest
    @MethodSource("outputRecords")
    void readsEveryDamagedCopyAsTheTreeReadsIt(Object record) {
        Class<?> type = record.getClass();
        String good = new String(JsonCodec.encode(record), StandardCharsets.US_ASCII);
        Random random = new Random(good.hashCode());
        int bothAccepted = 0;
        for (int i = 0; i < MUTANTS_PER_RECORD; i++) {
            String text = mutate(good, random);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Decoded<?> careful = carefully(bytes, type);
            Object direct = JsonCodec.readDirectly(bytes, type);
            if (direct != null) {
                assertThat(careful.isAccepted()).as("read straight, refused by the tree: %s", text).isTrue();
                assertThat(direct).as(text).isEqualTo(careful.value());
                bothAccepted++;
            }
            assertThat(JsonCodec.decode(bytes, type)).as(text).isEqualTo(careful);
        }
        // The copies must reach both sides of the line, or the loop above has checked little.
        assertThat(bothAccepted).isBetween(MUTANTS_PER_RECORD / 10, MUTANTS_PER_RECORD * 9 / 10);
    }

    @Test
    void readsTheUndamagedRecordsStraight() {
        for (Object record : outputRecords()) {
            assertThat(JsonCodec.readDirectly(JsonCodec.encode(record), record.getClass())).isEqualTo(record);
        }
    }

    @Test
    void leavesTreesAndTextBeyondAsciiToTheCarefulWay() {
        byte[] good = JsonCodec.encode(JsonCodecTest.decision());
        assertThat(JsonCodec.readDirectly(good, JsonNode.class)).isNull();
        String accented = new String(good, StandardCharsets.US_ASCII).replace("champion_20240101", "champión");
        assertThat(JsonCodec.readDirectly(accented.getBytes(StandardCharsets.UTF_8), JsonCodecTest.decision().getClass()))
                .isNull();
        assertThat(JsonCodec.decode(accented.getBytes(StandardCharsets.UTF_8), JsonCodecTest.decision().getClass())
                .value().modelId()).isEqualTo("champión");
    }

    private static Decoded<?> carefully(byte[] bytes, Class<?> type) {
        JsonNode root;
        try {
            root = JsonCodec.readTree(bytes);
        } catch (Rejection r) {
            return r.toDecoded();
        }
        return JsonCodec.decodeTree(root, type);
    }

    // One or two edits of the kinds a broken or hostile writer makes: values of another type or range,
    // fields named twice, left out or unknown, characters lost or changed, text after the record.
    private static String mutate(String good, Random random) {
        String text = good;
        int edits = 1 + random.nextInt(2);
        for (int e = 0; e < edits; e++) {
            text = switch (random.nextInt(9)) {
                case 0 -> replaceValue(text, random);
                case 1 -> repeatField(text, random);
                case 2 -> dropField(text, random);
                case 3 -> replaceNumber(text, random);
                case 4 -> text + TRAILERS.get(random.nextInt(TRAILERS.size()));
                case 5 -> deleteChar(text, random);
                case 6 -> replaceChar(text, random);
                case 7 -> addUnknownField(text, random);
                default -> text.replace(":", random.nextBoolean() ? " : " : ":\n");
            };
        }
        return text;
    }

    private static String replaceValue(String text, Random random) {
        Matcher field = nthMatch(FIELD, text, random);
        if (field == null) {
            return text;
        }
        String replacement = VALUES.get(random.nextInt(VALUES.size()));
        return text.substring(0, field.start(1)) + replacement + text.substring(field.end(1));
    }

    // As a later build of the job would write: a field this one does not know, before a known one.
    private static String addUnknownField(String text, Random random) {
        Matcher field = nthMatch(FIELD, text, random);
        if (field == null) {
            return text;
        }
        String value = VALUES.get(random.nextInt(VALUES.size()));
        return text.substring(0, field.start()) + "\"later_field\":" + value + "," + text.substring(field.start());
    }

    private static String repeatField(String text, Random random) {
        Matcher field = nthMatch(FIELD, text, random);
        return field == null ? text : text.substring(0, field.end()) + "," + field.group() + text.substring(field.end());
    }

    private static String dropField(String text, Random random) {
        Matcher field = nthMatch(FIELD, text, random);
        if (field == null) {
            return text;
        }
        int end = field.end() < text.length() && text.charAt(field.end()) == ',' ? field.end() + 1 : field.end();
        return text.substring(0, field.start()) + text.substring(end);
    }

    private static String replaceNumber(String text, Random random) {
        Matcher number = nthMatch(NUMBER, text, random);
        if (number == null) {
            return text;
        }
        String replacement = switch (random.nextInt(4)) {
            case 0 -> Double.toString(Double.longBitsToDouble(random.nextLong()));
            case 1 -> String.format(java.util.Locale.ROOT, "%.5f", random.nextDouble() * 1_000);
            case 2 -> Long.toString(random.nextLong());
            default -> number.group() + "e" + (random.nextInt(40) - 20);
        };
        return text.substring(0, number.start()) + replacement + text.substring(number.end());
    }

    private static String deleteChar(String text, Random random) {
        int at = random.nextInt(text.length());
        return text.substring(0, at) + text.substring(at + 1);
    }

    private static String replaceChar(String text, Random random) {
        int at = random.nextInt(text.length());
        char c = random.nextInt(10) == 0 ? 'é' : (char) (32 + random.nextInt(95));
        return text.substring(0, at) + c + text.substring(at + 1);
    }

    private static Matcher nthMatch(Pattern pattern, String text, Random random) {
        Matcher m = pattern.matcher(text);
        int count = 0;
        while (m.find()) {
            count++;
        }
        if (count == 0) {
            return null;
        }
        int wanted = random.nextInt(count);
        m.reset();
        for (int i = 0; i <= wanted; i++) {
            m.find();
        }
        return m;
    }

}

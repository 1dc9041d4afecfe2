package io.canarykit.schema.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.schema.WireEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed, validating reads of the fields of one JSON object; a read that breaks a rule throws a
 * {@link Rejection} naming the field by its dotted path.
 */
final class JsonFields {

    private static final int MAX_QUOTED_CHARS = 64;
    private static final double TWO_TO_63 = 0x1p63;
    /** 9999-12-31T23:59:59.999Z, the last millisecond a timestamp may name. */
    static final long MAX_TIMESTAMP_MS = 253_402_300_799_999L;

    private final ObjectNode node;
    private final String path;

    private JsonFields(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The fields of a whole record, which must be a JSON object. */
    static JsonFields ofRecord(JsonNode root) {
        if (!root.isObject()) {
            throw new Rejection(RejectReason.WRONG_TYPE, "record must be a JSON object, got " + typeOf(root));
        }
        return new JsonFields((ObjectNode) root, "");
    }

    /** The fields of an object inside an array, its fields named under {@code prefix}, e.g. {@code steps[0].}. */
    static JsonFields ofElement(JsonNode element, String prefix) {
        if (!element.isObject()) {
            throw wrongType(prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix, "an object", element);
        }
        return new JsonFields((ObjectNode) element, prefix);
    }

    /** The dotted path of {@code field} as rejection details show it. */
    String pathOf(String field) {
        return path + field;
    }

    boolean isEmpty() {
        return node.isEmpty();
    }

    /** The fields of this object in document order. */
    Set<Map.Entry<String, JsonNode>> entries() {
        return node.properties();
    }

    /** The value of a required field; absent and JSON null both count as missing. */
    JsonNode required(String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new Rejection(RejectReason.MISSING_FIELD, "field " + quote(pathOf(field)) + " is required");
        }
        if (value.isNull()) {
            throw new Rejection(RejectReason.MISSING_FIELD,
                    "field " + quote(pathOf(field)) + " is required, got null");
        }
        return value;
    }

    /** The value of an optional field, or null when it is absent or JSON null. */
    JsonNode optional(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /**
     * An epoch-millisecond timestamp: an integer from 0 to the end of the year 9999. As in JSON
     * Schema, a number with a zero fractional part (1.7e12, 5.0) is an integer.
     */
    long timestamp(String field) {
        String name = pathOf(field);
        long ts = epochMillis(field);
        if (ts > MAX_TIMESTAMP_MS) {
            // Beyond it, times in the signals and the decisions' seq (ts x 1000) overflow 64 bits.
            throw new Rejection(RejectReason.INVALID_VALUE,
                    "field " + quote(name) + " is after the year 9999, got " + ts);
        }
        return ts;
    }

    private long epochMillis(String field) {
        String name = pathOf(field);
        JsonNode value = required(field);
        if (!value.isNumber()) {
            throw wrongType(name, "an integer", value);
        }
        if (value.isIntegralNumber()) {
            if (value.canConvertToLong()) {
                return nonNegative(name, value.longValue());
            }
            if (value.bigIntegerValue().signum() < 0) {
                throw negative(name, value.asText());
            }
            throw new Rejection(RejectReason.INVALID_VALUE,
                    "field " + quote(name) + " is too large for a timestamp, got " + shorten(value.asText()));
        }
        double d = finite(name, value);
        if (d < 0) {
            throw negative(name, value.asText());
        }
        if (d != Math.rint(d)) {
            throw new Rejection(RejectReason.WRONG_TYPE,
                    "field " + quote(name) + " must be an integer, got fractional number " + d);
        }
        if (d >= TWO_TO_63) {
            throw new Rejection(RejectReason.INVALID_VALUE,
                    "field " + quote(name) + " is too large for a timestamp, got " + d);
        }
        return (long) d;
    }

    /** A required string, which may be empty. */
    String text(String field) {
        return textValue(pathOf(field), required(field));
    }

    /** A required string with at least one non-blank character. */
    String nonEmptyText(String field) {
        return nonEmpty(pathOf(field), text(field));
    }

    /** An optional string, null when absent; when present it must not be blank. */
    String optionalNonEmptyText(String field) {
        JsonNode value = optional(field);
        return value == null ? null : nonEmpty(pathOf(field), textValue(pathOf(field), value));
    }

    boolean bool(String field) {
        JsonNode value = required(field);
        if (!value.isBoolean()) {
            throw wrongType(pathOf(field), "a boolean", value);
        }
        return value.booleanValue();
    }

    /** A required number that is finite and >= 0. */
    double nonNegativeNumber(String field) {
        return nonNegative(pathOf(field), required(field));
    }

    /** An optional number, null when absent; when present it must be finite and >= 0. */
    Double optionalNonNegativeNumber(String field) {
        JsonNode value = optional(field);
        return value == null ? null : nonNegative(pathOf(field), value);
    }

    /** A required price: finite and above 0, since a zero bid, ask or fill price has no meaning. */
    double price(String field) {
        return positivePrice(pathOf(field), nonNegativeNumber(field));
    }

    /** An optional price, null when absent; when present it must be finite and above 0. */
    Double optionalPrice(String field) {
        Double value = optionalNonNegativeNumber(field);
        return value == null ? null : positivePrice(pathOf(field), value);
    }

    /** A required enum constant of {@code type}, named by one of its wire words. */
    <E extends Enum<E> & WireEnum> E wireEnum(String field, Class<E> type) {
        String name = pathOf(field);
        String text = text(field);
        return WireEnum.byWire(type, text).orElseThrow(() -> new Rejection(RejectReason.UNKNOWN_ENUM,
                "field " + quote(name) + " must be one of " + wordsOf(type) + ", got " + quote(text)));
    }

    /** A required nested object. */
    JsonFields object(String field) {
        JsonNode value = required(field);
        return objectValue(field, value);
    }

    /** An optional nested object, null when absent or JSON null. */
    JsonFields optionalObject(String field) {
        JsonNode value = optional(field);
        return value == null ? null : objectValue(field, value);
    }

    /** A required array of numbers; the numbers may be non-finite, for the caller to judge. */
    double[] numberArray(String field) {
        String name = pathOf(field);
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw wrongType(name, "an array of numbers", value);
        }
        double[] numbers = new double[value.size()];
        for (int i = 0; i < numbers.length; i++) {
            JsonNode element = value.get(i);
            if (!element.isNumber()) {
                throw wrongType(name + "[" + i + "]", "a number", element);
            }
            numbers[i] = element.doubleValue();
        }
        return numbers;
    }

    /** The JSON type of {@code value} as rejection details name it. */
    static String typeOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case OBJECT -> "object";
            case ARRAY -> "array";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    static Rejection wrongType(String name, String expected, JsonNode actual) {
        return new Rejection(RejectReason.WRONG_TYPE,
                "field " + quote(name) + " must be " + expected + ", got " + typeOf(actual));
    }

    /** {@code text} in single quotes, shortened so a huge value cannot flood a detail. */
    static String quote(String text) {
        return "'" + shorten(text) + "'";
    }

    /** The wire words of an enum, in declaration order, as a detail lists them. */
    static <E extends Enum<E> & WireEnum> String wordsOf(Class<E> type) {
        List<String> words = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            words.add(constant.wire());
        }
        return words.toString();
    }

    private JsonFields objectValue(String field, JsonNode value) {
        if (!value.isObject()) {
            throw wrongType(pathOf(field), "an object", value);
        }
        return new JsonFields((ObjectNode) value, pathOf(field) + ".");
    }

    private static String textValue(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw wrongType(name, "a string", value);
        }
        return value.textValue();
    }

    private static String nonEmpty(String name, String text) {
        if (text.isBlank()) {
            throw new Rejection(RejectReason.INVALID_VALUE, "field " + quote(name) + " must not be empty");
        }
        return text;
    }

    private static double nonNegative(String name, JsonNode value) {
        if (!value.isNumber()) {
            throw wrongType(name, "a number", value);
        }
        double d = finite(name, value);
        if (d < 0) {
            throw negative(name, value.asText());
        }
        return d;
    }

    private static long nonNegative(String name, long value) {
        if (value < 0) {
            throw negative(name, Long.toString(value));
        }
        return value;
    }

    private static double finite(String name, JsonNode number) {
        double d = number.doubleValue();
        if (!Double.isFinite(d)) {
            // 1e400 parses to Infinity: a number too large for a double is no more usable than one.
            throw new Rejection(RejectReason.NON_FINITE,
                    "field " + quote(name) + " must be a finite number, got " + shorten(number.asText()));
        }
        return d;
    }

    private static double positivePrice(String name, double value) {
        if (value == 0.0) {
            // Venues send 0 for an empty side of the book; no mid, slippage or mark can use it.
            throw new Rejection(RejectReason.INVALID_VALUE, "field " + quote(name) + " must be a price above 0, got 0");
        }
        return value;
    }

    private static Rejection negative(String name, String shown) {
        return new Rejection(RejectReason.NEGATIVE,
                "field " + quote(name) + " must not be negative, got " + shorten(shown));
    }

    private static String shorten(String text) {
        return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "...";
    }
}

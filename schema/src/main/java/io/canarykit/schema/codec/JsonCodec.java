package io.canarykit.schema.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * The one configured JSON mapper of the topics: encodes every record and decodes the trusted
 * output records; input records go through {@link InputDecoder}, which validates them.
 */
public final class JsonCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // NaN and Infinity must parse so they can be rejected (or counted as missing) by name.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // A field named twice is ambiguous: which bid did the feed mean?
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Prices are most of a quote's text: a parser that rounds as Double.parseDouble does, faster.
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(numbersModule())
            .build();
    // Built once: the mapper's own readTree looks up the tree's type and deserializer per call.
    private static final ObjectReader TREE_READER = MAPPER.readerFor(JsonNode.class);
    /**
     * The mapper for reading a record straight from its bytes: the same, except that fields named twice
     * are refused by {@link FieldOnceParser}, and that it refuses the coercions whose result differs
     * with the way a value is read. From a tree, a number given for a
     * text is the tree's rendering of it ({@code -0} becomes {@code "0"}, {@code 2.0E2} {@code "200.0"}),
     * and {@code NaN} for a whole number is refused, where straight from the bytes it would be the text
     * as written and 0. And a whole number too large for a long, skipped (in a field the record does
     * not know) or given for a flag, left Jackson's parser (2.18) handing its value to the next
     * fractional number read. So this mapper also refuses fields the record does not know. Such
     * records are left to the tree, whose answer stands.
     */
    private static final ObjectMapper STRAIGHT_MAPPER = straightMapper();
    // One reader per record type.
    private static final ClassValue<ObjectReader> RECORD_READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return STRAIGHT_MAPPER.readerFor(type);
        }
    };

    private JsonCodec() {}

    private static ObjectMapper straightMapper() {
        ObjectMapper straight = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // Fields named twice are refused by FieldOnceParser, more cheaply.
                .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addModule(numbersModule())
                .build();
        straight.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        straight.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        straight.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return straight;
    }

    /** Writes NaN and infinities as null, so every JSON Canary Kit produces is standard JSON. */
    public static SimpleModule numbersModule() {
        return new SimpleModule("canary-kit-numbers")
                .addSerializer(Double.class, new NonFiniteAsNull())
                .addSerializer(double.class, new NonFiniteAsNull());
    }

    /** The UTF-8 JSON of {@code value}; a non-finite double is written as null. */
    public static byte[] encode(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("value is required but not provided");
        }
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "value of type " + value.getClass().getName() + " cannot be encoded: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Decodes a trusted output record ({@code GateDecision}, {@code KpiRecord}, {@code TcaRecord},
     * {@code DlqRecord}); never throws on bad bytes, but checks only what the record's types imply.
     */
    public static <T> Decoded<T> decode(byte[] raw, Class<T> type) {
        if (type == null) {
            throw new IllegalArgumentException("type is required but not provided");
        }
        T direct = readDirectly(raw, type);
        if (direct != null) {
            return Decoded.accepted(direct);
        }
        JsonNode root;
        try {
            // Syntax first, as for inputs, so empty, malformed and trailing input all read as invalid JSON.
            root = readTree(raw);
        } catch (Rejection r) {
            return r.toDecoded();
        }
        return decodeTree(root, type);
    }

    /**
     * The record read from its bytes in one pass, with no tree between (the tree and its maps were
     * most of a decision's reading), or null. A mapper of the same settings, so the same duplicate,
     * trailing-token and type checks; only ASCII bytes, which need no UTF-8 check. Anything this reading does not accept
     * goes the careful way, tree first, whose answer, value or rejection, is the one given: this
     * reading only ever accepts, and only what the careful way accepts as the same value.
     */
    static <T> T readDirectly(byte[] raw, Class<T> type) {
        if (raw == null || raw.length == 0 || TreeNode.class.isAssignableFrom(type) || !StrictUtf8.isAscii(raw)) {
            return null;
        }
        try (JsonParser parser = new FieldOnceParser(STRAIGHT_MAPPER.createParser(raw))) {
            T value = RECORD_READERS.get(type).readValue(parser);
            return parser.nextToken() == null ? value : null;
        } catch (IOException | RuntimeException notThisWay) {
            return null;
        }
    }

    /**
     * The JSON tree of a record's bytes that {@link #decode} accepted, for serving the record as it
     * was sent.
     *
     * @throws IllegalArgumentException when the bytes are not one JSON value
     */
    public static JsonNode tree(byte[] raw) {
        try {
            return readTree(raw);
        } catch (Rejection r) {
            throw new IllegalArgumentException(r.reason().wire() + ": " + r.getMessage(), r);
        }
    }

    /**
     * As {@link #decode(byte[], Class)}, from a record's JSON tree already read: for a reader that keeps
     * the tree as received beside the record, without parsing the bytes twice.
     */
    public static <T> Decoded<T> decodeTree(JsonNode root, Class<T> type) {
        if (root == null || type == null) {
            throw new IllegalArgumentException("root and type are required, got root=" + root + " type=" + type);
        }
        try {
            T value = MAPPER.treeToValue(root, type);
            if (value == null) {
                return rejected(RejectReason.WRONG_TYPE, "record must be a JSON object, got null");
            }
            return Decoded.accepted(value);
        } catch (Rejection r) {
            return r.toDecoded();
        } catch (InvalidFormatException e) {
            RejectReason reason = e.getTargetType() != null && e.getTargetType().isEnum()
                    ? RejectReason.UNKNOWN_ENUM : RejectReason.WRONG_TYPE;
            return rejected(reason, atPath(e) + e.getOriginalMessage());
        } catch (MismatchedInputException e) {
            return rejected(RejectReason.WRONG_TYPE, atPath(e) + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            return rejected(RejectReason.INVALID_VALUE, atPath(e) + e.getOriginalMessage());
        } catch (JsonProcessingException | RuntimeException e) {
            return rejected(RejectReason.INVALID_VALUE, "record could not be decoded: " + e);
        }
    }

    private static <T> Decoded<T> rejected(RejectReason reason, String detail) {
        return new Rejection(reason, detail).<T>toDecoded();
    }

    /**
     * The JSON tree of a record's UTF-8 bytes; empty, malformed or trailing input, and bytes that are
     * not UTF-8, are a rejection.
     */
    static JsonNode readTree(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw new Rejection(RejectReason.INVALID_JSON, "record is empty");
        }
        JsonNode root;
        try {
            // ASCII is UTF-8 as it is, with no byte order mark: nearly every record is read from its
            // bytes, and only the rest is checked strictly for UTF-8 first.
            root = StrictUtf8.isAscii(raw) ? TREE_READER.readTree(raw) : TREE_READER.readTree(StrictUtf8.decode(raw));
        } catch (JsonProcessingException e) {
            throw new Rejection(RejectReason.INVALID_JSON, "record is not valid JSON: " + describe(e));
        } catch (IOException e) {
            // Reading bytes in memory does no I/O; kept apart so a parse error is never mistaken for it.
            throw new Rejection(RejectReason.INVALID_JSON, "record could not be read: " + e);
        }
        if (root == null || root.isMissingNode()) {
            throw new Rejection(RejectReason.INVALID_JSON, "record is empty");
        }
        return root;
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return e.getOriginalMessage() + where;
    }

    private static String atPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : "field " + JsonFields.quote(path.toString()) + ": ";
    }

    /** Writes NaN and the infinities as null, so every output stays standard JSON. */
    private static final class NonFiniteAsNull extends StdSerializer<Double> {

        NonFiniteAsNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
    }
}

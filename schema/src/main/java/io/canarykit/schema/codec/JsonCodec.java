package io.canarykit.schema.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
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

    private JsonCodec() {}

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

package io.canarykit.schema.codec;

import static io.canarykit.schema.codec.Samples.assertRejected;
import static io.canarykit.schema.codec.Samples.utf8;
import static io.canarykit.schema.codec.Samples.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules every input topic shares: bytes, JSON, the top-level shape and the timestamp. */
class CommonInputRejectionsTest {

    /** One input topic: its decoder and a valid sample. */
    record Topic(String name, Function<byte[], Decoded<?>> decoder, Supplier<ObjectNode> sample) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Topic> allTopics() {
        return Stream.of(
                new Topic("market", InputDecoder::market, Samples::market),
                new Topic("features", InputDecoder::features, Samples::features),
                new Topic("orders", InputDecoder::order, Samples::order),
                new Topic("control", InputDecoder::control, Samples::control),
                new Topic("reference-profile", InputDecoder::referenceProfile, Samples::referenceProfile),
                new Topic("reference-update", InputDecoder::referenceUpdate, Samples::referenceProfile));
    }

    static Stream<Topic> timestampedTopics() {
        // A profile in a start file may give its ts as null (it then holds from the start); on the topic it may not.
        return allTopics().filter(t -> t.sample().get().has("ts") && !t.name().equals("reference-profile"));
    }

    static Stream<Arguments> badUtf8() {
        // A stray continuation byte, a truncated two-byte sequence, an overlong '/', an encoded
        // surrogate, and a code point above U+10FFFF.
        byte[][] sequences = {{(byte) 0x80}, {(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        return allTopics().flatMap(t -> Stream.of(sequences).map(s -> Arguments.of(t, s)));
    }

    @ParameterizedTest
    @MethodSource("badUtf8")
    void rejectsBytesThatAreNotUtf8InsideAnOtherwiseValidRecord(Topic topic, byte[] sequence) {
        byte[] valid = Samples.bytes(topic.sample().get());
        // Splice the bad bytes inside the first string value, after its opening quote.
        int at = new String(valid, java.nio.charset.StandardCharsets.UTF_8).indexOf(":\"") + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, at);
        out.write(sequence, 0, sequence.length);
        out.write(valid, at, valid.length - at);

        assertRejected(topic.decoder().apply(out.toByteArray()), RejectReason.INVALID_UTF8,
                "malformed byte sequence at offset " + at);
    }

    @ParameterizedTest
    @MethodSource("allTopics")
    void readsARecordWithABomOrTextBeyondAsciiAsThePlainAsciiRecord(Topic topic) {
        // Plain ASCII is parsed from the bytes; anything else is checked as UTF-8 first, then parsed as text.
        ObjectNode sample = topic.sample().get();
        byte[] ascii = Samples.bytes(sample);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] withBom = java.util.Arrays.copyOf(bom, bom.length + ascii.length);
        System.arraycopy(ascii, 0, withBom, bom.length, ascii.length);
        // Unknown fields are ignored, so one holding text beyond ASCII changes nothing but the path taken.
        byte[] withAccents = with(sample, "note", "\"pr\u00e9vision \u2192 \u20ac\"");

        Decoded<?> plain = topic.decoder().apply(ascii);
        assertThat(plain.isAccepted()).as("the ASCII sample decodes").isTrue();
        assertThat(topic.decoder().apply(withBom)).isEqualTo(plain);
        assertThat(topic.decoder().apply(withAccents)).isEqualTo(plain);
        assertThat(new String(withAccents, java.nio.charset.StandardCharsets.UTF_8)).contains("\u2192 \u20ac");
    }

    @ParameterizedTest
    @MethodSource("allTopics")
    void rejectsATombstoneEmptyBytesAndBlanksAsEmpty(Topic topic) {
        assertRejected(topic.decoder().apply(new byte[0]), RejectReason.EMPTY, "record has no value");
        assertRejected(topic.decoder().apply(null), RejectReason.EMPTY, "record has no value");
        assertRejected(topic.decoder().apply(utf8(" \n\t\r ")), RejectReason.EMPTY, "record holds only blanks");
    }

    @ParameterizedTest
    @MethodSource("allTopics")
    void rejectsTrailingGarbageAfterAValidRecord(Topic topic) {
        String valid = topic.sample().get().toString();

        assertRejected(topic.decoder().apply(utf8(valid + " x")), RejectReason.INVALID_JSON, "not valid JSON");
        assertRejected(topic.decoder().apply(utf8(valid + "{}")), RejectReason.INVALID_JSON, "not valid JSON");
    }

    @ParameterizedTest
    @MethodSource("allTopics")
    void rejectsMalformedJson(Topic topic) {
        String valid = topic.sample().get().toString();

        assertRejected(topic.decoder().apply(utf8(valid.substring(0, valid.length() / 2))), RejectReason.INVALID_JSON);
        assertRejected(topic.decoder().apply(utf8("{'ts': 1}")), RejectReason.INVALID_JSON);
        assertRejected(topic.decoder().apply(utf8("{\"ts\": 1,}")), RejectReason.INVALID_JSON);
    }

    @ParameterizedTest
    @MethodSource("allTopics")
    void rejectsAFieldNamedTwiceAsInvalidJson(Topic topic) {
        String valid = topic.sample().get().toString();
        String twice = "{\"model_id\": \"x\", " + valid.substring(1);
        String duplicated = valid.contains("\"model_id\"") ? twice : "{\"ts\": 1, " + valid.substring(1);

        assertRejected(topic.decoder().apply(utf8(duplicated)), RejectReason.INVALID_JSON, "Duplicate field");
    }

    @ParameterizedTest
    @MethodSource("allTopics")
    void rejectsATopLevelValueThatIsNotAnObject(Topic topic) {
        assertRejected(topic.decoder().apply(utf8("[1, 2]")), RejectReason.WRONG_TYPE,
                "record must be a JSON object, got array");
        assertRejected(topic.decoder().apply(utf8("\"hello\"")), RejectReason.WRONG_TYPE, "got string");
        assertRejected(topic.decoder().apply(utf8("42")), RejectReason.WRONG_TYPE, "got number");
        assertRejected(topic.decoder().apply(utf8("null")), RejectReason.WRONG_TYPE, "got null");
    }

    @ParameterizedTest
    @MethodSource("allTopics")
    void acceptsALeadingByteOrderMark(Topic topic) {
        byte[] valid = Samples.bytes(topic.sample().get());
        byte[] withBom = new byte[valid.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(valid, 0, withBom, 3, valid.length);

        assertThat(topic.decoder().apply(withBom)).isEqualTo(topic.decoder().apply(valid));
    }

    @ParameterizedTest
    @MethodSource("allTopics")
    void ignoresUnknownTopLevelFieldsOfAnyType(Topic topic) {
        Decoded<?> plain = topic.decoder().apply(Samples.bytes(topic.sample().get()));
        Decoded<?> extra = topic.decoder().apply(with(topic.sample().get(), "x_extra", "{\"a\": [null, NaN, 1e400]}"));

        assertThat(plain.isAccepted()).isTrue();
        assertThat(extra).isEqualTo(plain);
    }

    @ParameterizedTest
    @MethodSource("timestampedTopics")
    void rejectsTimestampsThatAreNotNonNegativeIntegers(Topic topic) {
        ObjectNode s = topic.sample().get();
        Function<byte[], Decoded<?>> d = topic.decoder();

        assertRejected(d.apply(with(s, "ts", "\"1700000000000\"")), RejectReason.WRONG_TYPE,
                "field 'ts' must be an integer, got string");
        assertRejected(d.apply(with(s, "ts", "true")), RejectReason.WRONG_TYPE, "got boolean");
        assertRejected(d.apply(with(s, "ts", "1.5")), RejectReason.WRONG_TYPE, "got fractional number 1.5");
        assertRejected(d.apply(with(s, "ts", "-1")), RejectReason.NEGATIVE, "field 'ts' must not be negative");
        assertRejected(d.apply(with(s, "ts", "-2.0")), RejectReason.NEGATIVE);
        assertRejected(d.apply(with(s, "ts", "-99999999999999999999")), RejectReason.NEGATIVE);
        assertRejected(d.apply(with(s, "ts", "NaN")), RejectReason.NON_FINITE);
        assertRejected(d.apply(with(s, "ts", "Infinity")), RejectReason.NON_FINITE);
        assertRejected(d.apply(with(s, "ts", "1e400")), RejectReason.NON_FINITE);
        assertRejected(d.apply(with(s, "ts", "99999999999999999999")), RejectReason.INVALID_VALUE, "too large");
        assertRejected(d.apply(with(s, "ts", "1e19")), RejectReason.INVALID_VALUE, "too large");
        assertRejected(d.apply(with(s, "ts", "null")), RejectReason.MISSING_FIELD);
    }

    @ParameterizedTest
    @MethodSource("timestampedTopics")
    void rejectsATimestampAfterTheYear9999(Topic topic) {
        // 9223372036854775807 once passed decoding, and the decision's seq (ts x 1000) overflowed in the gate.
        ObjectNode s = topic.sample().get();

        assertThat(topic.decoder().apply(with(s, "ts", "253402300799999")).isAccepted()).isTrue();
        assertRejected(topic.decoder().apply(with(s, "ts", "253402300800000")), RejectReason.INVALID_VALUE,
                "field 'ts' is after the year 9999, got 253402300800000");
        assertRejected(topic.decoder().apply(with(s, "ts", "9223372036854775807")), RejectReason.INVALID_VALUE,
                "after the year 9999");
    }

    @ParameterizedTest
    @MethodSource("timestampedTopics")
    void acceptsAWholeNumberTimestampWrittenWithAnExponentOrFraction(Topic topic) {
        Decoded<?> plain = topic.decoder().apply(Samples.bytes(topic.sample().get()));

        assertThat(topic.decoder().apply(with(topic.sample().get(), "ts", "1.7e12"))).isEqualTo(plain);
        assertThat(topic.decoder().apply(with(topic.sample().get(), "ts", "1700000000000.0"))).isEqualTo(plain);
        assertThat(topic.decoder().apply(with(topic.sample().get(), "ts", "0")).isAccepted()).isTrue();
    }
}

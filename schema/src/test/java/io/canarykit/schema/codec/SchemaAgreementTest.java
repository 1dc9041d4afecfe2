package io.canarykit.schema.codec;

import static io.canarykit.schema.codec.Samples.with;
import static io.canarykit.schema.codec.Samples.without;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps docs/schemas and the decoder from drifting apart: each schema's required and enum lists
 * are checked against what the decoder actually does with the topic's sample record.
 */
class SchemaAgreementTest {

    private static final Pattern ALLOWED_WORDS = Pattern.compile("must be one of \\[([^\\]]*)\\]");

    /** One input topic: its schema file, its decoder and a sample carrying every field. */
    record Topic(String schema, Function<byte[], Decoded<?>> decoder, Supplier<ObjectNode> sample) {
        @Override
        public String toString() {
            return schema;
        }
    }

    static Stream<Topic> topics() {
        return Stream.of(
                new Topic("market.schema.json", InputDecoder::market, Samples::market),
                new Topic("features.schema.json", InputDecoder::features, Samples::features),
                new Topic("orders.schema.json", InputDecoder::order, Samples::order),
                new Topic("control.schema.json", InputDecoder::control, Samples::control),
                new Topic("reference-profile.schema.json", InputDecoder::referenceProfile, Samples::referenceProfile));
    }

    @ParameterizedTest
    @MethodSource("topics")
    void declaresDraft2020AndAnObjectRecord(Topic topic) throws IOException {
        JsonNode schema = schema(topic.schema());

        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(topic.decoder().apply(Samples.bytes(topic.sample().get())).isAccepted()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("topics")
    void documentsEveryFieldTheDecoderReads(Topic topic) throws IOException {
        List<String> documented = new ArrayList<>();
        schema(topic.schema()).path("properties").fieldNames().forEachRemaining(documented::add);
        List<String> sampled = new ArrayList<>();
        topic.sample().get().fieldNames().forEachRemaining(sampled::add);

        assertThat(documented).containsExactlyInAnyOrderElementsOf(sampled);
    }

    @ParameterizedTest
    @MethodSource("topics")
    void requiresExactlyTheFieldsTheDecoderRequiresAtEveryLevel(Topic topic) throws IOException {
        JsonNode schema = schema(topic.schema());
        ObjectNode sample = topic.sample().get();

        checkRequired(topic, schema, schema, sample, sample, "");
    }

    @ParameterizedTest
    @MethodSource("topics")
    void acceptsEachOptionalTopLevelFieldBeingLeftOut(Topic topic) throws IOException {
        Set<String> required = texts(schema(topic.schema()).path("required"));
        ObjectNode sample = topic.sample().get();

        sample.fieldNames().forEachRemaining(field -> {
            if (!required.contains(field)) {
                assertThat(topic.decoder().apply(without(sample, field)).isAccepted()).as(field).isTrue();
            }
        });
    }

    @ParameterizedTest
    @MethodSource("topics")
    void listsExactlyTheEnumWordsTheDecoderAccepts(Topic topic) throws IOException {
        ObjectNode sample = topic.sample().get();
        var properties = schema(topic.schema()).path("properties").properties();

        for (var property : properties) {
            JsonNode words = property.getValue().path("enum");
            if (words.isMissingNode()) {
                continue;
            }
            String field = property.getKey();
            Decoded<?> unknown = topic.decoder().apply(with(sample, field, "\"no-such-word\""));
            assertThat(unknown).isInstanceOf(Decoded.Rejected.class);
            String detail = ((Decoded.Rejected<?>) unknown).detail();
            Matcher allowed = ALLOWED_WORDS.matcher(detail);
            assertThat(allowed.find()).as(detail).isTrue();

            assertThat(List.of(allowed.group(1).split(", "))).as(field).containsExactlyElementsOf(list(words));
            for (String word : list(words)) {
                assertThat(topic.decoder().apply(with(sample, field, "\"" + word + "\"")).isAccepted())
                        .as(field + " = " + word).isTrue();
            }
        }
    }

    @Test
    void requiresFillQuantityAndPriceExactlyWhenTheSchemaConditionSays() throws IOException {
        JsonNode condition = schema("orders.schema.json").path("allOf").get(0);
        assertThat(condition.path("if").path("properties").path("event").path("const").asText()).isEqualTo("fill");
        Set<String> requiredOnFill = texts(condition.path("then").path("required"));
        Set<String> requiredAlways = texts(schema("orders.schema.json").path("required"));

        Set<String> missingOnFill = missingFieldRejections(InputDecoder::order, Samples.fill(), Samples.fill(), "");
        missingOnFill.removeAll(requiredAlways);

        assertThat(missingOnFill).isEqualTo(requiredOnFill);
    }

    /** Compares one object level of a schema with the decoder, then descends into nested objects. */
    private static void checkRequired(Topic topic, JsonNode root, JsonNode level, ObjectNode sampleRoot,
            ObjectNode sampleAtLevel, String path) {
        JsonNode schemaLevel = resolve(root, level);
        Set<String> declared = texts(schemaLevel.path("required"));

        assertThat(missingFieldRejections(topic.decoder(), sampleRoot, sampleAtLevel, path))
                .as(topic.schema() + " at '" + path + "'").isEqualTo(declared);

        sampleAtLevel.properties().forEach(field -> {
            JsonNode child = childSchema(root, schemaLevel, field.getKey());
            if (field.getValue().isObject() && child != null && "object".equals(child.path("type").asText())) {
                checkRequired(topic, root, child, sampleRoot, (ObjectNode) field.getValue(),
                        path + field.getKey() + ".");
            }
        });
    }

    /** The fields of one level whose removal the decoder rejects as missing. */
    private static Set<String> missingFieldRejections(Function<byte[], Decoded<?>> decoder, ObjectNode sampleRoot,
            ObjectNode sampleAtLevel, String path) {
        Set<String> missing = new LinkedHashSet<>();
        sampleAtLevel.fieldNames().forEachRemaining(field -> {
            Decoded<?> decoded = decoder.apply(without(sampleRoot, path + field));
            if (decoded instanceof Decoded.Rejected<?> r && r.reason() == RejectReason.MISSING_FIELD) {
                missing.add(field);
            }
        });
        return missing;
    }

    private static JsonNode childSchema(JsonNode root, JsonNode level, String field) {
        JsonNode named = level.path("properties").get(field);
        if (named != null) {
            return resolve(root, named);
        }
        JsonNode additional = level.get("additionalProperties");
        return additional != null && additional.isObject() ? resolve(root, additional) : null;
    }

    /** Follows a local {@code $ref} such as {@code #/$defs/featureBins}. */
    private static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : root.at(ref.asText().substring(1));
    }

    private static Set<String> texts(JsonNode array) {
        return new LinkedHashSet<>(list(array));
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode schema(String file) throws IOException {
        return Samples.JSON.readTree(schemaDirectory().resolve(file).toFile());
    }

    private static Path schemaDirectory() {
        // Tests run in the module directory; the schemas live at the repository root.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("schemas");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/schemas not found above " + Path.of("").toAbsolutePath());
    }
}

package io.canarykit.schema.codec;

import static io.canarykit.schema.codec.Samples.assertRejected;
import static io.canarykit.schema.codec.Samples.referenceProfile;
import static io.canarykit.schema.codec.Samples.with;
import static io.canarykit.schema.codec.Samples.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.ReferenceProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceProfileDecodingTest {

    @Test
    void decodesEdgesAndExpectedShares() {
        ReferenceProfile p = InputDecoder.referenceProfile(Samples.bytes(referenceProfile())).value();

        FeatureBins spread = new FeatureBins(new double[] {0.1, 0.2, 0.5}, new double[] {0.25, 0.25, 0.25, 0.25});
        assertThat(p).isEqualTo(new ReferenceProfile("champion_20240101", Map.of("spread", spread), 1_700_000_000_000L));
        // 0.2 is the second edge, so it opens bin 2; 0.05 is below the first edge, bin 0.
        assertThat(p.features().get("spread").binOf(0.2)).isEqualTo(2);
        assertThat(p.features().get("spread").binOf(0.05)).isZero();
    }

    @Test
    void acceptsASingleBinFeatureWithNoEdges() {
        byte[] raw = with(referenceProfile(), "features.spread", "{\"edges\": [], \"expected\": [1.0]}");

        assertThat(InputDecoder.referenceProfile(raw).value().features().get("spread").binCount()).isEqualTo(1);
    }

    @Test
    void acceptsSharesThatSumToOneWithinTheTolerance() {
        // 0.1 + 0.2 + 0.3 + 0.4 is 1.0000000000000002 in doubles; 0.2500004 * 4 is 1.0000016 (too far).
        byte[] close = with(referenceProfile(), "features.spread.expected", "[0.1, 0.2, 0.3, 0.4]");
        byte[] far = with(referenceProfile(), "features.spread.expected", "[0.25, 0.25, 0.25, 0.2500016]");

        assertThat(InputDecoder.referenceProfile(close).isAccepted()).isTrue();
        assertRejected(InputDecoder.referenceProfile(far), RejectReason.INVALID_VALUE,
                "feature 'spread': expected must sum to 1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "edges    | [0.1, 0.1, 0.5]           | edges must be strictly ascending",
        "edges    | [0.5, 0.2, 0.1]           | edges must be strictly ascending",
        "edges    | [0.1, NaN, 0.5]           | edges[1] must be finite",
        "edges    | [-Infinity, 0.2, 0.5]     | edges[0] must be finite",
        "expected | [0.5, 0.5]                | expected must have one entry more than edges (4), got 2",
        "expected | [0.5, 0.5, 0.25, -0.25]   | expected[3] must be finite and >= 0, got -0.25",
        "expected | [0.25, 0.25, 0.25, NaN]   | expected[3] must be finite and >= 0, got NaN",
        "expected | [0.2, 0.2, 0.2, 0.2]      | expected must sum to 1 within 1.0E-6, sums to 0.8"})
    void rejectsInconsistentBinsNamingTheFeature(String field, String raw, String detail) {
        assertRejected(InputDecoder.referenceProfile(with(referenceProfile(), "features.spread." + field, raw)),
                RejectReason.INVALID_VALUE, "feature 'spread': " + detail);
    }

    @Test
    void rejectsMoreBinsThanADriftWindowCanHold() {
        StringBuilder edges = new StringBuilder("[0");
        StringBuilder expected = new StringBuilder("[1.0, 0");
        for (int i = 1; i < FeatureBins.MAX_BINS; i++) {
            edges.append(", ").append(i);
            expected.append(", 0");
        }
        byte[] raw = with(referenceProfile(), "features.spread",
                "{\"edges\": " + edges + "], \"expected\": " + expected + "]}");

        assertRejected(InputDecoder.referenceProfile(raw), RejectReason.INVALID_VALUE,
                "feature 'spread': expected must have at most 32767 entries, got 32768");
    }

    @Test
    void rejectsAProfileWithNoFeatures() {
        assertRejected(InputDecoder.referenceProfile(with(referenceProfile(), "features", "{}")),
                RejectReason.INVALID_VALUE, "field 'features' must name at least one feature");
    }

    @ParameterizedTest
    @ValueSource(strings = {"features.spread.edges", "features.spread.expected", "features", "model_id"})
    void rejectsAMissingRequiredField(String path) {
        assertRejected(InputDecoder.referenceProfile(without(referenceProfile(), path)), RejectReason.MISSING_FIELD,
                "field '" + path + "' is required");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "features.spread.edges | [0.1, \"0.2\", 0.5] | field 'features.spread.edges[1]' must be a number, got string",
        "features.spread.edges | 0.1                 | field 'features.spread.edges' must be an array of numbers, got number",
        "features.spread       | [0.1]               | field 'features.spread' must be an object, got array",
        "features              | []                  | field 'features' must be an object, got array"})
    void rejectsAWrongTypeNamingThePath(String path, String raw, String detail) {
        assertRejected(InputDecoder.referenceProfile(with(referenceProfile(), path, raw)), RejectReason.WRONG_TYPE,
                detail);
    }

    @Test
    void rejectsAnEmptyModelId() {
        assertRejected(InputDecoder.referenceProfile(with(referenceProfile(), "model_id", "\" \"")),
                RejectReason.INVALID_VALUE, "field 'model_id' must not be empty");
    }

    @Test
    void ignoresUnknownFields() {
        ReferenceProfile plain = InputDecoder.referenceProfile(Samples.bytes(referenceProfile())).value();

        assertThat(InputDecoder.referenceProfile(with(referenceProfile(), "features.spread.source", "\"2024-Q1\""))
                .value()).isEqualTo(plain);
    }

    @Test
    void aProfileInAStartFileMayGoWithoutATimestamp() {
        assertThat(InputDecoder.referenceProfile(without(referenceProfile(), "ts")).value().ts()).isNull();
        assertThat(InputDecoder.referenceProfile(Samples.bytes(referenceProfile())).value().ts())
                .isEqualTo(1_700_000_000_000L);
    }

    @Test
    void aProfileOnTheTopicNeedsItsTimestamp() {
        assertRejected(InputDecoder.referenceUpdate(without(referenceProfile(), "ts")), RejectReason.MISSING_FIELD,
                "field 'ts' is required");
        assertThat(InputDecoder.referenceUpdate(with(referenceProfile(), "ts", "1.7e12")).value().ts())
                .isEqualTo(1_700_000_000_000L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-1       | NEGATIVE",
        "\"soon\" | WRONG_TYPE",
        "1.5      | WRONG_TYPE"})
    void rejectsABadTimestampInAFileAndOnTheTopic(String raw, RejectReason reason) {
        byte[] bad = with(referenceProfile(), "ts", raw);

        assertRejected(InputDecoder.referenceProfile(bad), reason, "'ts'");
        assertRejected(InputDecoder.referenceUpdate(bad), reason, "'ts'");
    }

    @Test
    void writesTheTimestampOnlyWhenThereIsOne() {
        ReferenceProfile p = InputDecoder.referenceProfile(without(referenceProfile(), "ts")).value();

        assertThat(new String(JsonCodec.encode(p), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("\"ts\"");
        assertThat(InputDecoder.referenceUpdate(JsonCodec.encode(p.at(42))).value()).isEqualTo(p.at(42));
    }
}

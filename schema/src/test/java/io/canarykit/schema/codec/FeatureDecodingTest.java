package io.canarykit.schema.codec;

import static io.canarykit.schema.codec.Samples.assertRejected;
import static io.canarykit.schema.codec.Samples.features;
import static io.canarykit.schema.codec.Samples.with;
import static io.canarykit.schema.codec.Samples.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.FeatureVector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureDecodingTest {

    @Test
    void decodesNumbersAndKeepsNullsInDocumentOrder() {
        FeatureVector v = InputDecoder.features(Samples.bytes(features())).value();

        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("spread", 0.2);
        expected.put("imbalance", -0.3);
        expected.put("vol", null);
        assertThat(v.ts()).isEqualTo(1_700_000_000_000L);
        assertThat(v.symbol()).isEqualTo("BTC-USD");
        assertThat(v.modelId()).isEqualTo("champion_20240101");
        assertThat(v.features()).containsExactlyEntriesOf(expected);
    }

    @Test
    void keepsNonFiniteValuesForTheSignalsToCountAsMissing() {
        byte[] raw = Samples.utf8("""
                {"ts": 1, "symbol": "S", "model_id": "m",
                 "features": {"a": NaN, "b": Infinity, "c": -Infinity, "d": 1e400, "e": 7}}""");

        Map<String, Double> f = InputDecoder.features(raw).value().features();

        assertThat(f.get("a")).isNaN();
        assertThat(f.get("b")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(f.get("c")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(f.get("d")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(f.get("e")).isEqualTo(7.0);
    }

    @Test
    void acceptsAnEmptyFeatureObjectAndLeavesAbsentFeaturesOutOfTheMap() {
        FeatureVector v = InputDecoder.features(with(features(), "features", "{}")).value();

        assertThat(v.features()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"0.2\" | string",
        "true    | boolean",
        "[0.2]   | array",
        "{}      | object"})
    void rejectsAFeatureValueThatIsNeitherNumberNorNull(String raw, String actual) {
        assertRejected(InputDecoder.features(with(features(), "features.spread", raw)), RejectReason.WRONG_TYPE,
                "field 'features.spread' must be a number or null, got " + actual);
    }

    @Test
    void rejectsFeaturesThatAreNotAnObject() {
        assertRejected(InputDecoder.features(with(features(), "features", "[0.2, 0.3]")), RejectReason.WRONG_TYPE,
                "field 'features' must be an object, got array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ts", "symbol", "model_id", "features"})
    void rejectsAMissingRequiredField(String field) {
        assertRejected(InputDecoder.features(without(features(), field)), RejectReason.MISSING_FIELD,
                "field '" + field + "' is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"symbol", "model_id"})
    void rejectsAnEmptyIdentifier(String field) {
        assertRejected(InputDecoder.features(with(features(), field, "\"\"")), RejectReason.INVALID_VALUE,
                "field '" + field + "' must not be empty");
    }

    @Test
    void ignoresUnknownFields() {
        FeatureVector plain = InputDecoder.features(Samples.bytes(features())).value();

        assertThat(InputDecoder.features(with(features(), "latency_us", "17")).value()).isEqualTo(plain);
    }
}

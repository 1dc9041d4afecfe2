package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.cli.demo.desk.ProfileSampler;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import io.canarykit.schema.codec.InputDecoder;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadEncoderTest {

    private static final ObjectMapper TREES = new ObjectMapper();

    private static Object decodedAsInput(Object record, byte[] json) {
        if (record instanceof MarketQuote) {
            return InputDecoder.market(json).value();
        }
        if (record instanceof FeatureVector) {
            return InputDecoder.features(json).value();
        }
        return InputDecoder.order(json).value();
    }

    @Test
    void aQuoteIsWrittenAsTheTopicCarriesIt() {
        MarketQuote quote = new MarketQuote(1_700_000_000_123L, "AAPL", Feed.PRIMARY, 99.995, 100.005, 1.0, 2.5);

        String json = new String(new LoadEncoder().encode(quote), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"ts\":1700000000123,\"symbol\":\"AAPL\",\"feed\":\"primary\","
                + "\"bid\":99.995,\"ask\":100.005,\"bid_size\":1.0,\"ask_size\":2.5}");
    }

    @Test
    void anOrderLeavesOutWhatItDoesNotCarryAndNamesEveryFlag() {
        OrderEvent acked = new OrderEvent(5L, OrderEventType.ACKED, "o-1", "MSFT", Side.SELL, "main", "champion-v1",
                true, 2.0, 410.25, null, 20.0, null, null, null);

        String json = new String(new LoadEncoder().encode(acked), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"ts\":5,\"event\":\"acked\",\"order_id\":\"o-1\",\"symbol\":\"MSFT\","
                + "\"side\":\"sell\",\"account\":\"main\",\"model_id\":\"champion-v1\",\"canary\":true,"
                + "\"qty\":2.0,\"price\":410.25,\"place_ms\":20.0,\"shadow\":false}");
    }

    @Test
    void aFeatureThatIsNotANumberIsWrittenAsNull() {
        Map<String, Double> features = new LinkedHashMap<>();
        features.put("spread_bps", 1.5);
        features.put("imbalance", Double.NaN);
        features.put("vol", null);

        String json = new String(new LoadEncoder().encode(new FeatureVector(9L, "X", "m", features)),
                StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"ts\":9,\"symbol\":\"X\",\"model_id\":\"m\","
                + "\"features\":{\"spread_bps\":1.5,\"imbalance\":null,\"vol\":null}}");
    }

    @Test
    void everyRecordOfTheMixReadsBackAsItselfAndAsTheRecordsOwnJson() throws Exception {
        LoadMix mix = new LoadMix(List.of("S000", "S001", "S002", "S003", "S004"), Set.of("S001"),
                new ProfileSampler(SyntheticDesk.profile(SyntheticDesk.CHAMPION)),
                new ProfileSampler(SyntheticDesk.profile(SyntheticDesk.CHALLENGER)), 11);
        LoadEncoder encoder = new LoadEncoder();
        int orders = 0;
        int vectors = 0;
        for (int i = 0; i < 20_000; i++) {
            Object record = mix.next(1_800_000_000_000L + i);
            byte[] json = encoder.encode(record);

            // The input topics' own decoder, with its validation, gives back the same record...
            assertThat(decodedAsInput(record, json)).isEqualTo(record);
            // ...and the JSON holds the same fields and values as the records' own encoding.
            JsonNode ours = TREES.readTree(json);
            assertThat(ours).isEqualTo(TREES.readTree(JsonCodec.encode(record)));
            orders += record instanceof OrderEvent ? 1 : 0;
            vectors += record instanceof FeatureVector ? 1 : 0;
        }
        assertThat(orders).isEqualTo(2_000);
        assertThat(vectors).isEqualTo(4_000);
    }

    @Test
    void everyFiniteDoubleReadsBackAsTheSameDouble() throws Exception {
        Random random = new Random(5);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.1, 1e-6, 1e-7, -1e-7, 5e-7, 0.0000015,
                999_999_999.999999, 1e9, -1e9, 123_456_789.123456, Double.MIN_VALUE, Double.MAX_VALUE, 1e300,
                -2.5e-300, 0.30000000000000004));
        for (int i = 0; i < 50_000; i++) {
            values.add(Math.round(random.nextGaussian() * 1e10) / 1e6);
            values.add(random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15));
            values.add(Double.longBitsToDouble(random.nextLong()));
        }
        LoadEncoder encoder = new LoadEncoder();
        for (double value : values) {
            if (!Double.isFinite(value)) {
                continue;
            }
            byte[] json = encoder.encode(new MarketQuote(1L, "X", Feed.PRIMARY, value, 1.0, null, null));

            double read = TREES.readTree(json).get("bid").doubleValue();
            assertThat(Double.doubleToRawLongBits(read)).as("%s read back from %s", value,
                    new String(json, StandardCharsets.UTF_8)).isEqualTo(Double.doubleToRawLongBits(value));
        }
    }

    @Test
    void aNumberOnTheGridIsWrittenAsAPlainDecimalWithoutTrailingZeros() {
        LoadEncoder encoder = new LoadEncoder();
        Map<Double, String> expected = Map.of(100.0001, "100.0001", -0.5, "-0.5", 42.0, "42.0",
                0.000001, "0.000001", -123_456.78, "-123456.78", 99.99, "99.99");
        expected.forEach((value, text) -> {
            String json = new String(encoder.encode(new MarketQuote(1L, "X", Feed.PRIMARY, value, 1.0, null, null)),
                    StandardCharsets.UTF_8);
            assertThat(json).contains("\"bid\":" + text + ",");
        });
    }

    @Test
    void somethingElseIsRefusedByName() {
        assertThatThrownBy(() -> new LoadEncoder().encode("a string"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a string");
    }
}

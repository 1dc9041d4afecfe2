package io.canarykit.schema.codec;

import static io.canarykit.schema.codec.Samples.assertRejected;
import static io.canarykit.schema.codec.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.ChallengerKpis;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Gates;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.Mode;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.WireEnum;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonCodecTest {

    static KpiRecord kpis(Double psi, ChallengerKpis challenger, Map<String, Double> psiByFeature) {
        return new KpiRecord("BTC-USD", 1_700_000_000_000L, "champion_20240101", psi, 0.0, 1.25, 0.2, 41.0,
                0.004, 1.8, 0L, 0L, 3L, 12L, 0.93, 0.07,
                Map.of("psi", 1_800_000L, "slo", 900_000L), Map.of("placed", 57L, "acked", 55L),
                psiByFeature, challenger);
    }

    static GateDecision decision() {
        ChallengerKpis challenger = new ChallengerKpis("challenger_20240301", 0.35, 80.0, 0.0, null, 21, 22);
        return new GateDecision("BTC-USD", 1_700_000_000_000L, 42, 1_700_000_010_000L, false, Mode.HALTED, 0.0,
                List.of(GateReason.KILL_SWITCH, GateReason.PSI_WARN),
                new Gates(false, true, false, false, true, false, false, CanaryCut.CHALLENGER_PSI),
                "champion_20240101", "champion_20240101", "challenger_20240301", false, 0.0, 0.0, true,
                kpis(0.25, challenger, Map.of("spread", 0.25, "imbalance", 0.01)));
    }

    static Map<String, Double> withNull(String key, Double value, String nullKey) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(key, value);
        m.put(nullKey, null);
        return m;
    }

    static Stream<Arguments> outputRecords() {
        return Stream.of(
                Arguments.of(decision()),
                Arguments.of(kpis(null, null, null)),
                Arguments.of(kpis(0.31, new ChallengerKpis("c", null, null, null, null, 0, 0), Map.of("a", 0.31))),
                Arguments.of(new TcaRecord("o-1", "BTC-USD", 1_700_000_000_500L, Side.SELL, "challenger_20240301", true,
                        1.0, 100.65, 100.6, 100.65, 0.01, -4.97, 12.0, Map.of("1s", 0.5, "5s", -1.0, "60s", 2.25), true)),
                Arguments.of(new TcaRecord("o-2", "ETH-USD", 9, Side.BUY, "m", false, 2.0, 10.0, null, 20.0, 0.0, null,
                        null, null, false)),
                Arguments.of(new DlqRecord(5, "kit.market", "bid_above_ask", "bid 2.0 is above ask 1.0", "e30=", 2, false, 3, 99L)),
                Arguments.of(new DlqRecord(5, "kit.orders", "invalid_json", "record has no value", "", 0, false, null, null)));
    }

    static Stream<Arguments> inputRecords() {
        FeatureBins bins = new FeatureBins(new double[] {-1.0, 0.0, 2.5}, new double[] {0.1, 0.4, 0.4, 0.1});
        return Stream.of(
                Arguments.of(new MarketQuote(1, "BTC-USD", Feed.REFERENCE, 99.5, 100.0, null, 4.0),
                        (Function<byte[], Decoded<?>>) InputDecoder::market),
                Arguments.of(new FeatureVector(2, "BTC-USD", "m", withNull("spread", -0.25, "vol")),
                        (Function<byte[], Decoded<?>>) InputDecoder::features),
                Arguments.of(new OrderEvent(3, OrderEventType.FILL, "o-1", "BTC-USD", Side.SELL, "hedge", "m", true, 2.0,
                        100.0, 100.1, null, 1.0, 99.9, 0.02), (Function<byte[], Decoded<?>>) InputDecoder::order),
                Arguments.of(new OrderEvent(4, OrderEventType.ACKED, "o-1", "BTC-USD", Side.BUY, "main", "m", false, null,
                        null, null, 35.0, null, null, null), (Function<byte[], Decoded<?>>) InputDecoder::order),
                Arguments.of(new ControlCommand("c-9", 5, "ops", ControlType.SET_LIMITS,
                        Map.of("max_trades_per_day", "40", "limits", "{\"a\":1}")),
                        (Function<byte[], Decoded<?>>) InputDecoder::control),
                Arguments.of(new ReferenceProfile("m", Map.of("spread", bins)),
                        (Function<byte[], Decoded<?>>) InputDecoder::referenceProfile));
    }

    @ParameterizedTest
    @MethodSource("outputRecords")
    void roundTripsEveryOutputRecord(Object record) {
        Decoded<?> decoded = JsonCodec.decode(JsonCodec.encode(record), record.getClass());

        assertThat(decoded.value()).isEqualTo(record);
    }

    @ParameterizedTest
    @MethodSource("inputRecords")
    void roundTripsEveryInputRecordThroughTheValidatingDecoderAndThePlainOne(
            Object record, Function<byte[], Decoded<?>> decoder) {
        byte[] encoded = JsonCodec.encode(record);

        assertThat(decoder.apply(encoded).value()).isEqualTo(record);
        assertThat(JsonCodec.decode(encoded, record.getClass()).value()).isEqualTo(record);
    }

    static Stream<WireEnum> everyWireConstant() {
        return Stream.of(Feed.class, Side.class, OrderEventType.class, ControlType.class, Mode.class,
                        GateReason.class, CanaryCut.class, RejectReason.class)
                .flatMap(type -> Stream.of(type.getEnumConstants()));
    }

    @ParameterizedTest
    @MethodSource("everyWireConstant")
    void writesAndReadsEveryEnumAsItsWireWord(WireEnum constant) {
        byte[] encoded = JsonCodec.encode(constant);

        assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo("\"" + constant.wire() + "\"");
        assertThat(JsonCodec.decode(encoded, constant.getClass()).value()).isEqualTo(constant);
    }

    @Test
    void writesTheDecisionWithTheContractNamesAndWords() throws IOException {
        JsonNode json = Samples.JSON.readTree(JsonCodec.encode(decision()));

        assertThat(json.get("mode").asText()).isEqualTo("halted");
        assertThat(json.get("reasons").toString()).isEqualTo("[\"kill_switch\",\"psi_warn\"]");
        assertThat(json.get("gates").get("canary").asText()).isEqualTo("challenger_psi");
        assertThat(json.get("valid_until").asLong()).isEqualTo(1_700_000_010_000L);
        assertThat(json.get("kpis").get("psi_by_feature").get("spread").asDouble()).isEqualTo(0.25);
        assertThat(json.get("kpis").get("challenger").get("model_id").asText()).isEqualTo("challenger_20240301");
    }

    @Test
    void writesEverySignalOfAKpiRecordEvenWhenItHasNoValue() throws IOException {
        JsonNode json = Samples.JSON.readTree(JsonCodec.encode(kpis(null, null, null)));

        assertThat(json.has("psi")).isTrue();
        assertThat(json.get("psi").isNull()).isTrue();
        assertThat(json.has("challenger")).isFalse();
        assertThat(json.has("psi_by_feature")).isFalse();
    }

    @Test
    void writesATcaRecordsUnknownMarkoutsAsNullsAndItsFinalFlag() throws IOException {
        Map<String, Double> unknown = new LinkedHashMap<>();
        unknown.put("1s", null);
        unknown.put("5s", null);
        unknown.put("60s", null);
        TcaRecord first = new TcaRecord("o-1", "S", 1, Side.BUY, "m", false, 1.0, 2.0, 2.0, 2.0, 0.0, 0.0, null, unknown, false);

        JsonNode json = Samples.JSON.readTree(JsonCodec.encode(first));

        assertThat(json.get("final").asBoolean(true)).isFalse();
        assertThat(json.has("isFinal")).isFalse();
        assertThat(json.get("markouts_bps").size()).isEqualTo(3);
        assertThat(json.get("markouts_bps").get("60s").isNull()).isTrue();
        assertThat(first.fillKey()).isEqualTo("o-1|1|1.0|2.0");
    }

    @Test
    void readsATcaRecordWithoutFinalAsTheLastWordOfAnOlderBuild() {
        byte[] old = ("{\"order_id\":\"o\",\"symbol\":\"S\",\"ts\":1,\"side\":\"buy\",\"model_id\":\"m\","
                + "\"canary\":false,\"fill_qty\":1,\"fill_px\":2,\"notional\":2,\"fee\":0}").getBytes(StandardCharsets.UTF_8);

        assertThat(JsonCodec.decode(old, TcaRecord.class).value().isFinal()).isTrue();
    }

    @Test
    void writesNonFiniteNumbersAsNullSoOutputsStayStandardJson() throws IOException {
        Map<String, Double> features = new HashMap<>();
        features.put("a", Double.NaN);
        features.put("b", Double.POSITIVE_INFINITY);

        String kpi = new String(JsonCodec.encode(kpis(Double.NaN, null, null)), StandardCharsets.UTF_8);
        JsonNode vector = Samples.JSON.readTree(JsonCodec.encode(new FeatureVector(1, "S", "m", features)));

        assertThat(kpi).contains("\"psi\":null").doesNotContain("NaN");
        assertThat(vector.get("features").get("a").isNull()).isTrue();
        assertThat(vector.get("features").get("b").isNull()).isTrue();
    }

    @Test
    void leavesDerivedValuesAndAbsentOptionalsOutOfInputRecords() {
        String quote = new String(JsonCodec.encode(new MarketQuote(1, "S", Feed.PRIMARY, 1.0, 2.0, null, null)),
                StandardCharsets.UTF_8);
        String order = new String(JsonCodec.encode(new OrderEvent(1, OrderEventType.PLACED, "o", "S", Side.BUY,
                "main", "m", false, 1.0, null, null, null, null, null, null)), StandardCharsets.UTF_8);

        assertThat(quote).isEqualTo("{\"ts\":1,\"symbol\":\"S\",\"feed\":\"primary\",\"bid\":1.0,\"ask\":2.0}");
        assertThat(order).doesNotContain("dedup", "notional", "price", "null");
    }

    @Test
    void rejectsBadOutputBytesWithoutThrowing() {
        assertRejected(JsonCodec.decode(new byte[] {'{', (byte) 0xFF, '}'}, GateDecision.class),
                RejectReason.INVALID_UTF8, "offset 1");
        assertRejected(JsonCodec.decode(utf8("{\"symbol\": "), GateDecision.class), RejectReason.INVALID_JSON);
        String kpi = new String(JsonCodec.encode(kpis(null, null, null)), StandardCharsets.UTF_8);
        assertRejected(JsonCodec.decode(utf8(kpi + " []"), KpiRecord.class), RejectReason.INVALID_JSON);
        assertRejected(JsonCodec.decode(new byte[0], TcaRecord.class), RejectReason.INVALID_JSON, "record is empty");
        assertRejected(JsonCodec.decode(utf8("null"), DlqRecord.class), RejectReason.WRONG_TYPE);
        assertRejected(JsonCodec.decode(utf8("[1]"), DlqRecord.class), RejectReason.WRONG_TYPE);
    }

    @Test
    void rejectsAnOutputRecordWithAWrongFieldNamingIt() {
        String good = new String(JsonCodec.encode(decision()), StandardCharsets.UTF_8);

        assertRejected(JsonCodec.decode(utf8(good.replace("\"mode\":\"halted\"", "\"mode\":\"paused\"")),
                GateDecision.class), RejectReason.UNKNOWN_ENUM, "field 'mode'");
        assertRejected(JsonCodec.decode(utf8(good.replace("\"seq\":42", "\"seq\":\"x\"")), GateDecision.class),
                RejectReason.WRONG_TYPE, "field 'seq'");
        assertRejected(JsonCodec.decode(utf8(good.replace("\"seq\":42", "\"seq\":null")), GateDecision.class),
                RejectReason.WRONG_TYPE, "field 'seq'");
        assertRejected(JsonCodec.decode(utf8(good.replace("\"canary\":\"challenger_psi\"", "\"canary\":\"x\"")),
                GateDecision.class), RejectReason.UNKNOWN_ENUM, "field 'gates.canary'");
        // A missing primitive must not silently become 0: a decision with seq 0 would look older than all.
        assertRejected(JsonCodec.decode(utf8(good.replace("\"seq\":42,", "")), GateDecision.class),
                RejectReason.WRONG_TYPE, "field 'seq'");
        // GateDecision copies its reasons, so a decision without them cannot be built.
        assertThat(JsonCodec.decode(utf8(good.replace("\"reasons\"", "\"old_reasons\"")), GateDecision.class)
                .isAccepted()).isFalse();
    }

    @Test
    void ignoresUnknownFieldsOfOutputRecords() {
        String good = new String(JsonCodec.encode(decision()), StandardCharsets.UTF_8);

        Decoded<GateDecision> decoded = JsonCodec.decode(utf8("{\"v2_field\": [1, {}], " + good.substring(1)),
                GateDecision.class);

        assertThat(decoded.value()).isEqualTo(decision());
    }

    @Test
    void readsEveryNumberAsTheJdkRoundsIt() {
        java.util.Random random = new java.util.Random(3);
        List<String> texts = new ArrayList<>(List.of("0.1", "1e-7", "123456789.123456789", "2.2250738585072014E-308",
                "4.9e-324", "1.7976931348623157e308", "0.30000000000000004", "9007199254740993", "100.005"));
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                texts.add(Double.toString(d));
            }
            // Prices as feeds write them: a few digits after the point.
            texts.add(String.format(java.util.Locale.ROOT, "%.5f", random.nextDouble() * 100_000));
        }
        for (String text : texts) {
            JsonNode read = JsonCodec.decode(utf8("{\"x\": " + text + "}"), JsonNode.class).value();
            assertThat(read.get("x").asDouble()).as(text).isEqualTo(Double.parseDouble(text));
        }
    }

    @Test
    void readsARecordFromItsTreeAsFromItsBytes() {
        String good = new String(JsonCodec.encode(decision()), StandardCharsets.UTF_8);
        JsonNode tree = JsonCodec.decode(utf8("{\"v2_field\": 1, " + good.substring(1)), JsonNode.class).value();

        assertThat(JsonCodec.decodeTree(tree, GateDecision.class).value()).isEqualTo(decision());
        assertThat(tree.get("v2_field").asInt()).as("the tree keeps what the record does not").isEqualTo(1);
        JsonNode paused = JsonCodec.decode(utf8(good.replace("\"mode\":\"halted\"", "\"mode\":\"paused\"")),
                JsonNode.class).value();
        assertRejected(JsonCodec.decodeTree(paused, GateDecision.class), RejectReason.UNKNOWN_ENUM, "field 'mode'");
    }

    @Test
    void refusesToEncodeNothing() {
        assertThatThrownBy(() -> JsonCodec.encode(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value is required");
        assertThatThrownBy(() -> JsonCodec.decode(new byte[0], null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type is required");
    }
}

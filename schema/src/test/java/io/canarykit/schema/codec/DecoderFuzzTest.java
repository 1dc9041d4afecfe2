package io.canarykit.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Feeds random bytes and randomly broken records to every decoder (fixed seeds, so runs repeat):
 * none may throw, every rejection must be readable, and every accepted record must satisfy the
 * topic's rules and survive an encode and decode unchanged.
 */
class DecoderFuzzTest {

    private static final int RANDOM_BYTE_STRINGS = 2_000;
    private static final int MUTANTS_PER_TOPIC = 2_500;
    private static final int MAX_DETAIL_CHARS = 403;
    private static final String JSONISH = "{}[]\":,0123456789.eE-+ntrufalsNIy \\";
    private static final String[] WORDS = {"", " ", "x", "primary", "reference", "placed", "acked", "fill",
        "canceled", "buy", "sell", "kill", "canary_share", "main", "BTC-USD", "ts", "\\u00e9", "\\ud800"};
    private static final String[] RAW_NUMBERS = {"0", "-0.0", "1", "-1", "1.5", "-2.5", "100.6", "1e400", "-1e400",
        "NaN", "Infinity", "-Infinity", "1.7e12", "99999999999999999999", "-99999999999999999999", "1e-320"};

    /** An input topic with the invariant every accepted record of it must satisfy. */
    record Input(String name, Function<byte[], Decoded<?>> decoder, Supplier<ObjectNode> sample,
            Consumer<Object> invariant) {}

    static List<Input> inputs() {
        return List.of(
                new Input("market", InputDecoder::market, Samples::market, v -> checkQuote((MarketQuote) v)),
                new Input("features", InputDecoder::features, Samples::features, v -> checkVector((FeatureVector) v)),
                new Input("orders", InputDecoder::order, Samples::order, v -> checkOrder((OrderEvent) v)),
                new Input("fills", InputDecoder::order, Samples::fill, v -> checkOrder((OrderEvent) v)),
                new Input("control", InputDecoder::control, Samples::control, v -> checkControl((ControlCommand) v)),
                new Input("reference-profile", InputDecoder::referenceProfile, Samples::referenceProfile,
                        v -> checkProfile((ReferenceProfile) v)));
    }

    static Map<Class<?>, Object> outputs() {
        Map<Class<?>, Object> outputs = new LinkedHashMap<>();
        outputs.put(GateDecision.class, JsonCodecTest.decision());
        outputs.put(KpiRecord.class, JsonCodecTest.kpis(0.1, null, Map.of("a", 0.1)));
        outputs.put(TcaRecord.class, new TcaRecord("o-1", "S", 1, Side.BUY, "m", true, 1.0, 2.0, 2.0, 2.0, 0.0, 0.0,
                3.0, Map.of("1s", 0.1), false));
        outputs.put(DlqRecord.class, new DlqRecord(1, "kit.market", "invalid_json", "d", "e30=", 2, false, 0, 1L));
        return outputs;
    }

    @Test
    void noDecoderThrowsOnRandomByteStrings() {
        Random random = new Random(20_240_501L);
        List<Input> inputs = inputs();
        Map<Class<?>, Object> outputs = outputs();
        int accepted = 0;
        for (int i = 0; i < RANDOM_BYTE_STRINGS; i++) {
            byte[] raw = randomBytes(random);
            for (Input input : inputs) {
                accepted += checkWellFormed(input.decoder().apply(raw)) ? 1 : 0;
            }
            for (Class<?> type : outputs.keySet()) {
                checkWellFormed(JsonCodec.decode(raw, type));
            }
        }
        // Random bytes are never a valid record; if one were, the decoder would be far too lax.
        assertThat(accepted).isZero();
    }

    @Test
    void inputDecodersNeverThrowOnBrokenRecordsAndAcceptOnlyValidOnes() {
        Random random = new Random(7L);
        Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        int accepted = 0;
        for (Input input : inputs()) {
            for (int i = 0; i < MUTANTS_PER_TOPIC; i++) {
                byte[] raw = mutant(input.sample().get(), random);
                Decoded<?> decoded = input.decoder().apply(raw);
                if (checkWellFormed(decoded)) {
                    accepted++;
                    Object value = decoded.value();
                    input.invariant().accept(value);
                    assertThat(normalised(input.decoder().apply(JsonCodec.encode(value)).value()))
                            .as(input.name() + ": " + new String(raw, java.nio.charset.StandardCharsets.UTF_8))
                            .isEqualTo(normalised(value));
                } else {
                    reasons.merge(((Decoded.Rejected<?>) decoded).reason(), 1, Integer::sum);
                }
            }
        }
        // The mutations must reach every decoding rule and still leave plenty of records intact;
        // processing_error belongs to the job, for valid records a signal could not apply, and
        // future_ts to the live job, which alone has a clock to compare a record's ts with.
        assertThat(reasons.keySet()).containsExactlyInAnyOrderElementsOf(java.util.EnumSet.complementOf(
                java.util.EnumSet.of(RejectReason.PROCESSING_ERROR, RejectReason.FUTURE_TS)));
        assertThat(accepted).isGreaterThan(inputs().size() * MUTANTS_PER_TOPIC / 20);
    }

    @Test
    void outputDecoderNeverThrowsOnBrokenRecords() {
        Random random = new Random(11L);
        int accepted = 0;
        for (Map.Entry<Class<?>, Object> output : outputs().entrySet()) {
            ObjectNode sample = tree(JsonCodec.encode(output.getValue()));
            for (int i = 0; i < MUTANTS_PER_TOPIC / 4; i++) {
                accepted += checkWellFormed(JsonCodec.decode(mutant(sample, random), output.getKey())) ? 1 : 0;
            }
        }
        assertThat(accepted).isPositive();
    }

    /** True when accepted; a rejection must carry a reason and a short, non-blank detail. */
    private static boolean checkWellFormed(Decoded<?> decoded) {
        assertThat(decoded).isNotNull();
        if (decoded instanceof Decoded.Rejected<?> r) {
            assertThat(r.reason()).isNotNull();
            assertThat(r.detail()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_DETAIL_CHARS);
            return false;
        }
        assertThat(decoded.value()).isNotNull();
        return true;
    }

    // ---- mutations ----

    private static byte[] mutant(ObjectNode sample, Random random) {
        ObjectNode tree = sample.deepCopy();
        List<String> raws = new ArrayList<>();
        int treeMutations = 1 + random.nextInt(3);
        for (int m = 0; m < treeMutations; m++) {
            mutateTree(tree, random, raws);
        }
        String text = tree.toString();
        for (int k = 0; k < raws.size(); k++) {
            text = text.replace("\"@@raw" + k + "@@\"", raws.get(k));
        }
        byte[] bytes = Samples.utf8(text);
        return random.nextInt(4) == 0 ? mutateBytes(bytes, random) : bytes;
    }

    private static void mutateTree(ObjectNode root, Random random, List<String> raws) {
        ObjectNode target = randomObject(root, random);
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() ? "extra" : names.get(random.nextInt(names.size()));
        switch (random.nextInt(4)) {
            case 0 -> target.remove(name);
            case 1 -> target.set("x_" + random.nextInt(100), placeholder(randomRaw(random, 2), raws));
            default -> target.set(name, placeholder(randomRaw(random, 2), raws));
        }
    }

    private static ObjectNode randomObject(ObjectNode root, Random random) {
        ObjectNode node = root;
        while (random.nextBoolean()) {
            List<JsonNode> children = new ArrayList<>();
            node.elements().forEachRemaining(child -> {
                if (child.isObject()) {
                    children.add(child);
                }
            });
            if (children.isEmpty()) {
                break;
            }
            node = (ObjectNode) children.get(random.nextInt(children.size()));
        }
        return node;
    }

    private static TextNode placeholder(String raw, List<String> raws) {
        raws.add(raw);
        return TextNode.valueOf("@@raw" + (raws.size() - 1) + "@@");
    }

    /** A random JSON value as text, including the non-standard NaN and Infinity literals. */
    private static String randomRaw(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 7);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2, 3 -> RAW_NUMBERS[random.nextInt(RAW_NUMBERS.length)];
            case 4 -> Double.toString((random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(8)));
            case 5, 6 -> "\"" + WORDS[random.nextInt(WORDS.length)] + "\"";
            case 7 -> "[" + randomRaw(random, depth - 1) + ", " + randomRaw(random, depth - 1) + "]";
            default -> "{\"a\": " + randomRaw(random, depth - 1) + "}";
        };
    }

    private static byte[] mutateBytes(byte[] bytes, Random random) {
        if (bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(4)) {
            case 0 -> out.write(bytes, 0, at);
            case 1 -> {
                out.write(bytes, 0, at);
                out.write(bytes, at + 1, bytes.length - at - 1);
            }
            case 2 -> {
                out.write(bytes, 0, at);
                out.write(0x80 + random.nextInt(0x80));
                out.write(bytes, at, bytes.length - at);
            }
            default -> {
                out.write(bytes, 0, at);
                out.write(JSONISH.charAt(random.nextInt(JSONISH.length())));
                out.write(bytes, at, bytes.length - at);
            }
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(Random random) {
        byte[] raw = new byte[random.nextInt(200)];
        int style = random.nextInt(3);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = switch (style) {
                case 0 -> (byte) random.nextInt(256);
                case 1 -> (byte) (0x20 + random.nextInt(0x5F));
                default -> (byte) JSONISH.charAt(random.nextInt(JSONISH.length()));
            };
        }
        return raw;
    }

    // ---- invariants of accepted records ----

    private static void checkQuote(MarketQuote q) {
        assertThat(q.ts()).isNotNegative();
        assertThat(q.symbol()).isNotBlank();
        assertThat(q.feed()).isNotNull();
        checkNonNegative(q.bid(), q.ask(), q.bidSize(), q.askSize());
        assertThat(q.bid()).isLessThanOrEqualTo(q.ask());
    }

    private static void checkVector(FeatureVector v) {
        assertThat(v.ts()).isNotNegative();
        assertThat(v.symbol()).isNotBlank();
        assertThat(v.modelId()).isNotBlank();
        assertThat(v.features()).isNotNull();
    }

    private static void checkOrder(OrderEvent e) {
        assertThat(e.ts()).isNotNegative();
        assertThat(e.event()).isNotNull();
        assertThat(e.side()).isNotNull();
        assertThat(List.of(e.orderId(), e.symbol(), e.modelId(), e.account())).allSatisfy(s -> assertThat(s).isNotBlank());
        checkNonNegative(e.qty(), e.price(), e.arrivalMid(), e.placeMs(), e.fillQty(), e.fillPx(), e.fee());
        if (e.event() == OrderEventType.FILL) {
            assertThat(e.fillQty()).isPositive();
            assertThat(e.fillPx()).isNotNull();
        }
    }

    private static void checkControl(ControlCommand c) {
        assertThat(c.id()).isNotBlank();
        assertThat(c.ts()).isNotNegative();
        assertThat(c.actor()).isNotNull();
        assertThat(c.type()).isNotNull();
        assertThat(c.args().values()).doesNotContainNull();
    }

    private static void checkProfile(ReferenceProfile p) {
        assertThat(p.modelId()).isNotBlank();
        assertThat(p.features()).isNotEmpty();
        for (FeatureBins bins : p.features().values()) {
            assertThat(bins.expected()).hasSize(bins.edges().length + 1);
            double sum = 0;
            for (int i = 0; i < bins.edges().length; i++) {
                assertThat(Double.isFinite(bins.edges()[i])).isTrue();
                if (i > 0) {
                    assertThat(bins.edges()[i]).isGreaterThan(bins.edges()[i - 1]);
                }
            }
            for (double share : bins.expected()) {
                checkNonNegative(share);
                sum += share;
            }
            assertThat(sum).isBetween(1 - 1e-6, 1 + 1e-6);
        }
    }

    private static void checkNonNegative(Double... values) {
        for (Double v : values) {
            if (v != null) {
                assertThat(Double.isFinite(v) && v >= 0).as("%s", v).isTrue();
            }
        }
    }

    /** The record as it reads back after encoding: non-finite feature values are written as null. */
    private static Object normalised(Object value) {
        if (value instanceof FeatureVector v) {
            Map<String, Double> features = new LinkedHashMap<>();
            v.features().forEach((k, x) -> features.put(k, x == null || !Double.isFinite(x) ? null : x));
            return new FeatureVector(v.ts(), v.symbol(), v.modelId(), features);
        }
        return value;
    }

    private static ObjectNode tree(byte[] json) {
        try {
            return (ObjectNode) Samples.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

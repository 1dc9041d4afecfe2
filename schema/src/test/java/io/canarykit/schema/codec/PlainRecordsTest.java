package io.canarykit.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The one-pass reading of plain records against the tree reading, over generated records: every
 * field drawn from values the rules accept as plain, accept in another shape, or reject. Whatever
 * the one-pass reading gives must be the tree's value; it must give one exactly when every field
 * was drawn plain and the tree accepts the record (the rules between fields, such as bid not above
 * ask, are the tree's to judge); and the public decoder must answer as the tree does.
 */
class PlainRecordsTest {

    private static final int RECORDS = 20_000;

    /** How the rules take one field's value: as plain, as accepted in a rarer shape, or not at all. */
    private enum Kind { PLAIN, OTHER_SHAPE, REJECTED }

    private record Choice(String json, Kind kind) {}

    /** A field, its values to draw from, and whether it may be left out. */
    private record Field(String name, boolean optional, List<Choice> choices) {}

    private static Field field(String name, boolean optional, String[] plain, String[] otherShape, String[] rejected) {
        List<Choice> choices = new ArrayList<>();
        for (String json : plain) {
            choices.add(new Choice(json, Kind.PLAIN));
        }
        for (String json : otherShape) {
            choices.add(new Choice(json, Kind.OTHER_SHAPE));
        }
        for (String json : rejected) {
            choices.add(new Choice(json, Kind.REJECTED));
        }
        return new Field(name, optional, choices);
    }

    private static String[] of(String... values) {
        return values;
    }

    private static final String[] NONE = {};
    private static final Field TS = field("ts", false,
            of("1700000000000", "0", "253402300799999", "1700000000123"),
            of("1.7e12", "5.0", "1700000000000.0"),
            of("-1", "\"1700000000000\"", "null", "1.5", "253402300800000", "99999999999999999999", "true", "{}"));
    private static final Field SYMBOL = field("symbol", false,
            of("\"BTC-USD\"", "\"S001\"", "\"a b\"", "\"esc\\u0041\\\"q\""),
            of("\"Z\u00fcrich\""),
            of("\"\"", "\"   \"", "1", "null", "[\"S\"]"));
    private static final String[] PRICES = {"100.5", "101", "1e2", "0.0001", "100.50000", "7", "99.99"};
    private static final String[] OTHER_PRICES = {"123456789012345678901234567890"};
    private static final String[] BAD_OPTIONAL_PRICES = {"0", "-1", "-0.0", "NaN", "Infinity", "-Infinity", "1e400",
        "\"1\"", "true"};
    private static final String[] BAD_PRICES = concat(BAD_OPTIONAL_PRICES, "null");
    private static final String[] SIZES = {"0", "5", "2.5", "null", "-0.0", "1e3"};
    private static final String[] BAD_SIZES = {"-1", "NaN", "\"5\"", "Infinity", "false"};
    private static final Field UNKNOWN = field("venue", true,
            of("\"XNAS\"", "3", "null", "true", "1e400", "NaN"),
            of("{\"a\": 1}", "[1, 2]", "\"\u00e9\""),
            NONE);
    private static final Field OTHER_UNKNOWN = field("note", true, of("\"n\"", "-7"), NONE, NONE);

    private static final List<Field> MARKET = List.of(TS, SYMBOL,
            field("feed", false, of("\"primary\"", "\"reference\""), NONE, of("\"PRIMARY\"", "\"x\"", "2", "null")),
            field("bid", false, PRICES, OTHER_PRICES, BAD_PRICES),
            field("ask", false, PRICES, OTHER_PRICES, BAD_PRICES),
            field("bid_size", true, SIZES, NONE, BAD_SIZES),
            field("ask_size", true, SIZES, NONE, BAD_SIZES),
            UNKNOWN, OTHER_UNKNOWN);

    private static final List<Field> FEATURES = List.of(TS, SYMBOL,
            field("model_id", false, of("\"champion_20240101\"", "\"m\""), NONE, of("\"\"", "7", "null")),
            field("features", false,
                    of("{}", "{\"spread\": 0.2, \"imbalance\": -0.3, \"vol\": null}", "{\"a\": NaN, \"b\": 1e400}",
                        "{\"a\": -Infinity, \"b\": 3, \"c\": -4}", "{\"x\": 1.0, \"y\": 2.0, \"z\": 1e-300}"),
                    of("{\"a\": 123456789012345678901234567890}", "{\"\u00e9\": 1}"),
                    of("{\"a\": \"1\"}", "{\"a\": 1, \"a\": 2}", "{\"a\": null, \"a\": null}", "{\"a\": [1]}",
                        "{\"a\": {}}", "[1]", "null", "{\"a\": true}")),
            UNKNOWN, OTHER_UNKNOWN);

    private static final List<Field> ORDER = List.of(TS, SYMBOL,
            field("event", false, of("\"placed\"", "\"acked\"", "\"fill\"", "\"error\"", "\"canceled\"",
                    "\"rejected\""), NONE, of("\"FILL\"", "\"done\"", "null")),
            field("order_id", false, of("\"o-1\"", "\"42\""), NONE, of("\"\"", "42", "null")),
            field("side", false, of("\"buy\"", "\"sell\""), NONE, of("\"BUY\"", "1")),
            field("account", true, of("\"main\"", "null"), NONE, of("\" \"", "5")),
            field("model_id", false, of("\"champion_20240101\"", "\"challenger_2\""), NONE, of("\"\"", "null")),
            field("canary", false, of("true", "false"), NONE, of("\"true\"", "1", "null")),
            field("qty", true, SIZES, NONE, BAD_SIZES),
            field("price", true, concat(PRICES, "null"), OTHER_PRICES, BAD_OPTIONAL_PRICES),
            field("arrival_mid", true, concat(PRICES, "null"), NONE, BAD_OPTIONAL_PRICES),
            field("place_ms", true, SIZES, NONE, BAD_SIZES),
            field("fill_qty", true, SIZES, NONE, BAD_SIZES),
            field("fill_px", true, concat(PRICES, "null"), NONE, BAD_OPTIONAL_PRICES),
            field("fee", true, SIZES, NONE, BAD_SIZES),
            field("shadow", true, of("true", "false", "null"), NONE, of("\"false\"", "0")),
            UNKNOWN);

    private static String[] concat(String[] values, String more) {
        String[] all = java.util.Arrays.copyOf(values, values.length + 1);
        all[values.length] = more;
        return all;
    }

    @Test
    void quotesReadInOnePassAreTheTreesQuotes() {
        assertAgree(MARKET, PlainRecords::market, InputDecoder::marketByTree, InputDecoder::market, 11);
    }

    @Test
    void featureVectorsReadInOnePassAreTheTreesVectors() {
        assertAgree(FEATURES, PlainRecords::features, InputDecoder::featuresByTree, InputDecoder::features, 12);
    }

    @Test
    void orderEventsReadInOnePassAreTheTreesEvents() {
        assertAgree(ORDER, PlainRecords::order, InputDecoder::orderByTree, InputDecoder::order, 13);
    }

    private static <T> void assertAgree(List<Field> fields, Function<byte[], T> plainReading,
            Function<byte[], Decoded<T>> treeReading, Function<byte[], Decoded<T>> decoder, long seed) {
        Random random = new Random(seed);
        int plainRead = 0;
        int treeAccepted = 0;
        for (int i = 0; i < RECORDS; i++) {
            Generated record = generate(fields, random);
            byte[] raw = record.json().getBytes(StandardCharsets.UTF_8);
            Decoded<T> tree = treeReading.apply(raw);
            T plain = plainReading.apply(raw);
            String why = record.json() + " (drawn plain: " + record.plain() + ", tree: " + tree + ")";

            assertThat(plain != null).as(why).isEqualTo(record.plain() && tree.isAccepted());
            if (plain != null) {
                assertThat(tree.value()).as(why).isEqualTo(plain);
                plainRead++;
            }
            assertThat(decoder.apply(raw)).as(why).isEqualTo(tree);
            treeAccepted += tree.isAccepted() ? 1 : 0;
        }
        // The draws must reach every outcome often, or the agreement above says little.
        assertThat(plainRead).as("records read in one pass").isGreaterThan(RECORDS / 20);
        assertThat(treeAccepted - plainRead).as("records accepted only by the tree").isGreaterThan(RECORDS / 100);
        assertThat(RECORDS - treeAccepted).as("records rejected").isGreaterThan(RECORDS / 4);
    }

    private record Generated(String json, boolean plain) {}

    /**
     * A record of {@code fields} in random order with random blanks: mostly plain values; now and then a
     * field left out, another shape, a rejected value, a field named twice or something after the object.
     */
    private static Generated generate(List<Field> fields, Random random) {
        List<String> members = new ArrayList<>();
        boolean plain = true;
        for (Field field : fields) {
            double draw = random.nextDouble();
            if ((field.optional() && draw < 0.3) || (!field.optional() && draw < 0.01)) {
                plain &= field.optional();
                continue;
            }
            Choice choice = pick(field, random);
            plain &= choice.kind() == Kind.PLAIN;
            members.add(member(field.name(), choice.json(), random));
            if (random.nextDouble() < 0.01) {
                // Named twice: the rules refuse a duplicate, of a known field or an unknown one.
                members.add(member(field.name(), pick(field, random).json(), random));
                plain = false;
            }
        }
        Collections.shuffle(members, random);
        StringBuilder json = new StringBuilder(blank(random)).append('{');
        for (int i = 0; i < members.size(); i++) {
            json.append(i == 0 ? "" : ",").append(members.get(i));
        }
        json.append(blank(random)).append('}').append(blank(random));
        double end = random.nextDouble();
        if (end < 0.005) {
            json.append("{}");
            plain = false;
        } else if (end < 0.01) {
            json.append(" x");
            plain = false;
        }
        return new Generated(json.toString(), plain);
    }

    private static Choice pick(Field field, Random random) {
        List<Choice> choices = field.choices();
        List<Choice> plainChoices = choices.stream().filter(c -> c.kind() == Kind.PLAIN).toList();
        // Nine draws in ten plain, so that whole records come out plain often.
        if (!plainChoices.isEmpty() && random.nextDouble() < 0.9) {
            return plainChoices.get(random.nextInt(plainChoices.size()));
        }
        return choices.get(random.nextInt(choices.size()));
    }

    private static String member(String name, String value, Random random) {
        return blank(random) + "\"" + name + "\"" + blank(random) + ":" + blank(random) + value;
    }

    private static String blank(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n\t";
            case 2 -> "\r\n ";
            default -> "";
        };
    }
}

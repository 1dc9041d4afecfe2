package io.canarykit.cli.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The live load's records as the JSON the input topics carry, written field by field through one
 * generator and one buffer kept for the sender's life. The bench's load shares the machine with the
 * job it measures, so what it spends encoding is taken from the job: the mapper's per-record
 * serializer lookup, generator and buffers, and {@code Double.toString} for every price (about
 * 250 ns each on this kind of machine), are what this avoids. The load's prices sit on a tick and
 * its features on a grid of {@link #DECIMAL_PLACES} places ({@link LoadMix}), so most numbers are
 * written as plain decimals from their scaled integer; any other double is written as Jackson
 * writes it. Either text reads back as the very same double. One per sender thread.
 */
final class LoadEncoder {

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            // Each record is its own message: nothing between one and the next.
            .rootValueSeparator((String) null)
            .build();
    /** Places after the point of a number written as a plain decimal. */
    static final int DECIMAL_PLACES = 6;
    private static final double SCALE = 1e6;
    private static final long UNITS = 1_000_000L;
    /** Beyond this, a number scaled to its places no longer fits the digits a double holds exactly. */
    private static final double PLAIN_BELOW = 1e9;

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);
    private final JsonGenerator json;
    private final char[] digits = new char[32];

    LoadEncoder() {
        try {
            json = FACTORY.createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON of a record of the load's mix: a quote, a feature vector or an order event. */
    byte[] encode(Object record) {
        try {
            if (record instanceof MarketQuote q) {
                quote(q);
            } else if (record instanceof FeatureVector v) {
                features(v);
            } else if (record instanceof OrderEvent o) {
                order(o);
            } else {
                throw new IllegalArgumentException("not a record of the load: " + record);
            }
            json.flush();
            byte[] bytes = buffer.toByteArray();
            buffer.reset();
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void quote(MarketQuote q) throws IOException {
        json.writeStartObject();
        json.writeNumberField("ts", q.ts());
        json.writeStringField("symbol", q.symbol());
        json.writeStringField("feed", q.feed().wire());
        number("bid", q.bid());
        number("ask", q.ask());
        optional("bid_size", q.bidSize());
        optional("ask_size", q.askSize());
        json.writeEndObject();
    }

    private void features(FeatureVector v) throws IOException {
        json.writeStartObject();
        json.writeNumberField("ts", v.ts());
        json.writeStringField("symbol", v.symbol());
        json.writeStringField("model_id", v.modelId());
        json.writeObjectFieldStart("features");
        for (Map.Entry<String, Double> feature : v.features().entrySet()) {
            Double value = feature.getValue();
            if (value == null) {
                json.writeNullField(feature.getKey());
            } else {
                number(feature.getKey(), value);
            }
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private void order(OrderEvent o) throws IOException {
        json.writeStartObject();
        json.writeNumberField("ts", o.ts());
        json.writeStringField("event", o.event().wire());
        json.writeStringField("order_id", o.orderId());
        json.writeStringField("symbol", o.symbol());
        json.writeStringField("side", o.side().wire());
        json.writeStringField("account", o.account());
        json.writeStringField("model_id", o.modelId());
        json.writeBooleanField("canary", o.canary());
        optional("qty", o.qty());
        optional("price", o.price());
        optional("arrival_mid", o.arrivalMid());
        optional("place_ms", o.placeMs());
        optional("fill_qty", o.fillQty());
        optional("fill_px", o.fillPx());
        optional("fee", o.fee());
        json.writeBooleanField("shadow", o.shadow());
        json.writeEndObject();
    }

    /** Left out when absent, as the records' own JSON leaves it out. */
    private void optional(String name, Double value) throws IOException {
        if (value != null) {
            number(name, value);
        }
    }

    /** NaN and the infinities are not JSON: written as null, as every record Canary Kit writes. */
    private void number(String name, double value) throws IOException {
        if (!Double.isFinite(value)) {
            json.writeNullField(name);
            return;
        }
        json.writeFieldName(name);
        if (Math.abs(value) < PLAIN_BELOW) {
            long scaled = Math.round(value * SCALE);
            // The text of scaled / 10^6 reads back as the double nearest that decimal, and so does the
            // division (both operands exact): if the division gives the value itself, so does the text.
            if (Double.doubleToRawLongBits(scaled / SCALE) == Double.doubleToRawLongBits(value)) {
                json.writeNumber(digits, 0, plainDecimal(scaled));
                return;
            }
        }
        json.writeNumber(value);
    }

    /** Writes {@code scaled / 10^6} into {@link #digits}, at least one place, no trailing zeros; its length. */
    private int plainDecimal(long scaled) {
        int at = digits.length;
        long magnitude = Math.abs(scaled);
        long fraction = magnitude % UNITS;
        long whole = magnitude / UNITS;
        int places = DECIMAL_PLACES;
        while (places > 1 && fraction % 10 == 0) {
            fraction /= 10;
            places--;
        }
        for (int i = 0; i < places; i++) {
            digits[--at] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        digits[--at] = '.';
        do {
            digits[--at] = (char) ('0' + whole % 10);
            whole /= 10;
        } while (whole > 0);
        if (scaled < 0) {
            digits[--at] = '-';
        }
        int length = digits.length - at;
        System.arraycopy(digits, at, digits, 0, length);
        return length;
    }
}

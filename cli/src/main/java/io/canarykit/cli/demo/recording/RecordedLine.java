package io.canarykit.cli.demo.recording;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.canarykit.schema.Topics;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * One line of a recording: its bytes as recorded, the topic and key it goes to, and the time that
 * places it in the recording.
 *
 * @param topic the topic the line goes to
 * @param key the symbol, {@code "global"} on the control topic, or null when the line names none
 * @param bytes the line as recorded, without its line end
 * @param ts the line's own {@code ts} when it has one the job accepts, else the {@code ts} of the line
 *     before it in its file ({@link Long#MIN_VALUE} before the first), so it keeps its place
 * @param stamped whether {@code ts} is the line's own, which the player shifts to the wall clock
 * @param tsStart where the {@code ts} value starts in {@code bytes}, or -1
 * @param tsEnd where the {@code ts} value ends in {@code bytes} (exclusive), or -1
 */
record RecordedLine(String topic, String key, byte[] bytes, long ts, boolean stamped, int tsStart, int tsEnd) {

    // Duplicate fields make the job reject a line, so such a line is sent as it is, not re-stamped.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Reads a line's {@code ts} and {@code symbol}; a line that is not a JSON object, or whose
     * {@code ts} is not an integer >= 0, is not stamped and takes {@code previousTs}.
     */
    static RecordedLine parse(String topic, byte[] bytes, long previousTs) {
        String key = Topics.CONTROL.equals(topic) ? Topics.CONTROL_KEY : null;
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return unstamped(topic, key, bytes, previousTs);
            }
            long ts = -1;
            int start = -1;
            int end = -1;
            String symbol = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("ts") && value.isNumeric()) {
                    ts = acceptedTs(p);
                    start = (int) p.currentTokenLocation().getByteOffset();
                    end = start + p.getText().length();
                } else if (name.equals("symbol") && value == JsonToken.VALUE_STRING) {
                    symbol = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                return unstamped(topic, key, bytes, previousTs);
            }
            String lineKey = key != null ? key : symbol;
            return ts < 0
                    ? unstamped(topic, lineKey, bytes, previousTs)
                    : new RecordedLine(topic, lineKey, bytes, ts, true, start, end);
        } catch (IOException notJson) {
            return unstamped(topic, key, bytes, previousTs);
        }
    }

    /** The line with its {@code ts} replaced, every other byte as recorded; an unstamped line is returned as it is. */
    byte[] withTs(long newTs) {
        if (!stamped) {
            return bytes;
        }
        byte[] digits = Long.toString(newTs).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[bytes.length - (tsEnd - tsStart) + digits.length];
        System.arraycopy(bytes, 0, out, 0, tsStart);
        System.arraycopy(digits, 0, out, tsStart, digits.length);
        System.arraycopy(bytes, tsEnd, out, tsStart + digits.length, bytes.length - tsEnd);
        return out;
    }

    // As the job reads it: an integer >= 0 that fits 64 bits, where 1.7e12 and 1700000000000.0 count as integers.
    private static long acceptedTs(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? -1 : p.getLongValue();
        }
        BigDecimal d = p.getDecimalValue();
        if (d.signum() < 0 || d.stripTrailingZeros().scale() > 0) {
            return -1;
        }
        try {
            return d.longValueExact();
        } catch (ArithmeticException tooLarge) {
            return -1;
        }
    }

    private static RecordedLine unstamped(String topic, String key, byte[] bytes, long previousTs) {
        return new RecordedLine(topic, key, bytes, previousTs, false, -1, -1);
    }
}

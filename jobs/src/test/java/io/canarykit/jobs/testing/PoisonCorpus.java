package io.canarykit.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The regression corpus of records the job must survive ({@code poison-corpus/corpus.jsonl}): each
 * with the topic it is sent to, the DLQ reason it must get, and whether the decoder or an operator
 * rejects it. {@code $NOW} in a record stands for the time it is sent.
 */
public final class PoisonCorpus {

    private static final String RESOURCE = "/poison-corpus/corpus.jsonl";

    /**
     * One record of the corpus.
     *
     * @param source {@code decoder} when decoding rejects it (the DLQ keeps its bytes), {@code operator}
     *     when it decodes and a signal refuses it (the DLQ keeps it as the job decoded it)
     */
    public record Entry(String name, String topic, String key, String reason, String source, JsonNode spec) {

        /** The record's bytes as sent at {@code now}; null for a Kafka record with no value. */
        public byte[] bytes(long now) {
            if (spec.path("null").asBoolean()) {
                return null;
            }
            if (spec.has("oversized_bytes")) {
                byte[] line = new byte[spec.get("oversized_bytes").asInt()];
                Arrays.fill(line, (byte) 'x');
                line[0] = '{';
                return line;
            }
            if (spec.has("base64")) {
                return Base64.getDecoder().decode(spec.get("base64").asText());
            }
            return spec.get("text").asText().replace("$NOW", Long.toString(now)).getBytes(StandardCharsets.UTF_8);
        }

        /** As a line of a replayed file: a record with no value is an empty line. */
        public byte[] line(long now) {
            byte[] bytes = bytes(now);
            return bytes == null ? new byte[0] : bytes;
        }

        public boolean fromOperator() {
            return source.equals("operator");
        }
    }

    private PoisonCorpus() {}

    /** Every entry, in the file's order. */
    public static List<Entry> entries() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = PoisonCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = json.readTree(line);
                entries.add(new Entry(e.get("name").asText(), e.get("topic").asText(), e.get("key").asText(),
                        e.get("reason").asText(), e.get("source").asText(), e));
            }
        }
        return entries;
    }
}

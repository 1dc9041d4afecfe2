package io.canarykit.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;

/** Valid input records with every field filled in, and ways to break them one field at a time. */
final class Samples {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final String RAW_MARK = "@@raw@@";

    private Samples() {}

    static ObjectNode market() {
        return parse("""
                {"ts": 1700000000000, "symbol": "BTC-USD", "feed": "primary",
                 "bid": 100.5, "ask": 100.7, "bid_size": 2.0, "ask_size": 3.5}""");
    }

    static ObjectNode features() {
        return parse("""
                {"ts": 1700000000000, "symbol": "BTC-USD", "model_id": "champion_20240101",
                 "features": {"spread": 0.2, "imbalance": -0.3, "vol": null}}""");
    }

    /** A placed order carrying every optional field, so removing any one of them is legal. */
    static ObjectNode order() {
        return parse("""
                {"ts": 1700000000000, "event": "placed", "order_id": "o-1", "symbol": "BTC-USD",
                 "side": "buy", "account": "main", "model_id": "champion_20240101", "canary": true,
                 "qty": 2.0, "price": 100.6, "arrival_mid": 100.6, "place_ms": 12.0,
                 "fill_qty": 1.0, "fill_px": 100.65, "fee": 0.01, "shadow": false}""");
    }

    static ObjectNode fill() {
        ObjectNode fill = order();
        fill.put("event", "fill");
        return fill;
    }

    static ObjectNode control() {
        return parse("""
                {"id": "c-1", "ts": 1700000000000, "actor": "ops@desk", "type": "canary_share",
                 "args": {"pct": 0.05}}""");
    }

    static ObjectNode referenceProfile() {
        return parse("""
                {"model_id": "champion_20240101", "ts": 1700000000000,
                 "features": {"spread": {"edges": [0.1, 0.2, 0.5], "expected": [0.25, 0.25, 0.25, 0.25]}}}""");
    }

    static byte[] bytes(JsonNode node) {
        return utf8(node.toString());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code base} with the field at {@code dottedPath} set to the JSON text {@code raw} (NaN allowed). */
    static byte[] with(ObjectNode base, String dottedPath, String raw) {
        ObjectNode copy = base.deepCopy();
        parentOf(copy, dottedPath).set(leafOf(dottedPath), TextNode.valueOf(RAW_MARK));
        String text = copy.toString();
        assertThat(text).contains(RAW_MARK);
        return utf8(text.replace("\"" + RAW_MARK + "\"", raw));
    }

    /** {@code base} without the field at {@code dottedPath}. */
    static byte[] without(ObjectNode base, String dottedPath) {
        ObjectNode copy = base.deepCopy();
        assertThat(parentOf(copy, dottedPath).remove(leafOf(dottedPath))).as(dottedPath).isNotNull();
        return bytes(copy);
    }

    /** Asserts {@code decoded} is a rejection for {@code reason} whose detail contains each part. */
    static void assertRejected(Decoded<?> decoded, RejectReason reason, String... detailParts) {
        assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
        Decoded.Rejected<?> rejected = (Decoded.Rejected<?>) decoded;
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(reason);
        assertThat(rejected.detail()).isNotBlank();
        for (String part : detailParts) {
            assertThat(rejected.detail()).contains(part);
        }
    }

    private static ObjectNode parent(ObjectNode root, String[] parts) {
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (ObjectNode) node.get(parts[i]);
        }
        return node;
    }

    private static ObjectNode parentOf(ObjectNode root, String dottedPath) {
        return parent(root, dottedPath.split("\\."));
    }

    private static String leafOf(String dottedPath) {
        return dottedPath.substring(dottedPath.lastIndexOf('.') + 1);
    }

    private static ObjectNode parse(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.canarykit.admin.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;

/** One row of the hash-chained audit log; {@code payload} is canonical JSON text. */
public record AuditEntry(
        @JsonProperty("seq") long seq,
        @JsonProperty("ts") long ts,
        @JsonProperty("actor") String actor,
        @JsonProperty("action") String action,
        @JsonRawValue @JsonProperty("payload") String payload,
        @JsonProperty("prev_hash") String prevHash,
        @JsonProperty("hash") String hash) {

    /** The text that is hashed after {@code prev_hash}: every field but the hashes, keys sorted. */
    public String canonicalText() {
        return "{\"action\":" + CanonicalJson.quote(action)
                + ",\"actor\":" + CanonicalJson.quote(actor)
                + ",\"payload\":" + payload
                + ",\"seq\":" + seq
                + ",\"ts\":" + ts + "}";
    }
}

package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An input record that could not be used, on {@code kit.dlq}, with why and its raw bytes: all of
 * them up to the configured bound, else their first part, with {@code raw_size} telling how many
 * there were.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DlqRecord(
        @JsonProperty("ts") long ts,
        @JsonProperty("topic") String topic,
        @JsonProperty("reason") String reason,
        @JsonProperty("detail") String detail,
        @JsonProperty("raw_base64") String rawBase64,
        @JsonProperty("raw_size") long rawSize,
        @JsonProperty("raw_truncated") boolean rawTruncated,
        @JsonProperty("partition") Integer partition,
        @JsonProperty("offset") Long offset) {}

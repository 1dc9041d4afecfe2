package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An input record that could not be used, on {@code kit.dlq}, with why and its raw bytes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DlqRecord(
        @JsonProperty("ts") long ts,
        @JsonProperty("topic") String topic,
        @JsonProperty("reason") String reason,
        @JsonProperty("detail") String detail,
        @JsonProperty("raw_base64") String rawBase64,
        @JsonProperty("partition") Integer partition,
        @JsonProperty("offset") Long offset) {}

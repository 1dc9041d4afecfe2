package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The inputs a model saw at inference time, on {@code kit.features}. A value is null when the
 * feature was sent as JSON null; a feature that was not sent is simply absent from the map.
 */
public record FeatureVector(
        @JsonProperty("ts") long ts,
        @JsonProperty("symbol") String symbol,
        @JsonProperty("model_id") String modelId,
        @JsonProperty("features") Map<String, Double> features) {}

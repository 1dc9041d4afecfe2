package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A model's reference feature profile, against which live drift (PSI) is measured. */
public record ReferenceProfile(
        @JsonProperty("model_id") String modelId,
        @JsonProperty("features") Map<String, FeatureBins> features) {}

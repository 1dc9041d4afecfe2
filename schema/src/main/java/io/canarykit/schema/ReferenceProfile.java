package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A model's reference feature profile, against which live drift (PSI) is measured.
 *
 * @param modelId the model the profile describes
 * @param features each feature's reference bins
 * @param ts from when the profile holds, in epoch ms; required on {@code kit.reference}, and null in
 *     a file given at start, where a profile holds from the start
 */
public record ReferenceProfile(
        @JsonProperty("model_id") String modelId,
        @JsonProperty("features") Map<String, FeatureBins> features,
        @JsonProperty("ts") @JsonInclude(JsonInclude.Include.NON_NULL) Long ts) {

    /** A profile that holds from the start. */
    public ReferenceProfile(String modelId, Map<String, FeatureBins> features) {
        this(modelId, features, null);
    }

    /** This profile, holding from {@code ts} on. */
    public ReferenceProfile at(long ts) {
        return new ReferenceProfile(modelId, features, ts);
    }
}

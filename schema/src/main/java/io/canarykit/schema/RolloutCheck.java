package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One rollout check's answer, with the numbers that decided it, so an operator can see why.
 *
 * @param name the check, e.g. {@code slippage}
 * @param verdict pass, fail or inconclusive
 * @param challenger the challenger's figure, or null when it has none
 * @param champion the champion's figure for a comparison, else null
 * @param lower the lower end of the interval on how much worse the challenger is, for a comparison
 * @param upper the upper end of that interval, for a comparison
 * @param bound the bound the figure (or the interval) was held against
 * @param samples the challenger's samples
 * @param championSamples the champion's samples, for a comparison, else 0
 * @param detail one line saying why, in words
 */
public record RolloutCheck(
        @JsonProperty("name") String name,
        @JsonProperty("verdict") CheckVerdict verdict,
        @JsonProperty("challenger") Double challenger,
        @JsonProperty("champion") Double champion,
        @JsonProperty("lower") Double lower,
        @JsonProperty("upper") Double upper,
        @JsonProperty("bound") double bound,
        @JsonProperty("samples") long samples,
        @JsonProperty("champion_samples") long championSamples,
        @JsonProperty("detail") String detail) {

    public RolloutCheck {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (verdict == null) {
            throw new IllegalArgumentException("verdict must not be null");
        }
    }
}

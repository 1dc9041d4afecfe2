package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The gate groups of a decision. Each boolean is true when that gate is tripped, so a healthy,
 * armed symbol has every flag false: {@code disarmed} while the system is disarmed and
 * {@code preflight} while preflight has not passed. {@code canary} names the rule that zeroed the
 * canary share, or is null.
 */
public record Gates(
        @JsonProperty("slo") boolean slo,
        @JsonProperty("psi") boolean psi,
        @JsonProperty("budget") boolean budget,
        @JsonProperty("preflight") boolean preflight,
        @JsonProperty("kill_switch") boolean killSwitch,
        @JsonProperty("disarmed") boolean disarmed,
        @JsonProperty("data_quality") boolean dataQuality,
        @JsonProperty("canary") CanaryCut canary) {}

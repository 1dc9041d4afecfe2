package io.canarykit.admin.preflight;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Every preflight check, and {@code ok} when all of them passed. */
public record PreflightResult(@JsonProperty("ok") boolean ok, @JsonProperty("checks") List<Check> checks) {

    static PreflightResult of(List<Check> checks) {
        return new PreflightResult(checks.stream().allMatch(Check::ok), List.copyOf(checks));
    }

    /** The checks that failed, as one line. */
    public String failures() {
        return String.join("; ", checks.stream().filter(c -> !c.ok()).map(c -> c.name() + ": " + c.detail()).toList());
    }
}

package io.canarykit.admin.preflight;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One preflight check: its name, whether it passed, and what was found. A warning passes but says
 * what an operator should look at.
 */
public record Check(
        @JsonProperty("name") String name,
        @JsonProperty("ok") boolean ok,
        @JsonProperty("warning") boolean warning,
        @JsonProperty("detail") String detail) {

    static Check pass(String name, String detail) {
        return new Check(name, true, false, detail);
    }

    static Check warn(String name, String detail) {
        return new Check(name, true, true, detail);
    }

    static Check fail(String name, String detail) {
        return new Check(name, false, false, detail);
    }
}

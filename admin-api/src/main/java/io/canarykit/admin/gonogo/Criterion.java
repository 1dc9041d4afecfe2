package io.canarykit.admin.gonogo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One Go/No-Go criterion: what was measured, over which window and scope, the threshold, and the
 * outcome ({@code pass}, {@code fail} or {@code insufficient_data}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Criterion(
        @JsonProperty("name") String name,
        @JsonProperty("scope") String scope,
        @JsonProperty("value") Double value,
        @JsonProperty("op") String op,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("status") String status,
        @JsonProperty("pass") boolean pass,
        @JsonProperty("window") Window window,
        @JsonProperty("detail") String detail) {

    /** The evidence window, epoch milliseconds. */
    public record Window(@JsonProperty("from") long from, @JsonProperty("to") long to) {}

    static Criterion judged(String name, String scope, double value, String op, double threshold, Window window,
            String detail) {
        boolean pass = switch (op) {
            case "<" -> value < threshold;
            case "<=" -> value <= threshold;
            case ">=" -> value >= threshold;
            case "==" -> value == threshold;
            default -> throw new IllegalArgumentException("op must be <, <=, >= or ==, got " + op);
        };
        return new Criterion(name, scope, value, op, threshold, pass ? "pass" : "fail", pass, window, detail);
    }

    static Criterion insufficient(String name, String scope, String op, double threshold, Window window, String detail) {
        return new Criterion(name, scope, null, op, threshold, "insufficient_data", false, window, detail);
    }
}

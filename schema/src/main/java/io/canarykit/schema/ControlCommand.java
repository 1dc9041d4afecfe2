package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Optional;

/**
 * An operator command on {@code kit.control}. Arguments keep their JSON text form (numbers as
 * written, strings unquoted), so the record stays flat and serializable anywhere.
 */
public record ControlCommand(
        @JsonProperty("id") String id,
        @JsonProperty("ts") long ts,
        @JsonProperty("actor") String actor,
        @JsonProperty("type") ControlType type,
        @JsonProperty("args") Map<String, String> args) {

    public ControlCommand {
        args = args == null ? Map.of() : Map.copyOf(args);
    }

    /** The argument {@code name} as text, if it was given. */
    public Optional<String> arg(String name) {
        return Optional.ofNullable(args.get(name));
    }

    /** The argument {@code name} as a finite plain decimal ({@link TextValues#decimal}), if it was given and is one. */
    public Optional<Double> numberArg(String name) {
        return arg(name).map(String::trim).flatMap(TextValues::decimal);
    }
}

package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** An enum whose constants travel on the topics as lower-case words. */
public interface WireEnum {

    /** The word used on the topics for this constant. */
    @JsonValue
    String wire();

    /** The constant of {@code type} whose wire word is {@code wire}, if there is one. */
    static <E extends Enum<E> & WireEnum> Optional<E> byWire(Class<E> type, String wire) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equals(wire)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}

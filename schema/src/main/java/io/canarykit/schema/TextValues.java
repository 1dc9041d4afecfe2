package io.canarykit.schema;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a number or a true/false that a person wrote as text is read: settings, command arguments and
 * imported files all read them by these rules, so a value one of them accepts the others accept too.
 * Plain decimals only: {@code Double.parseDouble} would also take {@code "5d"}, {@code "NaN"} or a hex
 * float, and {@code Boolean.parseBoolean} would read a typo such as {@code "yes"} as false.
 */
public final class TextValues {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private TextValues() {}

    /** A whole number such as {@code "42"} or {@code "-7"} that fits a long; nothing else. */
    public static Optional<Long> integer(String text) {
        if (text == null || !INTEGER.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.valueOf(text));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    /** A finite plain decimal such as {@code "0.25"}, {@code "-3"} or {@code "1e-4"}; nothing else. */
    public static Optional<Double> decimal(String text) {
        if (text == null || !DECIMAL.matcher(text).matches()) {
            return Optional.empty();
        }
        double value = Double.parseDouble(text);
        return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    }

    /** {@code true} or {@code false}, in any case; nothing else. */
    public static Optional<Boolean> trueOrFalse(String text) {
        if ("true".equalsIgnoreCase(text)) {
            return Optional.of(Boolean.TRUE);
        }
        return "false".equalsIgnoreCase(text) ? Optional.of(Boolean.FALSE) : Optional.empty();
    }
}

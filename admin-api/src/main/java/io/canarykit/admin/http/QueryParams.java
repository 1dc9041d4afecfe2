package io.canarykit.admin.http;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one reader of query parameters: a repeated or malformed parameter is a 400 that names it, and
 * numbers are plain decimals compared exactly, so nothing is silently rounded into range.
 */
final class QueryParams {

    // Digits, optionally a point and more digits: no hex, no exponent, no suffix, no NaN or Infinity.
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern PLAIN_INTEGER = Pattern.compile("-?\\d+");

    private QueryParams() {}

    /** The parameter's only value, or empty when it is absent; a repeated parameter is refused. */
    static Optional<String> single(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.size() > 1) {
            throw refused(name, name + " is given " + values.size() + " times; give it once");
        }
        return values.stream().findFirst();
    }

    /** The parameter as an exact plain decimal, or empty when it is absent. */
    static Optional<BigDecimal> decimal(Context ctx, String name) {
        return single(ctx, name).map(text -> {
            if (!PLAIN_DECIMAL.matcher(text).matches()) {
                throw refused(name, name + " must be a plain decimal number such as 0.05, got '" + text + "'");
            }
            return new BigDecimal(text);
        });
    }

    /** The parameter as an integer in [{@code min}, {@code max}], or empty when it is absent. */
    static Optional<Integer> integer(Context ctx, String name, int min, int max) {
        return wholeNumber(ctx, name, min, max).map(Math::toIntExact);
    }

    /** The parameter as a whole number in [{@code min}, {@code max}] (an epoch time, say), or empty when it is absent. */
    static Optional<Long> wholeNumber(Context ctx, String name, long min, long max) {
        return single(ctx, name).map(text -> {
            if (!PLAIN_INTEGER.matcher(text).matches()) {
                throw refused(name, name + " must be a whole number in [" + min + ", " + max + "], got '" + text + "'");
            }
            BigDecimal value = new BigDecimal(text);
            if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw refused(name, name + " must be in [" + min + ", " + max + "], got " + text);
            }
            return value.longValueExact();
        });
    }

    /** The 400 for a bad {@code name}: code {@code invalid_<name>}, and the parameter named in the body. */
    static ApiError refused(String name, String message) {
        return ApiError.badRequest("invalid_" + name, message).with("parameter", name);
    }
}

package io.canarykit.admin.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** A request that cannot be served as asked: the status, a short code and a sentence for the operator. */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> extra = new LinkedHashMap<>();

    public ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    public static ApiError notFound(String code, String message) {
        return new ApiError(404, code, message);
    }

    public static ApiError conflict(String code, String message) {
        return new ApiError(409, code, message);
    }

    public static ApiError unavailable(String code, String message) {
        return new ApiError(503, code, message);
    }

    /** Adds a field to the error body. */
    public ApiError with(String field, Object value) {
        extra.put(field, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** The JSON body: {@code ok:false}, the code, the message and any extra fields. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", false);
        body.put("error", code);
        body.put("message", getMessage());
        body.putAll(extra);
        return body;
    }
}

package io.canarykit.admin.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * The one place where mutating calls are authorised: any request with a method other than GET,
 * HEAD or OPTIONS needs {@code Authorization: Bearer $KIT_ADMIN_TOKEN} when a token is set, so a
 * new route cannot be left open by forgetting a check.
 */
public final class AdminAuth {

    /** Request attribute set once a mutating call has passed authorisation. */
    static final String AUTHORISED = "kit.authorised";

    private static final Set<HandlerType> READ_ONLY = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final String BEARER = "Bearer ";

    private final byte[] tokenDigest;

    /** @param token the admin token, or null when mutating calls are open */
    public AdminAuth(String token) {
        this.tokenDigest = token == null ? null : sha256(token);
    }

    /** True when a call with this method changes something. */
    public static boolean mutating(HandlerType method) {
        return method.isHttpMethod() && !READ_ONLY.contains(method);
    }

    /** Whether a token is required. */
    public boolean required() {
        return tokenDigest != null;
    }

    /** Lets a mutating call through only with the right token; read-only calls always pass. */
    public void check(Context ctx) {
        if (!mutating(ctx.method())) {
            return;
        }
        if (tokenDigest != null && !presented(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"canary-kit\"");
            throw new ApiError(401, "unauthorized",
                    "this call changes the system: send Authorization: Bearer $KIT_ADMIN_TOKEN");
        }
        ctx.attribute(AUTHORISED, Boolean.TRUE);
    }

    // Digests of equal length, compared in constant time, so neither the token nor its length leaks.
    private boolean presented(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(header.substring(BEARER.length()).trim()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

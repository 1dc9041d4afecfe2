package io.canarykit.admin.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the body of a mutating call once, before any handler acts: over 64 KiB is 413, a charset
 * other than UTF-8 is 415 and bytes that are not UTF-8 are 400, so a call never fails on its body
 * after it has sent a command.
 */
public final class RequestBody {

    /** The largest body a call may carry. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final String TEXT = "kit.body";

    private RequestBody() {}

    /** The before-handler: reads and decodes the body of every mutating call, or refuses the call. */
    static void read(Context ctx) {
        if (!AdminAuth.mutating(ctx.method())) {
            return;
        }
        charsetOf(ctx.header("Content-Type")).ifPresent(RequestBody::requireUtf8);
        ctx.attribute(TEXT, decode(bytes(ctx)));
    }

    /** The body read by {@link #read}; empty when the call was refused before it was read. */
    static String text(Context ctx) {
        String text = ctx.attribute(TEXT);
        return text == null ? "" : text;
    }

    private static byte[] bytes(Context ctx) {
        try {
            return ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            if (e.getStatus() == 413) {
                throw new ApiError(413, "body_too_large", "the request body is over " + MAX_BYTES / 1024 + " KiB; nothing was done");
            }
            throw ApiError.badRequest("unreadable_body", "the request body could not be read: " + e.getMessage());
        }
    }

    // JSON is UTF-8 (RFC 8259); a strict decoder refuses bytes that are not, rather than guess.
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("invalid_body_encoding", "the request body is not valid UTF-8; nothing was done");
        }
    }

    private static void requireUtf8(String charset) {
        if (!isUtf8(charset)) {
            throw new ApiError(415, "unsupported_charset",
                    "the body's charset must be UTF-8, got charset=" + charset + "; nothing was done")
                    .with("charset", charset);
        }
    }

    private static boolean isUtf8(String charset) {
        try {
            return Charset.forName(charset).equals(StandardCharsets.UTF_8);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return false;
        }
    }

    /** The {@code charset} parameter of a Content-Type header, unquoted, or empty when there is none. */
    static Optional<String> charsetOf(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("charset")) {
                String value = param.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}

package io.canarykit.schema.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decodes record bytes as UTF-8, refusing malformed sequences instead of replacing them. */
final class StrictUtf8 {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private StrictUtf8() {}

    /** Whether every byte is ASCII: such bytes are UTF-8 as they are, with no byte order mark. */
    static boolean isAscii(byte[] raw) {
        for (byte b : raw) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** The text of {@code raw}; a leading byte order mark is dropped, as RFC 8259 allows. */
    static String decode(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw new Rejection(RejectReason.INVALID_JSON, "record is empty");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        // UTF-8 never yields more chars than bytes, so one pass cannot overflow.
        CharBuffer out = CharBuffer.allocate(raw.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new Rejection(RejectReason.INVALID_UTF8,
                    "record is not valid UTF-8: malformed byte sequence at offset " + in.position());
        }
        out.flip();
        if (out.hasRemaining() && out.charAt(0) == BYTE_ORDER_MARK) {
            out.position(1);
        }
        return out.toString();
    }
}

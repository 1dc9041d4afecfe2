package io.canarykit.operators.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Strings between the job's operators. Input is ASCII almost always, so an ASCII string is its
 * length and its bytes, read back with one bulk copy; anything else is written by Flink's own
 * string encoding, which keeps every {@code char}, unpaired surrogates included. The header says
 * which: 0 for null, {@code 2 * length + 1} for ASCII, 2 for Flink's encoding, as a variable-length int.
 *
 * <p>A {@link Reader} hands out one instance per short string it has seen: the same few symbols,
 * feature names and model ids arrive with every event, and one instance is one allocation fewer and
 * one hash worked out once, where keyed state and the profiles look them up per event.
 */
final class WireStrings {

    private static final int NULL = 0;
    private static final int OTHER = 2;

    private WireStrings() {}

    static void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            writeVarInt(NULL, out);
        } else if (isAscii(s)) {
            writeVarInt(2 * s.length() + 1, out);
            // Not out.writeBytes(s): Flink's DataOutputSerializer moves its position twice in it.
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        } else {
            writeVarInt(OTHER, out);
            StringValue.writeString(s, out);
        }
    }

    /** Reads strings, each short ASCII one as the instance it gave before; one per thread, like a serializer. */
    static final class Reader {
        private static final int SLOTS = 1 << 12;
        private static final int LONGEST_KEPT = 64;

        private final String[] seen = new String[SLOTS];
        private final byte[] scratch = new byte[LONGEST_KEPT];

        String read(DataInputView in) throws IOException {
            int header = readVarInt(in);
            if (header == NULL) {
                return null;
            }
            if (header == OTHER) {
                return StringValue.readString(in);
            }
            if ((header & 1) == 0) {
                throw new IOException("not a string header: " + header);
            }
            int length = header >>> 1;
            if (length > LONGEST_KEPT) {
                byte[] ascii = new byte[length];
                in.readFully(ascii);
                return new String(ascii, StandardCharsets.ISO_8859_1);
            }
            in.readFully(scratch, 0, length);
            int hash = 0;
            for (int i = 0; i < length; i++) {
                hash = 31 * hash + scratch[i];
            }
            // The string's own hash spread over the slots: equal bytes always meet in one slot.
            int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
            String known = seen[slot];
            if (known != null && sameAscii(known, length)) {
                return known;
            }
            String read = new String(scratch, 0, length, StandardCharsets.ISO_8859_1);
            seen[slot] = read;
            return read;
        }

        private boolean sameAscii(String known, int length) {
            if (known.length() != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (known.charAt(i) != scratch[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static boolean isAscii(String s) {
        // Below 2^30 chars, so 2 * length + 1 stays a positive int.
        if (s.length() >= 1 << 30) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    static void writeVarInt(int value, DataOutputView out) throws IOException {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    static int readVarInt(DataInputView in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("a variable-length int longer than 5 bytes");
    }
}

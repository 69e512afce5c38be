package dev.anonymousaccess.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text as the store and the hashes see it: UTF-8 bytes. A Java string may hold a lone UTF-16 surrogate, which is not
 * Unicode text and has no UTF-8 form; {@link String#getBytes} would silently turn it (or, with another charset, any
 * non-ASCII character) into {@code ?}, so that two different strings share one hash or key. Every user-supplied string
 * that is hashed or used in a key is encoded here, strictly, and its length checked in bytes first.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** Whether {@code value} is Unicode text: no lone surrogate. */
    public static boolean isWellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The number of bytes of {@code value}'s UTF-8 form, computed without encoding it. */
    public static int length(String value) {
        int bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * The UTF-8 bytes of {@code value}.
     *
     * @throws IllegalArgumentException when {@code value} is not Unicode text (callers validate first; this is the
     *         last guard, so that no malformed string is ever hashed into another's value)
     */
    public static byte[] encode(String value) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(value));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not Unicode text: a lone surrogate");
        }
    }
}

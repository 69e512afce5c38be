package dev.anonymousaccess.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SHA-256 of a token, the only form in which a token is ever stored; compared in constant time. */
public final class TokenHash {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private TokenHash() {
    }

    public static String of(String token) {
        return ENCODER.encodeToString(digest(token));
    }

    /** False for a missing or undecodable stored hash: any doubt fails closed. */
    public static boolean matches(String token, String storedHash) {
        if (token == null || storedHash == null) {
            return false;
        }
        byte[] expected;
        try {
            expected = DECODER.decode(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(digest(token), expected);
    }

    private static byte[] digest(String token) {
        try {
            // MessageDigest instances are not thread-safe; getInstance is cheap next to a network call.
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

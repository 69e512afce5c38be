package dev.anonymousaccess.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import dev.anonymousaccess.text.Utf8;

/**
 * SHA-256 of a token, the only form in which a token is ever stored, and of other text that a key must not show (a
 * subject, a secret); taken over the text's UTF-8 bytes, compared in constant time.
 */
public final class TokenHash {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private TokenHash() {
    }

    /** @throws IllegalArgumentException when {@code text} is not Unicode text (a lone surrogate) */
    public static String of(String text) {
        return ENCODER.encodeToString(digest(text));
    }

    /**
     * How much of a rotated-away refresh token's hash a user keeps for reuse detection: 11 base64url characters, 66
     * bits. Only a token whose hash starts the same way is taken for a reused one; a token nobody was issued matches
     * one of the 20 kept with a probability of about 20 in 2^66, and a collision would cost no more than signing that
     * one user out. Full hashes (32 bytes) stay where a match grants access.
     */
    public static final int RETIRED_LENGTH = 11;

    /** The form a rotated-away refresh token's hash is kept in. */
    public static String retiredForm(String storedHash) {
        return storedHash.length() <= RETIRED_LENGTH ? storedHash : storedHash.substring(0, RETIRED_LENGTH);
    }

    /**
     * Whether {@code hash} (a token's, from {@link #of}) begins with {@code storedPrefix}: a full hash, or a
     * {@link #retiredForm}. Compared in constant time; false for a missing one.
     */
    public static boolean hasPrefix(String hash, String storedPrefix) {
        if (hash == null || storedPrefix == null || storedPrefix.isEmpty() || storedPrefix.length() > hash.length()) {
            return false;
        }
        return MessageDigest.isEqual(hash.substring(0, storedPrefix.length()).getBytes(StandardCharsets.US_ASCII),
                storedPrefix.getBytes(StandardCharsets.US_ASCII));
    }

    /** False for a missing or undecodable stored hash: any doubt fails closed. */
    public static boolean matches(String token, String storedHash) {
        if (token == null || storedHash == null || !Utf8.isWellFormed(token)) {
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

    private static byte[] digest(String text) {
        try {
            // MessageDigest instances are not thread-safe; getInstance is cheap next to a network call.
            return MessageDigest.getInstance("SHA-256").digest(Utf8.encode(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

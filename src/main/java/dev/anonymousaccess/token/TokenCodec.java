package dev.anonymousaccess.token;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mints and reads bearer tokens and user ids.
 * <p>
 * A token is {@code <kind><userId as 32 hex digits><secret>}: the user id locates the user's item with one GetItem,
 * the secret is 43 characters drawn uniformly from {@code [A-Za-z0-9]} (43 × log2(62) ≈ 256.03 bits). Only
 * {@code [A-Za-z0-9]} appear, so tokens survive URLs, headers and form encoding untouched.
 */
@ApplicationScoped
public class TokenCodec {

    static final int USER_ID_HEX_LENGTH = 32;
    static final int SECRET_LENGTH = 43;
    public static final int TOKEN_LENGTH = 1 + USER_ID_HEX_LENGTH + SECRET_LENGTH;

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();

    // Created when the bean is, at run time: a native image must never carry a seed from its build.
    private final SecureRandom random = new SecureRandom();

    /** A random (version 4) UUID from this codec's SecureRandom. */
    public String newUserId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (bytes[i] & 0xff);
            lsb = (lsb << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    public BearerToken issue(TokenKind kind, String userId) {
        StringBuilder value = new StringBuilder(TOKEN_LENGTH);
        value.append(kind.prefix());
        value.append(userId.replace("-", ""));
        for (int i = 0; i < SECRET_LENGTH; i++) {
            value.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return new BearerToken(kind, userId, value.toString());
    }

    /** Empty unless {@code value} has exactly the shape this codec issues. Does not touch the store. */
    public Optional<BearerToken> parse(String value) {
        if (value == null || value.length() != TOKEN_LENGTH) {
            return Optional.empty();
        }
        TokenKind kind = TokenKind.ofPrefix(value.charAt(0));
        if (kind == null) {
            return Optional.empty();
        }
        for (int i = 1; i <= USER_ID_HEX_LENGTH; i++) {
            if (Character.digit(value.charAt(i), 16) < 0 || Character.isUpperCase(value.charAt(i))) {
                return Optional.empty();
            }
        }
        for (int i = 1 + USER_ID_HEX_LENGTH; i < TOKEN_LENGTH; i++) {
            char c = value.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return Optional.empty();
            }
        }
        return Optional.of(new BearerToken(kind, userIdOf(value), value));
    }

    private static String userIdOf(String value) {
        String hex = value.substring(1, 1 + USER_ID_HEX_LENGTH);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}

package dev.anonymousaccess.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mints and reads bearer tokens and user ids.
 * <p>
 * A token is {@code <kind><session id as 32 hex digits><secret>}: the session id locates the item holding the token's
 * state with one GetItem (a user's own item, whose id is the user's, or a further session of a claimed user),
 * the secret is 43 characters drawn uniformly from {@code [A-Za-z0-9]} (43 × log2(62) ≈ 256.03 bits). Only
 * {@code [A-Za-z0-9]} appear, so tokens survive URLs, headers and form encoding untouched.
 * <p>
 * A secret is either random ({@link #issue}) or derived ({@link #derive}): the successor of a refresh token is
 * HMAC-SHA256 of that token under the user's 256-bit random rotation key, so every retry of one refresh yields the
 * same pair without any token being stored.
 */
@ApplicationScoped
public class TokenCodec {

    static final int USER_ID_HEX_LENGTH = 32;
    static final int SECRET_LENGTH = 43;
    public static final int TOKEN_LENGTH = 1 + USER_ID_HEX_LENGTH + SECRET_LENGTH;
    static final int ROTATION_KEY_BYTES = 32;

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();
    /** Bytes at or above this are skipped so that {@code byte % 62} is uniform (248 = 4 × 62). */
    private static final int UNBIASED_LIMIT = 4 * ALPHABET.length;
    private static final String HMAC = "HmacSHA256";

    // Created when the bean is, at run time: a native image must never carry a seed from its build.
    private final SecureRandom random = randomSource();

    /**
     * The platform default: on Linux NativePRNG, which mixes fresh bytes of {@code /dev/urandom} into every output, so
     * instances restored from one SnapStart snapshot never draw the same tokens.
     */
    static SecureRandom randomSource() {
        return new SecureRandom();
    }

    /** A random (version 4) UUID from this codec's SecureRandom. */
    public String newUserId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }

    /** A fresh 256-bit rotation key (base64url), kept on the user's item to derive refresh successors. */
    public String newRotationKey() {
        byte[] key = new byte[ROTATION_KEY_BYTES];
        random.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    /**
     * A new backend secret for a client app: {@code aas_} and 256 bits from SecureRandom, base64url (the prefix lets
     * secret scanners recognise a leaked one).
     */
    public String newClientSecret() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return "aas_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** A token with a random secret. */
    public BearerToken issue(TokenKind kind, String sessionId) {
        StringBuilder value = start(kind, sessionId);
        for (int i = 0; i < SECRET_LENGTH; i++) {
            value.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return new BearerToken(kind, sessionId, value.toString());
    }

    /**
     * The token of {@code kind} that succeeds {@code parent} for the user: always the same for the same key and
     * parent, unpredictable without both.
     *
     * @throws IllegalArgumentException when the rotation key is not a key this codec made
     */
    public BearerToken derive(TokenKind kind, String sessionId, String rotationKey, PresentedToken parent) {
        Mac mac = mac(rotationKey);
        StringBuilder value = start(kind, sessionId);
        byte[] label = (kind.prefix() + "|" + parent.value()).getBytes(StandardCharsets.UTF_8);
        for (int block = 0; value.length() < TOKEN_LENGTH; block++) {
            mac.update(label);
            mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(block).array());
            for (byte b : mac.doFinal()) {
                int unsigned = b & 0xff;
                if (unsigned < UNBIASED_LIMIT && value.length() < TOKEN_LENGTH) {
                    value.append(ALPHABET[unsigned % ALPHABET.length]);
                }
            }
        }
        return new BearerToken(kind, sessionId, value.toString());
    }

    /** Empty unless {@code value} has exactly the shape this codec issues (ASCII only). Does not touch the store. */
    public Optional<BearerToken> parse(String value) {
        if (value == null || value.length() != TOKEN_LENGTH) {
            return Optional.empty();
        }
        TokenKind kind = TokenKind.ofPrefix(value.charAt(0));
        if (kind == null) {
            return Optional.empty();
        }
        for (int i = 1; i <= USER_ID_HEX_LENGTH; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return Optional.empty();
            }
        }
        for (int i = 1 + USER_ID_HEX_LENGTH; i < TOKEN_LENGTH; i++) {
            char c = value.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return Optional.empty();
            }
        }
        return Optional.of(new BearerToken(kind, sessionIdOf(value), value));
    }

    private static StringBuilder start(TokenKind kind, String sessionId) {
        return new StringBuilder(TOKEN_LENGTH).append(kind.prefix()).append(sessionId.replace("-", ""));
    }

    private static Mac mac(String rotationKey) {
        byte[] key = Base64.getUrlDecoder().decode(rotationKey);
        if (key.length != ROTATION_KEY_BYTES) {
            throw new IllegalArgumentException("a rotation key has " + ROTATION_KEY_BYTES + " bytes");
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static String sessionIdOf(String value) {
        String hex = value.substring(1, 1 + USER_ID_HEX_LENGTH);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}

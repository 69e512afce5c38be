package dev.anonymousaccess.jwt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

import dev.anonymousaccess.token.PresentedToken;
import dev.anonymousaccess.token.TokenKind;

/**
 * A JWT access token whose signature, type, issuer and lifetime checked out: the session it names ({@code sid}) and
 * the hash of that session's access token it stands for ({@code jti}). Whether the session still holds it is the
 * store's to say, as for an opaque token. {@link #toString()} never shows the token.
 */
public record VerifiedJwt(String value, String sessionId, String userId, String clientId, String tokenHash,
        Instant expiresAt) implements PresentedToken {

    @Override
    public TokenKind kind() {
        return TokenKind.ACCESS;
    }

    /** Whether the session's stored access token hash is the one this JWT stands for, compared in constant time. */
    @Override
    public boolean matches(String storedHash) {
        return storedHash != null && MessageDigest.isEqual(tokenHash.getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "VerifiedJwt[sessionId=" + sessionId + ", clientId=" + clientId + "]";
    }
}

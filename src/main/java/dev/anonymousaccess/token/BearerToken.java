package dev.anonymousaccess.token;

/**
 * A well-formed token: its kind, the session it locates and the whole string (whose SHA-256 is what the store keeps).
 * {@link #toString()} never shows the value, so a token cannot leak through a log line or an exception message.
 */
public record BearerToken(TokenKind kind, String sessionId, String value) implements PresentedToken {

    public String hash() {
        return TokenHash.of(value);
    }

    @Override
    public boolean matches(String storedHash) {
        return TokenHash.matches(value, storedHash);
    }

    @Override
    public String toString() {
        return "BearerToken[kind=" + kind + ", sessionId=" + sessionId + "]";
    }
}

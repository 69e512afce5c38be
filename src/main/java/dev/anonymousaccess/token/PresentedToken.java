package dev.anonymousaccess.token;

/**
 * A token a caller presented, once its form is known to be right: which session it names, and whether it is the token
 * whose hash that session keeps. An opaque token ({@link BearerToken}) is its own proof; a JWT access token is first
 * verified against the published keys, and names the session's token by its {@code jti}.
 */
public interface PresentedToken {

    TokenKind kind();

    /** The id of the session whose token this says it is. */
    String sessionId();

    /** The string presented, as a parent a new session's pair can be derived from. */
    String value();

    /** Whether this is the token whose hash is {@code storedHash}; false for a missing one. */
    boolean matches(String storedHash);
}

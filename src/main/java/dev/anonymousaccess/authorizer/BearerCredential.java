package dev.anonymousaccess.authorizer;

import java.util.Optional;

/** Reads {@code Bearer <token>} (RFC 6750 §2.1: the scheme is case-insensitive); anything else is no credential. */
public final class BearerCredential {

    private static final String SCHEME = "bearer";

    private BearerCredential() {
    }

    public static Optional<String> token(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length() + 1) {
            return Optional.empty();
        }
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || authorization.charAt(SCHEME.length()) != ' ') {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).strip();
        return token.isEmpty() || token.indexOf(' ') >= 0 ? Optional.empty() : Optional.of(token);
    }
}

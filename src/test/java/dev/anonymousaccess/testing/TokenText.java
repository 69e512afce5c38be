package dev.anonymousaccess.testing;

/** Reads a token as an outsider would, to check what the service answers against what the token says. */
public final class TokenText {

    private TokenText() {
    }

    /** The user id a token carries (characters 2 to 33, as 32 hex digits). */
    public static String userIdOf(String token) {
        String hex = token.substring(1, 33);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}

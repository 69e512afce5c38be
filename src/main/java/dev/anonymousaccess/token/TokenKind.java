package dev.anonymousaccess.token;

/** What a bearer string grants; its first character says which, so a token is never taken for the other kind. */
public enum TokenKind {
    ACCESS,
    REFRESH;

    /** The first letter of the kind's name. */
    public char prefix() {
        return name().charAt(0);
    }

    static TokenKind ofPrefix(char c) {
        for (TokenKind kind : values()) {
            if (kind.prefix() == c) {
                return kind;
            }
        }
        return null;
    }
}

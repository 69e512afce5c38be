package dev.anonymousaccess.token;

/** What a bearer string grants; its first character says which, so a token is never taken for the other kind. */
public enum TokenKind {
    ACCESS('A'),
    REFRESH('R');

    private final char prefix;

    TokenKind(char prefix) {
        this.prefix = prefix;
    }

    public char prefix() {
        return prefix;
    }

    static TokenKind ofPrefix(char c) {
        for (TokenKind kind : values()) {
            if (kind.prefix == c) {
                return kind;
            }
        }
        return null;
    }
}

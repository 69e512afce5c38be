package dev.anonymousaccess.user;

import dev.anonymousaccess.error.OAuthException;

/**
 * The rule for a subject, an app's permanent id of a person: a non-blank string of at most 256 characters (code
 * points) without control characters. A subject is personal data: no message here quotes it.
 */
public final class Subject {

    /** The longest subject taken, in characters (code points). */
    public static final int MAX_LENGTH = 256;

    private Subject() {
    }

    /** @throws OAuthException {@code invalid_request} when {@code subject} is missing or breaks the rule */
    public static String require(String subject) {
        if (subject == null) {
            throw OAuthException.invalidRequest("subject is required");
        }
        if (subject.isBlank()) {
            throw OAuthException.invalidRequest("subject must not be blank");
        }
        if (subject.codePointCount(0, subject.length()) > MAX_LENGTH) {
            throw OAuthException.invalidRequest("subject must be at most " + MAX_LENGTH + " characters");
        }
        if (subject.codePoints().anyMatch(Character::isISOControl)) {
            throw OAuthException.invalidRequest("subject must not hold control characters");
        }
        return subject;
    }
}

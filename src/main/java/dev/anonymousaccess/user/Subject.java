package dev.anonymousaccess.user;

import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.text.Utf8;

/**
 * The rule for a subject, an app's permanent id of a person: non-blank Unicode text of at most 256 characters (code
 * points) without control characters. Subjects are compared exactly, code point for code point: no case folding and
 * no Unicode normalisation ({@code é} as one code point and as {@code e} with a combining accent are two subjects), as
 * identity providers issue and compare their ids. A subject is personal data: no message here quotes it.
 */
public final class Subject {

    /** The longest subject taken, in characters (code points). */
    public static final int MAX_LENGTH = 256;
    /** The longest subject taken, in UTF-8 bytes: what 256 code points need at most. */
    public static final int MAX_BYTES = 4 * MAX_LENGTH;

    private Subject() {
    }

    /** @throws OAuthException {@code invalid_request} when {@code subject} is missing or breaks the rule */
    public static String require(String subject) {
        if (subject == null) {
            throw OAuthException.invalidRequest("subject is required");
        }
        if (!Utf8.isWellFormed(subject)) {
            throw OAuthException.invalidRequest("subject must be Unicode text (it holds a lone surrogate)");
        }
        if (subject.isBlank()) {
            throw OAuthException.invalidRequest("subject must not be blank");
        }
        if (subject.codePointCount(0, subject.length()) > MAX_LENGTH || Utf8.length(subject) > MAX_BYTES) {
            throw OAuthException.invalidRequest("subject must be at most " + MAX_LENGTH + " characters");
        }
        if (subject.codePoints().anyMatch(Character::isISOControl)) {
            throw OAuthException.invalidRequest("subject must not hold control characters");
        }
        return subject;
    }
}

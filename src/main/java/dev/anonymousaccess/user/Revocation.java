package dev.anonymousaccess.user;

import java.util.Arrays;
import java.util.Locale;

/**
 * Why a session's tokens were revoked: the table records it, so that what reads the table later (an operator, the
 * lifecycle events) can tell a sign-out from an operator's revocation and from theft.
 */
public enum Revocation {
    /** The device signed out (RFC 7009 revocation). */
    SIGN_OUT,
    /** A refresh token rotated away earlier was presented again: taken for theft, the session is revoked. */
    REUSE_DETECTED,
    /** An operator revoked every session of the user ({@code revokeUser}). */
    OPERATOR;

    /** As stored and reported: the name in lower case ({@code sign_out}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The revocation a stored code names, or null for one this version does not know. */
    public static Revocation ofCode(String code) {
        return Arrays.stream(values()).filter(revocation -> revocation.code().equals(code)).findFirst().orElse(null);
    }
}

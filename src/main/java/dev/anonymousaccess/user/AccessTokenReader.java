package dev.anonymousaccess.user;

import java.util.Optional;

import dev.anonymousaccess.token.PresentedToken;

/**
 * Reads an access token as presented (to the authorizer, to a claim, to sign out): an opaque token by its form, a JWT
 * by its signature and claims. What it names is then the store's to confirm.
 */
public interface AccessTokenReader {

    /** @return the token, or the refusal and its reason (for the log and the metric; never the token) */
    Reading read(String value);

    /**
     * Any token presented to be revoked (RFC 7009): an opaque access or refresh token by its form, a JWT access token
     * by its signature, expired or not (signing out with an expired token must still sign out).
     */
    Optional<PresentedToken> readToRevoke(String value);

    /** The outcome of {@link #read}: a token, or why there is none. */
    record Reading(Optional<PresentedToken> token, Refusal refusal, String detail) {

        public static Reading of(PresentedToken token) {
            return new Reading(Optional.of(token), null, null);
        }

        public static Reading refused(Refusal refusal, String detail) {
            return new Reading(Optional.empty(), refusal, detail);
        }
    }
}

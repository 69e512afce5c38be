package dev.anonymousaccess.user;

import java.time.Duration;
import java.time.Instant;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.token.BearerToken;

/**
 * A token pair as handed to the client, which never sees it stored.
 *
 * @param sessionId the session the pair's tokens belong to (a new or refreshed anonymous user's own id, or, for a
 *        device merged into a claimed user, that device's session)
 * @param userId the user the pair is for
 * @param subject the user's subject once it is claimed, else null
 * @param expiresIn how long the access token still lives from the moment of the answer
 * @param client the client app it was handed to, once admitted (effective settings: they say the token's format)
 */
public record IssuedTokens(String sessionId, String userId, String subject, BearerToken accessToken,
        BearerToken refreshToken, Duration expiresIn, ClientApp client) {

    /** A pair of a new anonymous user's own session, not yet handed to a client app. */
    IssuedTokens(String sessionId, BearerToken accessToken, BearerToken refreshToken, Duration expiresIn) {
        this(sessionId, sessionId, null, accessToken, refreshToken, expiresIn, null);
    }

    /** This pair, as handed out to {@code app} (whose state may add to the answer, such as a deprecation notice). */
    IssuedTokens issuedFor(ClientApp app) {
        return new IssuedTokens(sessionId, userId, subject, accessToken, refreshToken, expiresIn, app);
    }

    /** This pair, of a session of {@code owner}'s (the session's own user, or the claimed user it was merged into). */
    IssuedTokens of(String owner, String ownerSubject) {
        return new IssuedTokens(sessionId, owner, ownerSubject, accessToken, refreshToken, expiresIn, client);
    }

    /** When the access token, issued at {@code now}, stops working. */
    Instant accessTokenExpiresAt(Instant now) {
        return now.plus(expiresIn);
    }

    /** The same pair, answered again at {@code now} for an access token that ends at {@code accessExpiresAt}. */
    IssuedTokens remainingUntil(Instant accessExpiresAt, Instant now) {
        Duration left = Duration.between(now, accessExpiresAt);
        return new IssuedTokens(sessionId, userId, subject, accessToken, refreshToken,
                left.isNegative() ? Duration.ZERO : left, client);
    }
}

package dev.anonymousaccess.user;

import java.time.Duration;
import java.time.Instant;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.token.BearerToken;

/**
 * A token pair as handed to the client, which never sees it stored.
 *
 * @param userId the id the pair's tokens carry: the new or refreshed user's own, or for a device merged into a claimed
 *        user, that device's session id
 * @param expiresIn how long the access token still lives from the moment of the answer
 * @param client the client app it was handed to, once admitted
 */
public record IssuedTokens(String userId, BearerToken accessToken, BearerToken refreshToken, Duration expiresIn,
        ClientApp client) {

    /** A pair not yet handed to a client app. */
    IssuedTokens(String userId, BearerToken accessToken, BearerToken refreshToken, Duration expiresIn) {
        this(userId, accessToken, refreshToken, expiresIn, null);
    }

    /** This pair, as handed out to {@code app} (whose state may add to the answer, such as a deprecation notice). */
    IssuedTokens issuedFor(ClientApp app) {
        return new IssuedTokens(userId, accessToken, refreshToken, expiresIn, app);
    }


    /** When the access token, issued at {@code now}, stops working. */
    Instant accessTokenExpiresAt(Instant now) {
        return now.plus(expiresIn);
    }

    /** The same pair, answered again at {@code now} for an access token that ends at {@code accessExpiresAt}. */
    IssuedTokens remainingUntil(Instant accessExpiresAt, Instant now) {
        Duration left = Duration.between(now, accessExpiresAt);
        return new IssuedTokens(userId, accessToken, refreshToken, left.isNegative() ? Duration.ZERO : left, client);
    }
}

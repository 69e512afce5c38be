package dev.anonymousaccess.user;

import java.time.Duration;
import java.time.Instant;

import dev.anonymousaccess.token.BearerToken;

/** A fresh token pair, to be shown once to the client and never again. */
public record IssuedTokens(String userId, BearerToken accessToken, BearerToken refreshToken, Duration expiresIn) {

    /** When the access token, issued at {@code now}, stops working. */
    Instant accessTokenExpiresAt(Instant now) {
        return now.plus(expiresIn);
    }
}

package dev.anonymousaccess.user;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.token.BearerToken;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.token.TokenKind;

/** Mints a user's token pairs: a random first pair on {@code create}, a derived successor on every refresh. */
@ApplicationScoped
public class TokenPairs {

    private final TokenCodec tokens;
    private final Duration accessTokenLifetime;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public TokenPairs(TokenCodec tokens, AnonymousAccessConfig config) {
        this.tokens = tokens;
        this.accessTokenLifetime = config.accessTokenLifetime();
    }

    IssuedTokens issue(String userId) {
        return new IssuedTokens(userId, tokens.issue(TokenKind.ACCESS, userId), tokens.issue(TokenKind.REFRESH, userId),
                accessTokenLifetime);
    }

    /**
     * The pair that succeeds {@code refreshToken}: the same every time for the same rotation key, so concurrent and
     * repeated refreshes with one token converge on one pair.
     */
    IssuedTokens successorOf(BearerToken refreshToken, String rotationKey) {
        String userId = refreshToken.sessionId();
        return new IssuedTokens(userId, tokens.derive(TokenKind.ACCESS, userId, rotationKey, refreshToken),
                tokens.derive(TokenKind.REFRESH, userId, rotationKey, refreshToken), accessTokenLifetime);
    }

    /**
     * The first pair of a new session {@code sessionId}, derived from {@code parent} (the token that asked for it):
     * the same every time for the same key and parent, so a repeated request answers the same pair.
     */
    IssuedTokens derivedFrom(BearerToken parent, String sessionId, String rotationKey) {
        return new IssuedTokens(sessionId, tokens.derive(TokenKind.ACCESS, sessionId, rotationKey, parent),
                tokens.derive(TokenKind.REFRESH, sessionId, rotationKey, parent), accessTokenLifetime);
    }

    String newSessionId() {
        return tokens.newUserId();
    }

    String newRotationKey() {
        return tokens.newRotationKey();
    }
}

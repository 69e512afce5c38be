package dev.anonymousaccess.user;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.token.BearerToken;
import dev.anonymousaccess.token.PresentedToken;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.token.TokenKind;

/**
 * Mints a session's token pairs: a random first pair on {@code create}, a derived successor on every refresh, each
 * access token living as long as its client app says.
 */
@ApplicationScoped
public class TokenPairs {

    private final TokenCodec tokens;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public TokenPairs(TokenCodec tokens) {
        this.tokens = tokens;
    }

    IssuedTokens issue(String userId, Duration accessTokenLifetime) {
        return new IssuedTokens(userId, tokens.issue(TokenKind.ACCESS, userId), tokens.issue(TokenKind.REFRESH, userId),
                accessTokenLifetime);
    }

    /**
     * The pair that succeeds {@code refreshToken}: the same every time for the same rotation key, so concurrent and
     * repeated refreshes with one token converge on one pair.
     */
    IssuedTokens successorOf(BearerToken refreshToken, String rotationKey, Duration accessTokenLifetime) {
        return derivedFrom(refreshToken, refreshToken.sessionId(), rotationKey, accessTokenLifetime);
    }

    /**
     * The first pair of a new session {@code sessionId}, derived from {@code parent} (the token that asked for it):
     * the same every time for the same key and parent, so a repeated request answers the same pair.
     */
    IssuedTokens derivedFrom(PresentedToken parent, String sessionId, String rotationKey,
            Duration accessTokenLifetime) {
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

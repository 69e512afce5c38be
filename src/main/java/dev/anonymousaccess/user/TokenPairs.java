package dev.anonymousaccess.user;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.token.TokenKind;

/** Mints a user's token pair: what {@code create} and every refresh hand out. */
@ApplicationScoped
public class TokenPairs {

    private final TokenCodec tokens;
    private final Duration accessTokenLifetime;

    TokenPairs(TokenCodec tokens, AnonymousAccessConfig config) {
        this.tokens = tokens;
        this.accessTokenLifetime = config.accessTokenLifetime();
    }

    IssuedTokens issue(String userId) {
        return new IssuedTokens(userId, tokens.issue(TokenKind.ACCESS, userId), tokens.issue(TokenKind.REFRESH, userId),
                accessTokenLifetime);
    }
}

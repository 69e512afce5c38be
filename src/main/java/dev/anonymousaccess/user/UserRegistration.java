package dev.anonymousaccess.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.store.UserStore;
import dev.anonymousaccess.token.BearerToken;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.token.TokenKind;

/** Creates a brand-new anonymous user for a client app and hands out its first token pair. */
@ApplicationScoped
public class UserRegistration {

    private final ClientRegistry clients;
    private final UserStore users;
    private final TokenCodec tokens;
    private final SlidingExpiry expiry;
    private final Clock clock;
    private final Duration accessTokenLifetime;

    UserRegistration(ClientRegistry clients, UserStore users, TokenCodec tokens, SlidingExpiry expiry, Clock clock,
            AnonymousAccessConfig config) {
        this.clients = clients;
        this.users = users;
        this.tokens = tokens;
        this.expiry = expiry;
        this.clock = clock;
        this.accessTokenLifetime = config.accessTokenLifetime();
    }

    /**
     * @throws dev.anonymousaccess.client.InvalidClientException for an unknown or disabled client app
     * @throws dev.anonymousaccess.client.OriginNotAllowedException for a browser origin the app does not allow
     * @throws dev.anonymousaccess.store.StoreUnavailableException when DynamoDB fails; no user was written
     */
    public IssuedTokens register(String clientId, Optional<String> origin) {
        ClientApp app = clients.admit(clientId, origin);
        Instant now = clock.instant();
        // A fresh random UUID colliding is practically impossible; the conditional write still guarantees that an
        // existing user is never overwritten, and a second id is tried if it ever happens.
        for (int attempt = 0; attempt < 2; attempt++) {
            String userId = tokens.newUserId();
            BearerToken access = tokens.issue(TokenKind.ACCESS, userId);
            BearerToken refresh = tokens.issue(TokenKind.REFRESH, userId);
            AnonymousUser user = new AnonymousUser(userId, app.clientId(), now, now, expiry.expiresAt(now),
                    access.hash(), now.plus(accessTokenLifetime), refresh.hash(), null, null, List.of(), false, 1);
            if (users.insert(user)) {
                return new IssuedTokens(userId, access, refresh, accessTokenLifetime);
            }
        }
        throw new IllegalStateException("could not allocate a unique user id");
    }
}

package dev.anonymousaccess.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.store.UserStore;
import dev.anonymousaccess.token.TokenCodec;

/** Creates a brand-new anonymous user for a client app and hands out its first token pair. */
@ApplicationScoped
public class UserRegistration {

    private final ClientRegistry clients;
    private final UserStore users;
    private final TokenCodec tokens;
    private final TokenPairs pairs;
    private final SlidingExpiry expiry;
    private final Clock clock;

    UserRegistration(ClientRegistry clients, UserStore users, TokenCodec tokens, TokenPairs pairs,
            SlidingExpiry expiry, Clock clock) {
        this.clients = clients;
        this.users = users;
        this.tokens = tokens;
        this.pairs = pairs;
        this.expiry = expiry;
        this.clock = clock;
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
            IssuedTokens issued = pairs.issue(tokens.newUserId());
            AnonymousUser user = AnonymousUser.registered(issued, app.clientId(), now, expiry.expiresAt(now),
                    pairs.newRotationKey());
            if (users.insert(user)) {
                return issued;
            }
        }
        throw new IllegalStateException("could not allocate a unique user id");
    }
}

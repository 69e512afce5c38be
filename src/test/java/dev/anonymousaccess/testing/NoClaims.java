package dev.anonymousaccess.testing;

import java.time.Instant;
import java.util.Optional;

import dev.anonymousaccess.user.ClaimRepository;
import dev.anonymousaccess.user.User;

/**
 * The claims of the in-memory rules' world: none. Claims and merges run only against DynamoDB (moto_server, the claim
 * tests), so every write here fails the test that reaches it.
 */
public final class NoClaims implements ClaimRepository {

    @Override
    public Optional<String> holderOf(String clientId, String subject) {
        return Optional.empty();
    }

    @Override
    public boolean claim(User expected, User claimed) {
        throw unsupported();
    }

    @Override
    public boolean merge(Merge merge) {
        throw unsupported();
    }

    @Override
    public Located locate(String sessionId, Instant now) {
        throw unsupported();
    }

    @Override
    public boolean erase(User user) {
        throw unsupported();
    }

    @Override
    public boolean revokeEverySession(User user, Instant now) {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("claims are tested against DynamoDB, not in memory");
    }
}

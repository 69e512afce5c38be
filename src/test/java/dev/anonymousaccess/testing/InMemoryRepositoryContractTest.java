package dev.anonymousaccess.testing;

import org.junit.jupiter.api.Tag;

import dev.anonymousaccess.client.ClientRepository;
import dev.anonymousaccess.jwt.SigningKeyRepository;
import dev.anonymousaccess.signup.SignupCounter;
import dev.anonymousaccess.user.UserRepository;

/** The store contract against the in-memory stores of the fast tests. */
@Tag("rules")
class InMemoryRepositoryContractTest extends RepositoryContract {

    private final InMemoryUsers users = new InMemoryUsers();
    private final InMemoryClients clients = new InMemoryClients();
    private final InMemorySignupCounter signups = new InMemorySignupCounter();
    private final InMemorySigningKeys signingKeys = new InMemorySigningKeys();

    @Override
    protected UserRepository users() {
        return users;
    }

    @Override
    protected ClientRepository clients() {
        return clients;
    }

    @Override
    protected SignupCounter signups() {
        return signups;
    }

    @Override
    protected SigningKeyRepository signingKeys() {
        return signingKeys;
    }
}

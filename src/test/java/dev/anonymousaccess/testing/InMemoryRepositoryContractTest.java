package dev.anonymousaccess.testing;

import org.junit.jupiter.api.Tag;

/** The store contract against the in-memory stores of the fast tests. */
@Tag("rules")
class InMemoryRepositoryContractTest extends RepositoryContract {

    private final Stores stores = new Stores(new InMemoryUsers(), new InMemoryClients(), new InMemorySignupCounter(),
            new InMemorySigningKeys());

    @Override
    protected Stores stores() {
        return stores;
    }
}

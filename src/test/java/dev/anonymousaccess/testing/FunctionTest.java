package dev.anonymousaccess.testing;

import java.time.Duration;

import jakarta.inject.Inject;

import dev.anonymousaccess.client.ClientReads;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.client.ClientRepository;
import dev.anonymousaccess.user.AccessTokenVerifier;
import dev.anonymousaccess.user.RefreshTokenRotation;
import dev.anonymousaccess.user.SignOut;
import dev.anonymousaccess.user.SlidingExpiry;

/**
 * What the tests of an exported function share: the table seen raw, the clock, fixtures, and the rules as the running
 * application wired them, to check outcomes through the real code and the real store.
 */
public abstract class FunctionTest {

    /** The token routes, as an HTTP API event names them. */
    protected static final String CREATE_PATH = "/auth/anonymous/create";
    protected static final String REFRESH_PATH = "/auth/anonymous/refresh";
    protected static final String CLAIM_PATH = "/auth/anonymous/claim";
    protected static final String REVOKE_PATH = "/auth/anonymous/revoke";

    @Inject
    protected TableContents table;

    @Inject
    protected TestClock clock;

    @Inject
    protected Users users;

    @Inject
    protected ClientRegistry clients;

    @Inject
    protected AccessTokenVerifier verifier;

    @Inject
    protected RefreshTokenRotation rotation;

    @Inject
    protected SignOut signOut;

    @Inject
    protected SlidingExpiry expiry;

    @Inject
    ClientRepository clientStore;

    @Inject
    ClientRegistry.Policy clientPolicy;

    /** Another instance of the service on the same table, say the admin function's: what it reads it keeps. */
    protected ClientRegistry anotherInstancesRegistry() {
        return new ClientRegistry(clientStore, new ClientReads(Duration.ofSeconds(60), clock), clock, clientPolicy);
    }
}

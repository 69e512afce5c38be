package dev.anonymousaccess.testing;

import jakarta.inject.Inject;

import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.user.AccessTokenVerifier;
import dev.anonymousaccess.user.RefreshTokenRotation;
import dev.anonymousaccess.user.SignOut;
import dev.anonymousaccess.user.SlidingExpiry;

/**
 * What the tests of an exported function share: the table seen raw, the clock, fixtures, and the rules as the running
 * application wired them, to check outcomes through the real code and the real store.
 */
public abstract class FunctionTest {

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
}

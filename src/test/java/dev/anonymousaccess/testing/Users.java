package dev.anonymousaccess.testing;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.UserRegistration;

/** Fixtures: client apps and users made through the real domain code and the real store. */
@ApplicationScoped
public class Users {

    public static final String CLIENT = "test-app";
    /** Where fixture users come from (a documentation address, RFC 5737). */
    public static final String SOURCE_IP = "192.0.2.10";

    @Inject
    ClientRegistry clients;

    @Inject
    UserRegistration registration;

    @Inject
    TestClock clock;

    @Inject
    TableContents table;

    /** A clean start: the clock at {@link TestClock#START}, an empty table, the test client app registered. */
    public void startClean() {
        clock.reset();
        table.clear();
        registerClient();
    }

    /** {@link #startClean()}, then one fresh user. */
    public IssuedTokens startWithOneUser() {
        startClean();
        return create();
    }

    public void registerClient() {
        // No sign-up limit: fixtures create users freely; the limit has tests of its own.
        clients.put(new ClientDefinition(CLIENT, "Test App", List.of("https://app.example.com"), true, 0, null));
    }

    /** A new user of {@link #CLIENT}, as {@code create} makes one. */
    public IssuedTokens create() {
        return registration.register(new UserRegistration.Signup(CLIENT, Optional.empty(), SOURCE_IP, Optional.empty()));
    }
}

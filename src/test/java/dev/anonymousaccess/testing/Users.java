package dev.anonymousaccess.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientReads;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.client.ClientSettings;
import dev.anonymousaccess.jwt.SigningKeys;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.UserRegistration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Fixtures: client apps and users made through the real domain code and the real store. */
@ApplicationScoped
public class Users {

    public static final String CLIENT = "test-app";
    /** Where fixture users come from (a documentation address, RFC 5737). */
    public static final String SOURCE_IP = "192.0.2.10";
    /** The test client app's backend secret, once {@link #giveBackendSecret()} registered it. */
    public static final String BACKEND_SECRET = "aas_test-backend-secret-0123456789abcdefghijklm";
    /** The test client app: one origin, no sign-up limit (fixtures create users freely; the limit has its tests). */
    public static final ClientDefinition TEST_APP = ClientDefinition.builder().clientId(CLIENT).name("Test App")
            .allowedOrigins(List.of("https://app.example.com")).enabled(true).signupsPerIp(0).build();

    @Inject
    ClientRegistry clients;

    @Inject
    SigningKeys signingKeys;

    @Inject
    ClientReads reads;

    @Inject
    UserRegistration registration;

    @Inject
    TestClock clock;

    @Inject
    TableContents table;

    /** The table as each list of client apps left it when it was first registered. */
    private final Map<List<ClientDefinition>, List<Map<String, AttributeValue>>> registered = new ConcurrentHashMap<>();

    /** The client app whose access tokens are JWTs (the deployment's audience), no sign-up limit. */
    public static final String JWT_CLIENT = "jwt-app";
    public static final ClientDefinition JWT_APP = ClientDefinition.builder().clientId(JWT_CLIENT).name("JWT App")
            .enabled(true).settings(ClientSettings.builder().allowedOrigins(List.of("https://app.example.com")).signupsPerIp(0)
                    .tokenFormat(ClientSettings.TokenFormat.JWT).accessTokenLifetime(Duration.ofMinutes(15)).build())
            .build();

    /** A clean start with {@link #TEST_APP} and {@link #JWT_APP}, the deployment's first signing key published. */
    public void startWithJwtApp() {
        startWith(List.of(TEST_APP, JWT_APP));
        signingKeys.publishFirstKey(InvocationRecorder.NONE);
    }

    /** A clean start: the clock at {@link TestClock#START}, only the test client app {@link #TEST_APP}. */
    public void startClean() {
        startWith(List.of(TEST_APP));
    }

    /** {@link #startClean()}, then one fresh user. */
    public IssuedTokens startWithOneUser() {
        startClean();
        return create();
    }

    /**
     * A clean start with these client apps and nothing else: the clock at {@link TestClock#START}, no fault armed,
     * nothing of the client apps cached. Each list is registered through the registry once (an app defined as not
     * enabled is registered, then disabled, as an operator retires one); later starts copy the table it left back.
     */
    public void startWith(List<ClientDefinition> apps) {
        clock.reset();
        List<Map<String, AttributeValue>> items = registered.get(apps);
        if (items == null) {
            table.clear();
            for (ClientDefinition app : apps) {
                boolean retired = Boolean.FALSE.equals(app.enabled());
                clients.put(retired ? ClientDefinition.builder().clientId(app.clientId()).name(app.name())
                        .enabled(true).settings(app.settings()).build() : app);
                if (retired) {
                    clients.disable(app.clientId());
                }
            }
            registered.put(apps, table.all());
            MotoServer.resetFaults(); // the registrations' calls are the fixture's, not the test's
        } else {
            table.restore(items); // disarms the proxy too
        }
        reads.forgetAll(); // as a fresh instance
    }

    /** A new user of {@link #CLIENT}, as {@code create} makes one. */
    public IssuedTokens create() {
        return create(CLIENT);
    }

    /** A new user of {@code clientId}, as {@code create} makes one. */
    public IssuedTokens create(String clientId) {
        return registration.register(new UserRegistration.Signup(clientId, Optional.empty(), SOURCE_IP,
                Optional.empty()), InvocationRecorder.NONE);
    }

    /** Gives the test client app's backend {@link #BACKEND_SECRET} (its only secret). */
    public void giveBackendSecret() {
        giveBackendSecret(CLIENT);
    }

    /** Gives the backend of client app {@code clientId} {@link #BACKEND_SECRET} (its only secret). */
    public void giveBackendSecret(String clientId) {
        clients.rotateSecret(clientId, BACKEND_SECRET);
    }
}

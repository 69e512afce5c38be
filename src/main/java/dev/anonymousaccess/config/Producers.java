package dev.anonymousaccess.config;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.anonymousaccess.client.ClientReads;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.client.ClientSettings;
import dev.anonymousaccess.jwt.AccessTokenJwts;
import dev.anonymousaccess.jwt.KeyRotation;
import dev.anonymousaccess.jwt.SigningKeys;
import dev.anonymousaccess.lifecycle.Transitions;
import dev.anonymousaccess.signup.SignupLimit;
import dev.anonymousaccess.user.SlidingExpiry;
import dev.anonymousaccess.user.UserClaim;
import io.quarkus.arc.DefaultBean;

/**
 * The configuration handed to the rules as the small policy values each one needs, built once at start-up: no rule
 * reads {@link AnonymousAccessConfig} itself.
 */
public class Producers {

    /** The time source of every rule; tests replace it to move time without sleeping. */
    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The settings of a client app that sets none of its own, and how long a rotated-away secret works. */
    @Produces
    @Singleton
    ClientRegistry.Policy clientPolicy(AnonymousAccessConfig config) {
        return new ClientRegistry.Policy(ClientSettings.defaults(config.inactivityPeriod(),
                config.accessTokenLifetime(), config.refreshRetryWindow(), config.jwt().audience()),
                config.clientSecretGracePeriod(), config.jwt().issuer().isPresent() && config.jwt().kmsKeyId().isPresent());
    }

    @Produces
    @Singleton
    ClientReads clientReads(AnonymousAccessConfig config, Clock clock) {
        return new ClientReads(config.clientCacheTtl(), clock);
    }

    /** The sliding lifetime, with the deployment's default inactivity (each client app may choose its own). */
    @Produces
    @Singleton
    SlidingExpiry slidingExpiry(AnonymousAccessConfig config) {
        return new SlidingExpiry(config.inactivityPeriod(), config.lifetimeRefreshInterval(),
                config.authorizerCacheTtl());
    }

    @Produces
    @Singleton
    SignupLimit.Window signupWindow(AnonymousAccessConfig config) {
        return new SignupLimit.Window(config.signupWindow());
    }

    @Produces
    @Singleton
    UserClaim.RetryWindow claimRetryWindow(AnonymousAccessConfig config) {
        return new UserClaim.RetryWindow(config.claimRetryWindow());
    }

    /**
     * How keys sign and rotate: a retired key stays published for the longest access-token lifetime an app may set
     * (24 h), plus five minutes of clock skew, after it stopped signing.
     */
    @Produces
    @Singleton
    SigningKeys.Policy signingKeys(AnonymousAccessConfig config) {
        return new SigningKeys.Policy(config.jwt().algorithm(), new KeyRotation(config.jwt().keyPublicationLead(),
                ClientSettings.MAX_ACCESS_TOKEN_LIFETIME, Duration.ofMinutes(5)));
    }

    /** Where rotation's new key pairs come from; the tests replace it with pairs generated once per build. */
    @Produces
    @Singleton
    @DefaultBean
    SigningKeys.KeyPairs keyPairs() {
        return SigningKeys.GENERATED;
    }

    @Produces
    @Singleton
    AccessTokenJwts.Policy jwts(AnonymousAccessConfig config) {
        return new AccessTokenJwts.Policy(config.jwt().issuer(), config.jwt().audience());
    }

    @Produces
    @Singleton
    Transitions transitions(AnonymousAccessConfig config) {
        return new Transitions(config.events().publishUserCreated());
    }
}

package dev.anonymousaccess.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.anonymousaccess.user.SlidingExpiry;
import io.quarkus.arc.DefaultBean;

/** Beans built from configuration once, at start-up, rather than on every request. */
public class Producers {

    /** The time source of every rule; tests replace it to move time without sleeping. */
    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    SlidingExpiry slidingExpiry(AnonymousAccessConfig config) {
        return new SlidingExpiry(config.inactivityPeriod(), config.lifetimeRefreshInterval(),
                config.authorizerCacheTtl());
    }
}

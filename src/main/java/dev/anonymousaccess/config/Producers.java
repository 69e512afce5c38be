package dev.anonymousaccess.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/** Beans built once, at start-up, rather than on every request. */
public class Producers {

    /** The time source of every rule; tests replace it to move time without sleeping. */
    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}

package dev.anonymousaccess.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * What this instance has read of client apps and of the origin index, for {@code client-cache-ttl}: every public
 * request reads its client app, and without these one popular app would put all of them on one DynamoDB partition.
 * Caffeine caches, bounded (made-up ids and origins must not grow them without bound), on the service's clock, with
 * maintenance on the calling thread (a Lambda instance is frozen between invocations, so a background task would run
 * at an arbitrary later time). A miss (an unknown app, an origin no app allows) is kept at most
 * {@link #MISS_TTL}: an app registered a moment ago works within seconds on every instance, and a flood of one made-up
 * id still costs one read per instance every few seconds.
 */
public final class ClientReads {

    /** Entries per cache at most: reads are cheap, memory of a Lambda instance is not. */
    static final int MAX_CACHED = 10_000;
    /** How long a miss is kept at most. */
    static final Duration MISS_TTL = Duration.ofSeconds(5);

    final Cache<String, Optional<ClientRegistry.Registered>> apps;
    final Cache<String, Boolean> origins;

    public ClientReads(Duration ttl, Clock clock) {
        this.apps = cache(ttl, clock, Optional::isPresent);
        this.origins = cache(ttl, clock, Boolean::booleanValue);
    }

    private static <V> Cache<String, V> cache(Duration ttl, Clock clock, Predicate<V> hit) {
        long hitNanos = ttl.toNanos();
        long missNanos = Math.min(hitNanos, MISS_TTL.toNanos());
        return Caffeine.newBuilder().maximumSize(MAX_CACHED).executor(Runnable::run)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.<String, V>writing((key, value) -> Duration.ofNanos(hit.test(value) ? hitNanos : missNanos)))
                .build();
    }

    Optional<ClientRegistry.Registered> app(String clientId,
            Function<String, Optional<ClientRegistry.Registered>> read) {
        return apps.get(clientId, read);
    }

    void remember(String clientId, Optional<ClientRegistry.Registered> read) {
        apps.put(clientId, read);
    }

    boolean origin(String canonical, Function<String, Boolean> read) {
        return origins.get(canonical, read);
    }

    /**
     * Forgets everything read: after a change made here, this instance reads it back at once (which origins any app
     * allows may have changed, so the origin reads go too). Other instances see it within {@code client-cache-ttl}.
     */
    public void forgetAll() {
        apps.invalidateAll();
        origins.invalidateAll();
    }
}

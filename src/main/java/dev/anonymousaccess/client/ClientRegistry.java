package dev.anonymousaccess.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.error.OAuthError;

/** Registered client apps: registration by operators, and the client and origin checks of public requests. */
@ApplicationScoped
public class ClientRegistry {

    private final ClientRepository store;
    private final Clock clock;
    private final Duration cacheTtl;
    /** Entries per cache at most: reads are cheap, memory of a Lambda instance is not. */
    static final int MAX_CACHED = 10_000;

    private final Map<String, Cached<Optional<ClientApp>>> apps = new ConcurrentHashMap<>();
    private final Map<String, Cached<Boolean>> origins = new ConcurrentHashMap<>();

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public ClientRegistry(ClientRepository store, Clock clock, AnonymousAccessConfig config) {
        this.store = store;
        this.clock = clock;
        this.cacheTtl = config.clientCacheTtl();
    }

    /**
     * Creates or replaces a client app; keeps its creation time.
     *
     * @throws OAuthException {@code invalid_request} when the definition is invalid or changed concurrently
     */
    public ClientApp put(ClientDefinition definition) {
        ClientDefinition valid = definition.validated();
        Optional<ClientApp> previous = store.find(valid.clientId());
        Instant now = now();
        return save(new ClientApp(valid.clientId(), valid.name(), valid.allowedOrigins(), valid.enabled(),
                valid.signupsPerIp(), valid.captcha(), previous.map(ClientApp::createdAt).orElse(now), now,
                previous.map(ClientApp::version).orElse(0L) + 1), previous);
    }

    public Optional<ClientApp> find(String clientId) {
        return store.find(clientId);
    }

    /**
     * Disables the client app: no new users, its users' tokens refused, and its origins leave the preflight index.
     *
     * @return the disabled client app, or empty when there is none
     * @throws OAuthException {@code invalid_request} when it changed concurrently
     */
    public Optional<ClientApp> disable(String clientId) {
        return store.find(clientId).map(app -> save(app.disabled(now()), Optional.of(app)));
    }

    private ClientApp save(ClientApp app, Optional<ClientApp> previous) {
        if (!store.save(app, previous)) {
            throw OAuthException.invalidRequest(
                    "client app " + app.clientId() + " was changed concurrently; nothing was written, try again");
        }
        apps.remove(app.clientId());
        origins.clear(); // which origins any app allows may have changed
        return app;
    }

    /** Whole seconds, as stored: what an operator is answered is what a later read returns. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The client app a request names, if it may get tokens: registered, enabled and, for a browser request (one with
     * an {@code Origin} header), allowing that origin.
     *
     * @throws OAuthException {@code invalid_client} when the client app is unknown or disabled
     * @throws OAuthException {@code origin_not_allowed} when the origin is not allowed
     */
    public ClientApp admit(String clientId, Optional<String> origin) {
        ClientApp app = recent(clientId).filter(ClientApp::enabled)
                .orElseThrow(() -> new OAuthException(OAuthError.INVALID_CLIENT, "unknown or disabled client"));
        checkOrigin(app, origin);
        return app;
    }

    /** @throws OAuthException {@code origin_not_allowed} when {@code origin} is present and not allowed by {@code app} */
    private static void checkOrigin(ClientApp app, Optional<String> origin) {
        if (origin.isPresent()) {
            boolean admitted = RequestOrigin.parse(origin.get()).map(o -> app.originPolicy().admits(o)).orElse(false);
            if (!admitted) {
                throw new OAuthException(OAuthError.ORIGIN_NOT_ALLOWED, "origin not allowed for this client");
            }
        }
    }

    /**
     * Whether any enabled client app allows {@code origin}: what a CORS preflight, which names no client, can know.
     * Answered from this instance's cache for {@code client-cache-ttl}, like the client apps themselves.
     */
    public boolean anyClientAllows(String origin) {
        return RequestOrigin.parse(origin).map(parsed -> cached(origins, parsed.canonical(),
                () -> store.anyClientAllowsOneOf(parsed.matchingPatterns()))).orElse(false);
    }

    /**
     * Forgets every client app and origin this instance has read: the next request reads them from the store, as a
     * fresh Lambda instance would.
     */
    public void forgetReads() {
        apps.clear();
        origins.clear();
    }

    /** The client app if it is enabled, as read at most {@code client-cache-ttl} ago (the authorizer's check). */
    public Optional<ClientApp> enabledRecently(String clientId) {
        return recent(clientId).filter(ClientApp::enabled);
    }

    /**
     * The client app as this instance read it at most {@code client-cache-ttl} ago. Every public request reads its
     * client app; without the cache, one popular app would put all of them on one DynamoDB partition. A change is
     * seen at once by the instance that made it, by the others within the TTL.
     */
    private Optional<ClientApp> recent(String clientId) {
        return cached(apps, clientId, () -> store.find(clientId));
    }

    private <T> T cached(Map<String, Cached<T>> cache, String key, Supplier<T> read) {
        Instant now = clock.instant();
        Cached<T> entry = cache.get(key);
        if (entry == null || !now.isBefore(entry.readAt().plus(cacheTtl)) || now.isBefore(entry.readAt())) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear(); // made-up ids and origins must not grow the cache without bound
            }
            entry = new Cached<>(read.get(), now);
            cache.put(key, entry);
        }
        return entry.value();
    }

    private record Cached<T>(T value, Instant readAt) {
    }
}

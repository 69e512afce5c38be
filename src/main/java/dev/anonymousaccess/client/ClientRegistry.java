package dev.anonymousaccess.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.token.TokenHash;
import dev.anonymousaccess.error.OAuthError;

/**
 * Registered client apps: registration by operators, and the client and origin checks of public requests. Reads are
 * cached per instance (Caffeine: bounded, entries expire {@code client-cache-ttl} after they were read), and a client
 * app's allowed origins are parsed once per read, not per request.
 */
@ApplicationScoped
public class ClientRegistry {

    /** Entries per cache at most: reads are cheap, memory of a Lambda instance is not. */
    static final int MAX_CACHED = 10_000;

    private final ClientRepository store;
    private final Clock clock;
    private final Duration secretGracePeriod;
    private final Cache<String, Optional<Registered>> apps;
    private final Cache<String, Boolean> origins;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public ClientRegistry(ClientRepository store, Clock clock, AnonymousAccessConfig config) {
        this.store = store;
        this.clock = clock;
        this.secretGracePeriod = config.clientSecretGracePeriod();
        this.apps = cache(config.clientCacheTtl(), clock);
        this.origins = cache(config.clientCacheTtl(), clock);
    }

    /**
     * Made-up ids and origins must not grow a cache without bound: size-bounded, least valuable entries evicted
     * first. Time comes from the service's clock (tests move it); maintenance runs on the calling thread, since a
     * Lambda instance is frozen between invocations and a background task would run at an arbitrary later time.
     */
    private static <V> Cache<String, V> cache(Duration ttl, Clock clock) {
        return Caffeine.newBuilder().maximumSize(MAX_CACHED).expireAfterWrite(ttl).executor(Runnable::run)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /** A client app as read, with its allowed origins parsed once. */
    private record Registered(ClientApp app, OriginPolicy originPolicy) {
        static Registered of(ClientApp app) {
            return new Registered(app, OriginPolicy.of(app.allowedOrigins()));
        }
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
        return save(ClientApp.builder().clientId(valid.clientId()).name(valid.name())
                .allowedOrigins(valid.allowedOrigins()).enabled(valid.enabled()).signupsPerIp(valid.signupsPerIp())
                .captcha(valid.captcha()).deprecation(valid.deprecation())
                .createdAt(previous.map(ClientApp::createdAt).orElse(now)).updatedAt(now)
                .version(previous.map(ClientApp::version).orElse(0L) + 1)
                // A replaced definition keeps its backend's secret: only rotateSecret changes it.
                .credentials(previous.map(ClientApp::credentials).orElse(null)).build(), previous);
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

    /**
     * Gives the client app's backend a new secret (the caller draws it, at least 256 bits from {@code SecureRandom};
     * only its hash is kept); the one it replaces stays valid for {@code client-secret-grace-period}.
     *
     * @return the client app with its new credentials, or empty when there is none
     * @throws OAuthException {@code invalid_request} when it changed concurrently
     */
    public Optional<ClientApp> rotateSecret(String clientId, String newSecret) {
        Instant now = now();
        String hash = TokenHash.of(newSecret);
        return store.find(clientId).map(app -> save(app.toBuilder().updatedAt(now).version(app.version() + 1)
                .credentials(app.credentials() == null ? ClientCredentials.first(hash, now)
                        : app.credentials().rotatedTo(hash, now, secretGracePeriod))
                .build(), Optional.of(app)));
    }

    private ClientApp save(ClientApp app, Optional<ClientApp> previous) {
        if (!store.save(app, previous)) {
            throw OAuthException.invalidRequest(
                    "client app " + app.clientId() + " was changed concurrently; nothing was written, try again");
        }
        apps.invalidate(app.clientId());
        origins.invalidateAll(); // which origins any app allows may have changed
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
        Registered registered = recent(clientId).filter(r -> r.app().enabled())
                .orElseThrow(() -> new OAuthException(OAuthError.INVALID_CLIENT, "unknown or disabled client"));
        if (origin.isPresent()) {
            boolean admitted = RequestOrigin.parse(origin.get()).map(registered.originPolicy()::admits).orElse(false);
            if (!admitted) {
                throw new OAuthException(OAuthError.ORIGIN_NOT_ALLOWED, "origin not allowed for this client");
            }
        }
        return registered.app();
    }

    /**
     * The client app whose backend authenticates with {@code secret}: registered, enabled, holding a secret, and that
     * secret (or the previous one, within its grace period). Read from the store every time, not from this instance's
     * cache: a rotation or a disabling takes effect at once on every instance (a claim is one call per sign-up, so the
     * read costs little), and the read refreshes the cache.
     *
     * @throws OAuthException {@code invalid_client} otherwise; the answer does not say which check failed
     */
    public ClientApp authenticateBackend(String clientId, String secret) {
        Optional<ClientApp> stored = store.find(clientId);
        apps.put(clientId, stored.map(Registered::of));
        ClientApp app = stored.orElseThrow(() -> OAuthException.invalidClient("no client app " + clientId));
        if (!app.enabled()) {
            throw OAuthException.invalidClient("client app " + clientId + " is disabled");
        }
        if (app.credentials() == null) {
            throw OAuthException.invalidClient("client app " + clientId + " has no backend secret");
        }
        if (!app.credentials().accepts(secret, clock.instant())) {
            throw OAuthException.invalidClient("a wrong secret for client app " + clientId);
        }
        return app;
    }

    /**
     * Whether any enabled client app allows {@code origin}: what a CORS preflight, which names no client, can know.
     * Answered from this instance's cache for {@code client-cache-ttl}, like the client apps themselves.
     */
    public boolean anyClientAllows(String origin) {
        return RequestOrigin.parse(origin).map(parsed -> origins.get(parsed.canonical(),
                key -> store.anyClientAllowsOneOf(parsed.matchingPatterns()))).orElse(false);
    }

    /**
     * Forgets every client app and origin this instance has read: the next request reads them from the store, as a
     * fresh Lambda instance would.
     */
    public void forgetReads() {
        apps.invalidateAll();
        origins.invalidateAll();
    }

    /** How many client app reads this instance holds (the cache's bound is {@link #MAX_CACHED}). */
    long cachedClientApps() {
        apps.cleanUp();
        return apps.estimatedSize();
    }

    /** The client app if it is enabled, as read at most {@code client-cache-ttl} ago (the authorizer's check). */
    public Optional<ClientApp> enabledRecently(String clientId) {
        return recent(clientId).map(Registered::app).filter(ClientApp::enabled);
    }

    /**
     * The client app as this instance read it at most {@code client-cache-ttl} ago. Every public request reads its
     * client app; without the cache, one popular app would put all of them on one DynamoDB partition. A change is
     * seen at once by the instance that made it, by the others within the TTL.
     */
    private Optional<Registered> recent(String clientId) {
        return apps.get(clientId, id -> store.find(id).map(Registered::of));
    }
}

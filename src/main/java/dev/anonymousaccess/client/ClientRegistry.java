package dev.anonymousaccess.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.store.ClientStore;

/** Registered client apps: registration by operators, and the client and origin checks of public requests. */
@ApplicationScoped
public class ClientRegistry {

    private final ClientStore store;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Map<String, Cached> recent = new ConcurrentHashMap<>();

    ClientRegistry(ClientStore store, Clock clock, AnonymousAccessConfig config) {
        this.store = store;
        this.clock = clock;
        this.cacheTtl = config.clientCacheTtl();
    }

    /**
     * Creates or replaces a client app; keeps its creation time.
     *
     * @throws InvalidClientDefinitionException when the definition is invalid or changed concurrently
     */
    public ClientApp put(ClientDefinition definition) {
        ClientDefinition valid = definition.validated();
        Optional<ClientApp> previous = store.find(valid.clientId());
        Instant now = now();
        return save(new ClientApp(valid.clientId(), valid.name(), valid.allowedOrigins(), valid.enabled(),
                previous.map(ClientApp::createdAt).orElse(now), now, previous.map(ClientApp::version).orElse(0L) + 1),
                previous);
    }

    public Optional<ClientApp> find(String clientId) {
        return store.find(clientId);
    }

    /**
     * Disables the client app: no new users, its users' tokens refused, and its origins leave the preflight index.
     *
     * @return the disabled client app, or empty when there is none
     * @throws InvalidClientDefinitionException when it changed concurrently
     */
    public Optional<ClientApp> disable(String clientId) {
        return store.find(clientId).map(app -> save(new ClientApp(app.clientId(), app.name(), app.allowedOrigins(),
                false, app.createdAt(), now(), app.version() + 1), Optional.of(app)));
    }

    private ClientApp save(ClientApp app, Optional<ClientApp> previous) {
        if (!store.save(app, previous)) {
            throw new InvalidClientDefinitionException(
                    "client app " + app.clientId() + " was changed concurrently; nothing was written, try again");
        }
        recent.remove(app.clientId());
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
     * @throws InvalidClientException when the client app is unknown or disabled
     * @throws OriginNotAllowedException when the origin is not allowed
     */
    public ClientApp admit(String clientId, Optional<String> origin) {
        ClientApp app = store.find(clientId).filter(ClientApp::enabled)
                .orElseThrow(() -> new InvalidClientException("unknown or disabled client"));
        checkOrigin(app, origin);
        return app;
    }

    /** @throws OriginNotAllowedException when {@code origin} is present and {@code app} does not allow it */
    public void checkOrigin(ClientApp app, Optional<String> origin) {
        if (origin.isPresent()) {
            boolean admitted = RequestOrigin.parse(origin.get()).map(o -> app.originPolicy().admits(o)).orElse(false);
            if (!admitted) {
                throw new OriginNotAllowedException("origin not allowed for this client");
            }
        }
    }

    /** Whether any client app allows {@code origin}: what a CORS preflight, which names no client, can know. */
    public boolean anyClientAllows(String origin) {
        return RequestOrigin.parse(origin).map(o -> store.anyClientAllowsOneOf(o.matchingPatterns())).orElse(false);
    }

    /**
     * Whether the client app is enabled, as last read at most {@code client-cache-ttl} ago by this instance: the
     * authorizer's check, which must not add a read to every authorization.
     */
    public boolean isEnabledRecently(String clientId) {
        Instant now = clock.instant();
        Cached cached = recent.get(clientId);
        if (cached == null || !now.isBefore(cached.readAt.plus(cacheTtl)) || now.isBefore(cached.readAt)) {
            cached = new Cached(store.find(clientId).map(ClientApp::enabled).orElse(false), now);
            recent.put(clientId, cached);
        }
        return cached.enabled;
    }

    private record Cached(boolean enabled, Instant readAt) {
    }
}

package dev.anonymousaccess.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.token.TokenHash;

/**
 * Registered client apps: registration by operators, and the client and origin checks of public requests. Reads are
 * kept per instance ({@link ClientReads}); a client app's allowed origins are parsed once per read, not per request.
 * Every app this registry hands out has effective settings: what the operator set, the deployment's defaults for the
 * rest ({@link ClientSettings#orDefaults}); the store keeps only what was set.
 */
@ApplicationScoped
public class ClientRegistry {

    /**
     * The registry's part of the deployment's configuration.
     *
     * @param defaults the settings of an app that sets none of its own
     * @param secretGracePeriod how long a backend's previous secret works after a rotation
     * @param jwtAvailable whether the deployment can issue JWTs (it has an issuer and a key to protect signing keys)
     */
    public record Policy(ClientSettings defaults, Duration secretGracePeriod, boolean jwtAvailable) {
    }

    private final ClientRepository store;
    private final ClientReads reads;
    private final Clock clock;
    private final Policy policy;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public ClientRegistry(ClientRepository store, ClientReads reads, Clock clock, Policy policy) {
        this.store = store;
        this.reads = reads;
        this.clock = clock;
        this.policy = policy;
    }

    /** A client app as read, with its effective settings and its allowed origins parsed once. */
    record Registered(ClientApp app, OriginPolicy originPolicy) {
    }

    private Registered registered(ClientApp stored) {
        ClientApp effective = stored.withDefaults(policy.defaults());
        return new Registered(effective, OriginPolicy.of(effective.settings().allowedOrigins()));
    }

    /** The deployment's defaults: the settings of an app that sets none of its own. */
    public ClientSettings defaults() {
        return policy.defaults();
    }

    /**
     * Creates or replaces a client app; keeps its creation time.
     *
     * @throws OAuthException {@code invalid_request} when the definition is invalid or changed concurrently
     */
    public ClientApp put(ClientDefinition definition) {
        ClientDefinition valid = definition.validated();
        if (valid.settings().tokenFormat() == ClientSettings.TokenFormat.JWT && !policy.jwtAvailable()) {
            throw OAuthException.invalidRequest("tokenFormat jwt needs the deployment's JwtIssuer and signing keys"
                    + " (docs/jwt.md); this deployment has none");
        }
        Optional<ClientApp> previous = store.find(valid.clientId());
        Instant now = now();
        return save(ClientApp.builder().clientId(valid.clientId()).name(valid.name()).enabled(valid.enabled())
                .settings(valid.settings()).createdAt(previous.map(ClientApp::createdAt).orElse(now)).updatedAt(now)
                .version(previous.map(ClientApp::version).orElse(0L) + 1)
                // A replaced definition keeps its backend's secret: only rotateSecret changes it.
                .credentials(previous.map(ClientApp::credentials).orElse(null)).build(), previous);
    }

    /** The client app as stored now (strongly consistent), with effective settings. */
    public Optional<ClientApp> find(String clientId) {
        return store.find(clientId).map(app -> app.withDefaults(policy.defaults()));
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
                        : app.credentials().rotatedTo(hash, now, policy.secretGracePeriod()))
                .build(), Optional.of(app)));
    }

    private ClientApp save(ClientApp app, Optional<ClientApp> previous) {
        if (!store.save(app, previous)) {
            throw OAuthException.invalidRequest(
                    "client app " + app.clientId() + " was changed concurrently; nothing was written, try again");
        }
        reads.forgetAll();
        return app.withDefaults(policy.defaults());
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
        Optional<Registered> stored = store.find(clientId).map(this::registered);
        reads.remember(clientId, stored);
        ClientApp app = stored.map(Registered::app)
                .orElseThrow(() -> OAuthException.invalidClient("no client app " + clientId));
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
        return RequestOrigin.parse(origin).map(parsed -> reads.origin(parsed.canonical(),
                key -> store.anyClientAllowsOneOf(parsed.matchingPatterns()))).orElse(false);
    }

    /**
     * The effective settings of the client app, as read at most {@code client-cache-ttl} ago, whether or not it may
     * get tokens now; the deployment's defaults for an unknown app.
     */
    public ClientSettings settingsOf(String clientId) {
        return recent(clientId).map(registered -> registered.app().settings()).orElse(policy.defaults());
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
        return reads.app(clientId, id -> store.find(id).map(this::registered));
    }
}

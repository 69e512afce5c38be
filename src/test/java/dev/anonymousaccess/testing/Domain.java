package dev.anonymousaccess.testing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientReads;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.client.ClientSettings;
import dev.anonymousaccess.jwt.AccessTokenJwts;
import dev.anonymousaccess.jwt.AccessTokens;
import dev.anonymousaccess.jwt.KeyRotation;
import dev.anonymousaccess.jwt.SigningAlgorithm;
import dev.anonymousaccess.jwt.SigningKeys;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.signup.CaptchaCheck;
import dev.anonymousaccess.signup.SignupLimit;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.user.AccessTokenVerifier;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.RefreshTokenRotation;
import dev.anonymousaccess.user.SignOut;
import dev.anonymousaccess.user.SlidingExpiry;
import dev.anonymousaccess.user.TokenPairs;
import dev.anonymousaccess.user.UserAdministration;
import dev.anonymousaccess.user.UserClaim;
import dev.anonymousaccess.user.UserRegistration;

/**
 * The rules wired by hand, without Quarkus, on in-memory stores and a test clock: what the fast tests run. Production
 * wires the same classes with CDI on the DynamoDB stores, with the policies built from configuration (the defaults
 * below are {@code application.properties}'s).
 */
public final class Domain {

    public static final Duration INACTIVITY_PERIOD = Duration.ofDays(30);
    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(24);
    public static final Duration REFRESH_RETRY_WINDOW = Duration.ofSeconds(10);
    public static final Duration CLIENT_CACHE_TTL = Duration.ofSeconds(60);
    public static final Duration CLIENT_SECRET_GRACE_PERIOD = Duration.ofHours(24);
    public static final Duration CLAIM_RETRY_WINDOW = Duration.ofMinutes(10);
    public static final String ISSUER = "https://api.example.com";
    public static final String AUDIENCE = "anonymous-access";
    public static final Duration KEY_PUBLICATION_LEAD = Duration.ofMinutes(150);

    /** A sign-up of client app {@code clientId} from a documentation address, without origin or bot check. */
    public static UserRegistration.Signup signup(String clientId) {
        return new UserRegistration.Signup(clientId, Optional.empty(), "192.0.2.1", Optional.empty());
    }

    public final TestClock clock = new TestClock();
    public final InMemoryUsers userStore = new InMemoryUsers();
    public final InMemoryClients clientStore = new InMemoryClients();
    public final TokenCodec tokens = new TokenCodec();
    public final ClientRegistry.Policy clientPolicy = new ClientRegistry.Policy(
            ClientSettings.defaults(INACTIVITY_PERIOD, ACCESS_TOKEN_LIFETIME, REFRESH_RETRY_WINDOW, AUDIENCE),
            CLIENT_SECRET_GRACE_PERIOD, true);
    public final SlidingExpiry expiry = new SlidingExpiry(INACTIVITY_PERIOD, Duration.ofHours(1), Duration.ZERO);
    public final TokenPairs pairs = new TokenPairs(tokens);
    public final InMemorySignupCounter signupCounter = new InMemorySignupCounter();
    public final ClientReads clientReads = new ClientReads(CLIENT_CACHE_TTL, clock);
    public final ClientRegistry clients = new ClientRegistry(clientStore, clientReads, clock, clientPolicy);
    public final InMemorySigningKeys signingKeyStore = new InMemorySigningKeys();
    public final SigningKeys signingKeys = new SigningKeys(signingKeyStore, signingKeyStore, clock,
            new SigningKeys.Policy(SigningAlgorithm.RS256, new KeyRotation(KEY_PUBLICATION_LEAD,
                    ClientSettings.MAX_ACCESS_TOKEN_LIFETIME, Duration.ofMinutes(5))), PooledKeyPairs.INSTANCE);
    public final AccessTokenJwts jwts = new AccessTokenJwts(signingKeys, clients, clock,
            new AccessTokenJwts.Policy(Optional.of(ISSUER), AUDIENCE));
    public final AccessTokens accessTokens = new AccessTokens(tokens, jwts);
    public final SignupLimit signupLimit = new SignupLimit(signupCounter, clock,
            new SignupLimit.Window(Duration.ofHours(1)));
    public final InMemoryCaptcha captcha = new InMemoryCaptcha();
    public final CaptchaCheck captchaCheck = new CaptchaCheck(captcha, captcha);
    public final UserRegistration registration = new UserRegistration(clients, userStore, tokens, pairs, expiry,
            signupLimit, captchaCheck, jwts, clock);
    public final RefreshTokenRotation rotation = new RefreshTokenRotation(tokens, pairs, userStore, clients, expiry,
            jwts, clock);
    public final AccessTokenVerifier verifier = new AccessTokenVerifier(accessTokens, userStore, clients, expiry,
            clock);
    public final SignOut signOut = new SignOut(accessTokens, userStore, clock);
    public final UserClaim claims = new UserClaim(accessTokens, pairs, userStore, clock,
            new UserClaim.RetryWindow(CLAIM_RETRY_WINDOW));
    public final UserAdministration administration = new UserAdministration(userStore, clock);

    /** Another instance of the service, on the same stores: what it reads it keeps to itself. */
    public ClientRegistry anotherInstancesRegistry() {
        return new ClientRegistry(clientStore, new ClientReads(CLIENT_CACHE_TTL, clock), clock, clientPolicy);
    }

    /** Registers client app {@code app} (for https://app.example.com, no limit of its own) and signs up a user. */
    public IssuedTokens oneUserOfAnApp() {
        clients.put(ClientDefinition.builder().clientId("app").name("App")
                .allowedOrigins(List.of("https://app.example.com")).enabled(true).build());
        return registration.register(signup("app"), InvocationRecorder.NONE);
    }

    /** A refresh of {@code pair}, as the refresh function makes it. */
    public IssuedTokens refreshed(IssuedTokens pair) {
        return rotation.refresh(pair.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
    }
}

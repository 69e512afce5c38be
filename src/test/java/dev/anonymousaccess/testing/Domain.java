package dev.anonymousaccess.testing;

import java.util.Optional;

import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.signup.CaptchaCheck;
import dev.anonymousaccess.signup.SignupLimit;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.user.AccessTokenVerifier;
import dev.anonymousaccess.user.RefreshTokenRotation;
import dev.anonymousaccess.user.SignOut;
import dev.anonymousaccess.user.SlidingExpiry;
import dev.anonymousaccess.user.TokenPairs;
import dev.anonymousaccess.user.UserAdministration;
import dev.anonymousaccess.user.UserRegistration;

/**
 * The rules wired by hand, without Quarkus, on in-memory stores and a test clock: what the fast tests run. Production
 * wires the same classes with CDI on the DynamoDB stores.
 */
public final class Domain {

    /** A sign-up of client app {@code clientId} from a documentation address, without origin or bot check. */
    public static UserRegistration.Signup signup(String clientId) {
        return new UserRegistration.Signup(clientId, Optional.empty(), "192.0.2.1", Optional.empty());
    }

    public final TestConfig config = TestConfig.defaults();
    public final TestClock clock = new TestClock();
    public final InMemoryUsers userStore = new InMemoryUsers();
    public final InMemoryClients clientStore = new InMemoryClients();
    public final TokenCodec tokens = new TokenCodec();
    public final SlidingExpiry expiry = SlidingExpiry.of(config);
    public final TokenPairs pairs = new TokenPairs(tokens, config);
    public final InMemorySignupCounter signupCounter = new InMemorySignupCounter();
    public final ClientRegistry clients = new ClientRegistry(clientStore, clock, config);
    public final SignupLimit signupLimit = new SignupLimit(signupCounter, clock, config);
    public final InMemoryCaptcha captcha = new InMemoryCaptcha();
    public final CaptchaCheck captchaCheck = new CaptchaCheck(captcha, captcha);
    public final UserRegistration registration = new UserRegistration(clients, userStore, tokens, pairs, expiry,
            signupLimit, captchaCheck, clock);
    public final RefreshTokenRotation rotation = new RefreshTokenRotation(tokens, pairs, userStore, clients, expiry,
            clock, config);
    public final AccessTokenVerifier verifier = new AccessTokenVerifier(tokens, userStore, clients, expiry, clock);
    public final SignOut signOut = new SignOut(tokens, userStore, clock);
    public final UserAdministration administration = new UserAdministration(userStore, new NoClaims(), clock);
}

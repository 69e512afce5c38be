package dev.anonymousaccess.signup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.client.CaptchaPolicy;
import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Domain;

/** The optional bot check of sign-ups, against an in-memory provider and parameter store. */
@Tag("rules")
class CaptchaRulesTest {

    final Domain domain = new Domain();
    ClientApp closed;
    ClientApp open;

    @BeforeEach
    void clientsWithABotCheck() {
        domain.captcha.putParameter("/captcha/app", "the-secret");
        closed = domain.clients.put(ClientDefinition.builder().clientId("closed").name("Closed")
                .allowedOrigins(List.of("https://app.example.com")).enabled(true)
                .captcha(new CaptchaPolicy(CaptchaPolicy.Provider.TURNSTILE, "/captcha/app", false)).build());
        open = domain.clients.put(ClientDefinition.builder().clientId("open").name("Open").allowedOrigins(List.of())
                .enabled(true).captcha(new CaptchaPolicy(CaptchaPolicy.Provider.HCAPTCHA, "/captcha/app", true))
                .build());
    }

    void verify(ClientApp app, String token, String origin) {
        domain.captchaCheck.verify(app, Optional.ofNullable(token), Optional.ofNullable(origin), "192.0.2.1",
                InvocationRecorder.NONE);
    }

    OAuthError refusal(ClientApp app, String token, String origin) {
        return assertThrows(OAuthException.class, () -> verify(app, token, origin)).error();
    }

    @Test
    void aGoodTokenSolvedOnTheRequestsSitePasses() {
        verify(closed, "good:app.example.com", "https://app.example.com");
        verify(closed, "good:anything.example", null);
    }

    @Test
    void aMissingTokenIsCaptchaRequired() {
        assertEquals(OAuthError.CAPTCHA_REQUIRED, refusal(closed, null, null));
        assertEquals(OAuthError.CAPTCHA_REQUIRED, refusal(closed, "  ", null));
    }

    @Test
    void aRefusedTokenIsCaptchaFailed() {
        assertEquals(OAuthError.CAPTCHA_FAILED, refusal(closed, "forged", null));
        assertEquals(OAuthError.CAPTCHA_FAILED, refusal(closed, "good:" + "x".repeat(5000), null));
    }

    @Test
    void aTokenSolvedOnAnotherSiteIsCaptchaFailed() {
        assertEquals(OAuthError.CAPTCHA_FAILED, refusal(closed, "good:evil.example.net", "https://app.example.com"));
    }

    @Test
    void anUnreachableProviderFailsClosedByDefault() {
        domain.captcha.reachable(false);
        assertEquals(OAuthError.TEMPORARILY_UNAVAILABLE, refusal(closed, "good:app.example.com", null));
    }

    @Test
    void anUnreachableProviderLetsAFailOpenClientAppThrough() {
        domain.captcha.reachable(false);
        verify(open, "good:app.example.com", null);
    }

    @Test
    void anUnreadableSecretIsUnavailableNotAPass() {
        ClientApp misconfigured = domain.clients.put(ClientDefinition.builder().clientId("x").name("X")
                .allowedOrigins(List.of()).enabled(true)
                .captcha(new CaptchaPolicy(CaptchaPolicy.Provider.RECAPTCHA, "/captcha/missing", false)).build());

        assertEquals(OAuthError.TEMPORARILY_UNAVAILABLE, refusal(misconfigured, "good:app.example.com", null));
    }

    @Test
    void aClientAppWithoutBotCheckNeedsNoToken() {
        verify(domain.clients.put(ClientDefinition.builder().clientId("plain").name("Plain").allowedOrigins(List.of())
                .enabled(true).build()), null, null);
    }

    @Test
    void aFailedCheckWritesNoUser() {
        assertThrows(OAuthException.class, () -> domain.registration.register(Domain.signup("closed"),
                InvocationRecorder.NONE));
        assertEquals(0, domain.userStore.count());
    }

    @Test
    void aBotCheckNeedsAProviderAndAParameterName() {
        for (CaptchaPolicy bad : List.of(new CaptchaPolicy(null, "/p", false),
                new CaptchaPolicy(CaptchaPolicy.Provider.TURNSTILE, null, false),
                new CaptchaPolicy(CaptchaPolicy.Provider.TURNSTILE, "no spaces", false))) {
            assertThrows(OAuthException.class,
                    () -> domain.clients.put(ClientDefinition.builder().clientId("y").name("Y")
                            .allowedOrigins(List.of()).enabled(true).captcha(bad).build()));
        }
    }
}

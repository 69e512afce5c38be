package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Answers.assertError;
import static dev.anonymousaccess.testing.Lambda.http;
import static dev.anonymousaccess.testing.Lambda.httpEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.client.CaptchaPolicy;
import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.testing.CaptchaServices;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.LogCapture;
import dev.anonymousaccess.testing.MotoServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The bot check of {@code create} through the real adapters: the secret read from moto_server's SSM through the
 * Parameters and Secrets extension's interface, the token checked by a {@code siteverify} server on loopback.
 */
@QuarkusTest
@TestProfile(Exports.Create.class)
class CaptchaTest extends FunctionTest {

    static final String ORIGIN = "https://app.example.com";
    static final String PARAMETER = "/anonymous-access/captcha/guarded-app";

    @BeforeEach
    void clientWithABotCheck() {
        MotoServer.assumeOwnServer();
        users.startWith(CLIENT_APPS);
        CaptchaServices.putSecureString(PARAMETER, CaptchaServices.SECRET);
    }

    static final List<ClientDefinition> CLIENT_APPS = List.of(
            ClientDefinition.builder().clientId("guarded-app").name("Guarded").allowedOrigins(List.of(ORIGIN))
                    .enabled(true).signupsPerIp(0)
                    .captcha(new CaptchaPolicy(CaptchaPolicy.Provider.TURNSTILE, PARAMETER, false)).build(),
            ClientDefinition.builder().clientId("lenient-app").name("Lenient").allowedOrigins(List.of(ORIGIN))
                    .enabled(true).signupsPerIp(0)
                    .captcha(new CaptchaPolicy(CaptchaPolicy.Provider.HCAPTCHA, PARAMETER, true)).build());

    static HttpResult create(String clientId, String captchaToken) {
        String body = "{\"clientId\":\"" + clientId + "\""
                + (captchaToken == null ? "" : ",\"captchaToken\":\"" + captchaToken + "\"") + "}";
        return http(httpEvent("POST", CREATE_PATH, Map.of("content-type", "application/json", "origin", ORIGIN), body,
                false));
    }

    @Test
    void aGoodTokenCreatesAUser() {
        HttpResult created = create("guarded-app", "good:app.example.com");

        assertEquals(200, created.status(), created.rawBody());
        assertEquals(1, table.users().size());
        assertEquals(CaptchaServices.SECRET, CaptchaServices.secretsReceived().get(
                CaptchaServices.secretsReceived().size() - 1), "the secret comes from SSM");
    }

    @Test
    void aMissingTokenIsRefused() {
        assertError(create("guarded-app", null), 400, "captcha_required");
        assertEquals(List.of(), table.users());
    }

    @Test
    void aBadTokenIsRefused() {
        HttpResult refused = create("guarded-app", "forged");

        assertError(refused, 403, "captcha_failed");
        assertEquals(ORIGIN, refused.header("Access-Control-Allow-Origin"), "a browser can read why");
        assertEquals(List.of(), table.users());
    }

    @Test
    void aTokenSolvedOnAnotherSiteIsRefused() {
        assertError(create("guarded-app", "good:evil.example.net"), 403, "captcha_failed");
    }

    @Test
    void aProviderTimeoutIs503WithinTheFunctionTimeout() {
        long started = System.nanoTime();

        HttpResult unavailable = create("guarded-app", "slow:app.example.com");

        assertError(unavailable, 503, "temporarily_unavailable");
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0);
        assertEquals(List.of(), table.users());
    }

    @Test
    void aFailOpenClientAppGetsUsersWhileTheProviderIsDown() {
        assertEquals(200, create("lenient-app", "slow:app.example.com").status());
    }

    @Test
    void noSecretAndNoCaptchaTokenReachTheLog() {
        String token = "good:app.example.com-9f8e7d6c5b4a";
        try (LogCapture log = new LogCapture()) {
            create("guarded-app", token);
            create("guarded-app", "forged-3a4b5c6d7e8f");
            create("guarded-app", "slow:a1b2c3d4e5f6");
            create("guarded-app", null);

            for (String line : log.lines()) {
                assertFalse(line.contains(CaptchaServices.SECRET), "the provider's secret was logged: " + line);
                assertFalse(line.contains("9f8e7d6c5b4a") || line.contains("3a4b5c6d7e8f")
                        || line.contains("a1b2c3d4e5f6"), "a captcha token was logged: " + line);
            }
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("captcha failed")),
                    "what the CaptchaFailures metric counts");
        }
    }
}

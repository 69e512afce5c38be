package dev.anonymousaccess.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anonymousaccess.client.CaptchaPolicy;
import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.testing.Domain;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.UserRegistration;

/** The rules record on the invocation in progress what they did: these facts become its metrics and summary. */
@Tag("rules")
class RuleMetricsTest {

    final Domain domain = new Domain();
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final StoreCalls storeCalls = new StoreCalls();
    final Invocations invocations = new Invocations(InvocationsTest.config(true), domain.clock, storeCalls,
            new PrintStream(stdout, true, StandardCharsets.UTF_8));

    @BeforeEach
    void clientApps() {
        domain.clients.put(ClientDefinition.builder().clientId("app").name("App").allowedOrigins(List.of())
                .enabled(true).signupsPerIp(1).build());
        domain.captcha.putParameter("/captcha/app", "the-secret");
        domain.clients.put(ClientDefinition.builder().clientId("guarded").name("Guarded").allowedOrigins(List.of())
                .enabled(true).captcha(new CaptchaPolicy(CaptchaPolicy.Provider.TURNSTILE, "/captcha/app", false))
                .build());
    }

    /** The metrics document of one invocation running {@code body}; a refusal it throws is the answer, not a failure. */
    JsonNode invocation(Consumer<InvocationRecorder> body) throws Exception {
        stdout.reset();
        invocations.run("test", null, null, recorder -> {
            try {
                body.accept(recorder);
            } catch (OAuthException answered) {
                // answered as an error: what was counted before still counts
            }
            return null;
        });
        return new ObjectMapper().readTree(stdout.toString(StandardCharsets.UTF_8));
    }

    IssuedTokens created() {
        return created(InvocationRecorder.NONE);
    }

    IssuedTokens created(InvocationRecorder recorder) {
        return domain.registration.register(Domain.signup("app"), recorder);
    }

    @Test
    void aRegistrationCountsAUserCreatedForItsClientApp() throws Exception {
        JsonNode metrics = invocation(this::created);
        assertEquals(1, metrics.get("UsersCreated").asInt());
        assertEquals("app", metrics.get("ClientId").asText());
    }

    @Test
    void aRefusedRegistrationCountsNoUser() throws Exception {
        JsonNode metrics = invocation(recorder -> domain.registration.register(Domain.signup("no-such-app"), recorder));
        assertFalse(metrics.has("UsersCreated"));
        assertFalse(metrics.has("ClientId"), "an unregistered client id never becomes a dimension");
    }

    @Test
    void aRotationCountsATokenRefresh() throws Exception {
        IssuedTokens user = created();
        JsonNode metrics = invocation(recorder -> domain.rotation.refresh(user.refreshToken().value(), Optional.empty(),
                recorder));
        assertEquals(1, metrics.get("TokensRefreshed").asInt());
        assertEquals("app", metrics.get("ClientId").asText());
    }

    @Test
    void theReuseOfARetiredRefreshTokenIsCounted() throws Exception {
        IssuedTokens user = created();
        domain.rotation.refresh(user.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
        domain.clock.advance(Duration.ofMinutes(5));
        JsonNode metrics = invocation(recorder -> domain.rotation.refresh(user.refreshToken().value(), Optional.empty(),
                recorder));
        assertEquals(1, metrics.get("RefreshTokenReuse").asInt());
        assertFalse(metrics.has("TokensRefreshed"));
    }

    @Test
    void aSignOutCountsOnlyWhenItRevokes() throws Exception {
        IssuedTokens user = created();
        assertEquals(1, invocation(recorder -> domain.signOut.revoke(user.accessToken().value(), recorder))
                .get("UsersSignedOut").asInt());
        assertFalse(invocation(recorder -> domain.signOut.revoke(user.accessToken().value(),
                recorder)).has("UsersSignedOut"));
    }

    @Test
    void aRateLimitedSignupIsCounted() throws Exception {
        domain.registration.register(Domain.signup("app"), InvocationRecorder.NONE);
        JsonNode metrics = invocation(this::created);
        assertEquals(1, metrics.get("SignupsRateLimited").asInt());
        assertFalse(metrics.has("UsersCreated"));
    }

    @Test
    void aFailedBotCheckIsCounted() throws Exception {
        JsonNode metrics = invocation(recorder -> domain.registration.register(new UserRegistration.Signup("guarded",
                Optional.empty(), "192.0.2.1", Optional.of("forged")), recorder));
        assertEquals(1, metrics.get("CaptchaFailures").asInt());
    }

    @Test
    void storeFailuresTheStoresMeteredAreCountedOncePerInvocationEvenWhenTheCallerSurvivedThem() throws Exception {
        // Two failed calls, both caught by the rules (a lifetime not extended, say): one invocation with a failure.
        JsonNode metrics = invocation(recorder -> {
            storeCalls.failed();
            storeCalls.failed();
        });
        assertEquals(1, metrics.get("StoreFailures").asInt());
    }
}

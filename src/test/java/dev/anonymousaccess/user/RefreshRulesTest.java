package dev.anonymousaccess.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.token.TokenHash;
import dev.anonymousaccess.testing.Domain;

/** Rotation, the retry window and reuse detection, on in-memory stores: no Quarkus, no server. */
@Tag("rules")
class RefreshRulesTest {

    final Domain domain = new Domain();
    IssuedTokens first;

    @BeforeEach
    void oneUser() {
        domain.clients.put(ClientDefinition.builder().clientId("app").name("App")
                .allowedOrigins(List.of("https://app.example.com")).enabled(true).build());
        first = domain.registration.register(Domain.signup("app"), InvocationRecorder.NONE);
    }

    IssuedTokens refresh(IssuedTokens pair) {
        return domain.rotation.refresh(pair.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
    }

    boolean works(IssuedTokens pair) {
        return domain.verifier.verify(pair.accessToken().value(),
                InvocationRecorder.NONE) instanceof AccessDecision.Granted;
    }

    OAuthError refusal(IssuedTokens pair) {
        return assertThrows(OAuthException.class, () -> refresh(pair)).error();
    }

    @Test
    void aRefreshExchangesBothTokens() {
        IssuedTokens second = refresh(first);

        assertTrue(works(second));
        assertFalse(works(first));
        assertEquals(Duration.ofHours(24), second.expiresIn());
    }

    @Test
    void theSameTokenWithinTheWindowAnswersTheSamePairWithItsRemainingLifetime() {
        IssuedTokens second = refresh(first);
        domain.clock.advance(Duration.ofSeconds(7));

        IssuedTokens again = refresh(first);

        assertEquals(second.accessToken(), again.accessToken());
        assertEquals(second.refreshToken(), again.refreshToken());
        assertEquals(Duration.ofHours(24).minusSeconds(7), again.expiresIn());
    }

    @Test
    void theWindowDoesNotGrowByRetrying() {
        refresh(first);
        domain.clock.advance(Duration.ofSeconds(6));
        refresh(first);
        domain.clock.advance(Duration.ofSeconds(6));

        assertEquals(OAuthError.INVALID_GRANT, refusal(first));
    }

    @Test
    void thePreviousTokenAfterTheWindowIsTheftAndRevokesEveryToken() {
        IssuedTokens second = refresh(first);
        domain.clock.advance(Duration.ofMinutes(1));

        assertEquals(OAuthError.INVALID_GRANT, refusal(first));

        assertFalse(works(second));
        assertEquals(OAuthError.INVALID_GRANT, refusal(second));
    }

    @Test
    void anOlderTokenIsTheftEvenWithinTheWindow() {
        IssuedTokens third = refresh(refresh(first));

        assertEquals(OAuthError.INVALID_GRANT, refusal(first));

        assertFalse(works(third));
    }

    @Test
    void aGuessedTokenIsRefusedWithoutSigningAnyoneOut() {
        String value = first.refreshToken().value();
        String guess = value.substring(0, value.length() - 1) + (value.endsWith("a") ? "b" : "a");

        assertThrows(OAuthException.class, () -> domain.rotation.refresh(guess, Optional.empty(),
                InvocationRecorder.NONE));

        assertTrue(works(first));
    }

    @Test
    void concurrentRefreshesWithOneTokenConvergeOnOnePair() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<IssuedTokens>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return refresh(first);
                }));
            }
            start.countDown();
            Set<String> accessTokens = new HashSet<>();
            for (Future<IssuedTokens> result : results) {
                accessTokens.add(result.get().accessToken().value());
            }
            assertEquals(1, accessTokens.size());
            assertEquals(2, domain.userStore.findSession(first.userId()).orElseThrow().version(), "exactly one rotation");
        } finally {
            pool.shutdownNow();
        }
    }


    @Test
    void aRevokedUserCannotRefresh() {
        domain.signOut.revoke(first.accessToken().value(), InvocationRecorder.NONE);

        assertEquals(OAuthError.INVALID_GRANT, refusal(first));
    }

    @Test
    void anAccessTokenIsNoRefreshToken() {
        OAuthException refused = assertThrows(OAuthException.class,
                () -> domain.rotation.refresh(first.accessToken().value(), Optional.empty(), InvocationRecorder.NONE));

        assertEquals(OAuthError.INVALID_GRANT, refused.error());
    }

    @Test
    void aDisabledClientsUsersCannotRefresh() {
        domain.clients.disable("app");

        assertEquals(OAuthError.INVALID_CLIENT, refusal(first));
    }

    @Test
    void aRefreshFromAnOriginTheClientDoesNotAllowIsRefusedAndConsumesNothing() {
        OAuthException refused = assertThrows(OAuthException.class,
                () -> domain.rotation.refresh(first.refreshToken().value(), Optional.of("https://evil.example.net"),
                        InvocationRecorder.NONE));

        assertEquals(OAuthError.ORIGIN_NOT_ALLOWED, refused.error());
        assertTrue(works(refresh(first)));
    }

    @Test
    void aRefreshSlidesTheUsersLifetime() {
        domain.clock.advance(Duration.ofDays(29));

        refresh(first);

        assertEquals(domain.expiry.expiresAt(domain.clock.instant()),
                domain.userStore.findSession(first.userId()).orElseThrow().expiresAt());
    }

    @Test
    void anExpiredUserCannotRefresh() {
        domain.clock.advance(Duration.ofDays(31));

        assertEquals(OAuthError.INVALID_GRANT, refusal(first));
        assertInstanceOf(AccessDecision.Denied.class, domain.verifier.verify(first.accessToken().value(),
                InvocationRecorder.NONE));
    }


    @Test
    void rotatedAwayTokensAreKeptInTheirShortForm() {
        refresh(refresh(first));

        List<String> retired = domain.userStore.findSession(first.userId()).orElseThrow().retiredRefreshTokenHashes();

        assertEquals(2, retired.size());
        assertTrue(retired.stream().allMatch(h -> h.length() == TokenHash.RETIRED_LENGTH), retired.toString());
    }
}

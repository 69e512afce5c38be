package dev.anonymousaccess.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.token.TokenHash;
import dev.anonymousaccess.testing.Concurrently;
import dev.anonymousaccess.testing.Domain;

/** Rotation, the retry window and reuse detection, on in-memory stores: no Quarkus, no server. */
@Tag("rules")
class RefreshRulesTest {

    final Domain domain = new Domain();
    final IssuedTokens first = domain.oneUserOfAnApp();

    boolean works(IssuedTokens pair) {
        return domain.verifier.verify(pair.accessToken().value(),
                InvocationRecorder.NONE) instanceof AccessDecision.Granted;
    }

    OAuthError refusal(IssuedTokens pair) {
        return assertThrows(OAuthException.class, () -> domain.refreshed(pair)).error();
    }

    @Test
    void aRefreshExchangesBothTokens() {
        IssuedTokens second = domain.refreshed(first);

        assertTrue(works(second));
        assertFalse(works(first));
        assertEquals(Duration.ofHours(24), second.expiresIn());
    }

    @Test
    void theSameTokenWithinTheWindowAnswersTheSamePairWithItsRemainingLifetime() {
        IssuedTokens second = domain.refreshed(first);
        domain.clock.advance(Duration.ofSeconds(7));

        IssuedTokens again = domain.refreshed(first);

        assertEquals(second.accessToken(), again.accessToken());
        assertEquals(second.refreshToken(), again.refreshToken());
        assertEquals(Duration.ofHours(24).minusSeconds(7), again.expiresIn());
    }

    @Test
    void theWindowDoesNotGrowByRetrying() {
        domain.refreshed(first);
        domain.clock.advance(Duration.ofSeconds(6));
        domain.refreshed(first);
        domain.clock.advance(Duration.ofSeconds(6));

        assertEquals(OAuthError.INVALID_GRANT, refusal(first));
    }

    @Test
    void thePreviousTokenAfterTheWindowIsTheftAndRevokesEveryToken() {
        IssuedTokens second = domain.refreshed(first);
        domain.clock.advance(Duration.ofMinutes(1));

        assertEquals(OAuthError.INVALID_GRANT, refusal(first));

        assertFalse(works(second));
        assertEquals(OAuthError.INVALID_GRANT, refusal(second));
    }

    @Test
    void anOlderTokenIsTheftEvenWithinTheWindow() {
        IssuedTokens third = domain.refreshed(domain.refreshed(first));

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
        List<IssuedTokens> results = Concurrently.run(16, () -> domain.refreshed(first));

        assertEquals(1, results.stream().map(pair -> pair.accessToken().value()).distinct().count());
        assertEquals(2, domain.userStore.findSession(first.userId()).orElseThrow().version(), "exactly one rotation");
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
        assertTrue(works(domain.refreshed(first)));
    }

    @Test
    void aRefreshSlidesTheUsersLifetime() {
        domain.clock.advance(Duration.ofDays(29));

        domain.refreshed(first);

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
        domain.refreshed(domain.refreshed(first));

        List<String> retired = domain.userStore.findSession(first.userId()).orElseThrow().retiredRefreshTokenHashes();

        assertEquals(2, retired.size());
        assertTrue(retired.stream().allMatch(h -> h.length() == TokenHash.RETIRED_LENGTH), retired.toString());
    }
}

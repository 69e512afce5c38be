package dev.anonymousaccess.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Domain;

/** The authorizer's decision and the sliding lifetime it keeps, on in-memory stores. */
@Tag("rules")
class AccessRulesTest {

    final Domain domain = new Domain();
    final IssuedTokens user = domain.oneUserOfAnApp();

    AccessDecision verify() {
        return domain.verifier.verify(user.accessToken().value(), InvocationRecorder.NONE);
    }

    Instant expiresAt() {
        return domain.userStore.findSession(user.userId()).orElseThrow().expiresAt();
    }

    @Test
    void aFreshTokenIsGrantedWithItsUserAndClient() {
        assertEquals(user.userId(), ((AccessDecision.Granted) verify()).userId());
        assertEquals("app", ((AccessDecision.Granted) verify()).clientId());
    }

    @Test
    void aGrantCarriesTheClientAppsOriginsForDownstreamCors() {
        assertEquals(List.of("https://app.example.com"), ((AccessDecision.Granted) verify()).allowedOrigins());
    }

    @Test
    void theRefreshTokenIsNoAccessToken() {
        assertEquals(Refusal.MALFORMED_TOKEN, refusal(domain.verifier.verify(user.refreshToken().value(),
                InvocationRecorder.NONE)));
    }

    @Test
    void anAccessTokenExpiresAfterItsLifetime() {
        domain.clock.advance(Duration.ofHours(24));
        assertEquals(Refusal.TOKEN_EXPIRED, refusal(verify()));
    }

    @Test
    void requestsWithinTheIntervalWriteNoLifetime() {
        Instant written = expiresAt();
        domain.clock.advance(Duration.ofMinutes(59));

        verify();

        assertEquals(written, expiresAt());
    }

    @Test
    void aRequestAnIntervalLaterSlidesTheLifetime() {
        domain.clock.advance(Duration.ofHours(1));

        verify();

        assertEquals(domain.expiry.expiresAt(domain.clock.instant()), expiresAt());
    }

    @Test
    void aRevokedUserIsDenied() {
        domain.signOut.revoke(user.accessToken().value(), InvocationRecorder.NONE);
        assertEquals(Refusal.REVOKED, refusal(verify()));
    }

    @Test
    void aDisabledClientsUsersAreDeniedOnceTheCachedFlagIsOld() {
        verify();
        ClientApp app = domain.clientStore.find("app").orElseThrow();
        domain.clientStore.save(app.disabled(domain.clock.instant()), Optional.of(app));

        assertInstanceOf(AccessDecision.Granted.class, verify(), "within client-cache-ttl");
        domain.clock.advance(Domain.CLIENT_CACHE_TTL);
        assertEquals(Refusal.CLIENT_DISABLED, refusal(verify()));
    }

    @Test
    void anErasedUserIsDenied() {
        domain.administration.erase(user.userId(), InvocationRecorder.NONE);
        assertEquals(Refusal.UNKNOWN_USER, refusal(verify()));
    }

    @Test
    void aUserPastItsInactivityPeriodIsDeniedBeforeTtlDeletesIt() {
        domain.clock.advance(Domain.INACTIVITY_PERIOD.plusHours(2));
        assertEquals(Refusal.USER_EXPIRED, refusal(verify()));
    }

    @Test
    void aRotatedAwayAccessTokenIsDeniedAsSuperseded() {
        domain.rotation.refresh(user.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
        assertEquals(Refusal.SUPERSEDED_TOKEN, refusal(verify()));
    }

    @Test
    void aGoodTokenIsGrantedToItsOwnAppsBackend() {
        assertEquals(user.userId(), ((AccessDecision.Granted) domain.verifier.verifyFor("app",
                user.accessToken().value(), InvocationRecorder.NONE)).userId());
    }

    @Test
    void aGoodTokenIsRefusedToAnotherAppsBackend() {
        assertEquals(Refusal.OTHER_CLIENT, refusal(domain.verifier.verifyFor("other-app", user.accessToken().value(),
                InvocationRecorder.NONE)));
    }

    @Test
    void anotherAppsBackendAskingKeepsNoUserAlive() {
        Instant written = expiresAt();
        domain.clock.advance(Duration.ofHours(1));

        domain.verifier.verifyFor("other-app", user.accessToken().value(), InvocationRecorder.NONE);

        assertEquals(written, expiresAt());
    }

    static Refusal refusal(AccessDecision decision) {
        return assertInstanceOf(AccessDecision.Denied.class, decision).refusal();
    }
}

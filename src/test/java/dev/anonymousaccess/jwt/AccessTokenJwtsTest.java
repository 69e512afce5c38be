package dev.anonymousaccess.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientSettings;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Domain;
import dev.anonymousaccess.testing.PooledKeyPairs;
import dev.anonymousaccess.testing.ForgedJwts;
import dev.anonymousaccess.user.AccessDecision;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.Refusal;

/** JWT access tokens, minted and verified by the rules alone (keys in memory, the test clock). */
@Tag("rules")
class AccessTokenJwtsTest {

    static final Duration LIFETIME = Duration.ofMinutes(15);

    final Domain domain = new Domain();
    IssuedTokens user;

    @BeforeEach
    void aJwtAppAndOneUser() {
        domain.signingKeys.rotate(true, InvocationRecorder.NONE);
        jwtApp("app", null);
        user = domain.registration.register(Domain.signup("app"), InvocationRecorder.NONE);
    }

    ClientApp jwtApp(String clientId, String audience) {
        return domain.clients.put(ClientDefinition.builder().clientId(clientId).signupsPerIp(0)
                .settings(ClientSettings.builder().tokenFormat(ClientSettings.TokenFormat.JWT)
                        .accessTokenLifetime(LIFETIME).audience(audience).build())
                .build());
    }

    String jwt() {
        return domain.jwts.accessTokenOf(user);
    }

    static SignedJWT parsed(String value) {
        try {
            return SignedJWT.parse(value);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    static JWTClaimsSet claims(String value) {
        try {
            return parsed(value).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    AccessDecision decide(String token) {
        return domain.verifier.verify(token, InvocationRecorder.NONE);
    }

    @Test
    void theHeaderNamesTheTypeOfAnAccessTokenJwtAndItsKey() {
        SignedJWT jwt = parsed(jwt());

        assertEquals("at+jwt", jwt.getHeader().getType().getType());
        assertEquals("RS256", jwt.getHeader().getAlgorithm().getName());
        assertEquals(domain.signingKeys.signer().key().kid(), jwt.getHeader().getKeyID());
    }

    @Test
    void theClaimsAreThoseOfRfc9068() throws ParseException {
        JWTClaimsSet claims = claims(jwt());

        assertEquals(Domain.ISSUER, claims.getIssuer());
        assertEquals(user.userId(), claims.getSubject());
        assertEquals(List.of(Domain.AUDIENCE), claims.getAudience());
        assertEquals("app", claims.getStringClaim("client_id"));
        assertEquals(domain.clock.instant(), claims.getIssueTime().toInstant());
        assertEquals(domain.clock.instant().plus(LIFETIME), claims.getExpirationTime().toInstant());
        assertEquals(user.sessionId(), claims.getStringClaim("sid"));
        assertEquals(user.accessToken().hash(), claims.getJWTID());
        assertNull(claims.getClaim("subject"), "an anonymous user has no subject");
    }

    @Test
    void theJwtLivesAsLongAsTheAppsAccessTokenLifetime() {
        assertEquals(LIFETIME.toSeconds(), user.expiresIn().toSeconds());
    }

    @Test
    void anAppWithItsOwnAudienceGetsTokensForIt() {
        jwtApp("other", "https://orders.example.com");
        IssuedTokens other = domain.registration.register(Domain.signup("other"), InvocationRecorder.NONE);

        String token = domain.jwts.accessTokenOf(other);

        assertEquals(List.of("https://orders.example.com"), claims(token).getAudience());
        assertInstanceOf(AccessDecision.Granted.class, decide(token));
    }

    @Test
    void aClaimedUsersJwtCarriesTheSubject() {
        ClientApp app = domain.clients.find("app").orElseThrow();
        domain.claims.claim(app, jwt(), "auth0|4711", InvocationRecorder.NONE);
        IssuedTokens refreshed = domain.rotation.refresh(user.refreshToken().value(), Optional.empty(),
                InvocationRecorder.NONE);

        assertEquals("auth0|4711", claims(domain.jwts.accessTokenOf(refreshed)).getClaim("subject"));
    }

    @Test
    void aColdInstancesSignUpStartsReadingTheKeySetBeforeItKnowsTheApp() throws InterruptedException {
        Domain cold = new Domain();
        new SigningKeys(cold.signingKeyStore, cold.signingKeyStore, cold.clock, SigningKeysTest.POLICY,
                PooledKeyPairs.INSTANCE).rotate(true, InvocationRecorder.NONE);
        cold.clients.put(ClientDefinition.builder().clientId("opaque").signupsPerIp(0).build());
        int reads = cold.signingKeyStore.reads();

        cold.registration.register(Domain.signup("opaque"), InvocationRecorder.NONE);

        // Read in the background: waited for, up to a bound far beyond any machine's pause.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cold.signingKeyStore.reads() == reads && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(reads + 1, cold.signingKeyStore.reads(), "one read, though this app's tokens are opaque");
    }

    @Test
    void aDeploymentThatSignsNoJwtNeverReadsTheKeySet() throws InterruptedException {
        Domain cold = new Domain();
        AccessTokenJwts withoutIssuer = new AccessTokenJwts(cold.signingKeys, cold.clients, cold.clock,
                new AccessTokenJwts.Policy(Optional.empty(), Domain.AUDIENCE));

        withoutIssuer.anticipate();

        Thread.sleep(200);
        assertEquals(0, cold.signingKeyStore.reads());
    }

    @Test
    void anOpaqueAppStillGetsOpaqueTokens() {
        domain.clients.put(ClientDefinition.builder().clientId("opaque").signupsPerIp(0).build());
        IssuedTokens opaque = domain.registration.register(Domain.signup("opaque"), InvocationRecorder.NONE);

        assertEquals(opaque.accessToken().value(), domain.jwts.accessTokenOf(opaque));
    }

    @Test
    void theRefreshTokenStaysOpaqueAndTheRefreshedJwtStandsForTheNewAccessToken() {
        IssuedTokens refreshed = domain.rotation.refresh(user.refreshToken().value(), Optional.empty(),
                InvocationRecorder.NONE);

        assertFalse(AccessTokenJwts.looksLikeJwt(refreshed.refreshToken().value()));
        assertEquals(refreshed.accessToken().hash(), claims(domain.jwts.accessTokenOf(refreshed)).getJWTID());
    }

    @Test
    void theAuthorizerGrantsAGenuineJwtToItsUser() {
        AccessDecision decision = decide(jwt());

        assertEquals(user.userId(), assertInstanceOf(AccessDecision.Granted.class, decision).userId());
    }

    @Test
    void aJwtStopsWorkingWhenItsSessionMovesOnToTheNextToken() {
        String before = jwt();
        domain.clock.advance(Duration.ofMinutes(1));
        domain.rotation.refresh(user.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
        domain.clock.advance(Duration.ofMinutes(1));

        assertInstanceOf(AccessDecision.Denied.class, decide(before));
    }

    @Test
    void aSignedOutUsersJwtIsRefusedAtOnce() {
        String token = jwt();
        domain.signOut.revoke(token, InvocationRecorder.NONE);

        assertInstanceOf(AccessDecision.Denied.class, decide(token));
    }

    @Test
    void anExpiredJwtCanStillSignOut() {
        String token = jwt();
        domain.clock.advance(LIFETIME.plusSeconds(1));

        domain.signOut.revoke(token, InvocationRecorder.NONE);

        assertThrows(OAuthException.class, () -> domain.rotation.refresh(user.refreshToken().value(),
                Optional.empty(), InvocationRecorder.NONE), "the session is signed out");
    }

    @Test
    void aJwtIsRefusedTheMomentItExpires() {
        String token = jwt();
        domain.clock.advance(LIFETIME);

        assertEquals("expired", domain.jwts.verify(token).refusal());
    }

    @ParameterizedTest
    @ValueSource(strings = { "alg none", "HS256 with the public key as secret", "unknown kid", "altered payload",
            "wrong aud", "expired" })
    void aForgeryIsRefusedAsAnInvalidJwt(String forgery) {
        String forged = forgeries().get(forgery);

        AccessDecision decision = decide(forged);

        assertEquals(Refusal.INVALID_JWT, assertInstanceOf(AccessDecision.Denied.class, decision).refusal());
    }

    @Test
    void aJwtOfAnotherIssuerIsRefused() {
        AccessTokenJwts elsewhere = new AccessTokenJwts(domain.signingKeys, domain.clients, domain.clock,
                new AccessTokenJwts.Policy(Optional.of("https://elsewhere.example.com"), Domain.AUDIENCE));

        assertEquals("another issuer", elsewhere.verify(jwt()).refusal());
    }

    @Test
    void aDeploymentWithoutAnIssuerAcceptsNoJwt() {
        AccessTokenJwts none = new AccessTokenJwts(domain.signingKeys, domain.clients, domain.clock,
                new AccessTokenJwts.Policy(Optional.empty(), Domain.AUDIENCE));

        assertTrue(none.verify(jwt()).token().isEmpty());
    }

    @Test
    void aSignUpWhoseTokenCannotBeSignedWritesNoUser() {
        Domain withoutKeys = new Domain();
        withoutKeys.clients.put(ClientDefinition.builder().clientId("app").signupsPerIp(0)
                .settings(ClientSettings.builder().tokenFormat(ClientSettings.TokenFormat.JWT).build()).build());

        assertThrows(StoreUnavailableException.class,
                () -> withoutKeys.registration.register(Domain.signup("app"), InvocationRecorder.NONE));
        assertEquals(0, withoutKeys.userStore.count());
    }

    Map<String, String> forgeries() {
        SigningKeys.Signer signer = domain.signingKeys.signer();
        JWK published = domain.signingKeys.publicKey(signer.key().kid()).orElseThrow();
        return ForgedJwts.of(jwt(), signer.privateKey(), published, domain.clock.instant());
    }
}

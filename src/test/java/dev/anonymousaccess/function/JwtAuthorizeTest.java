package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Lambda.invoke;
import static dev.anonymousaccess.testing.Lambda.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;

import dev.anonymousaccess.jwt.AccessTokenJwts;
import dev.anonymousaccess.jwt.SigningKeys;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.AuthorizerEvents;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.ForgedJwts;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.SdkCallCounter;
import dev.anonymousaccess.testing.Users;
import dev.anonymousaccess.user.IssuedTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** The Lambda authorizer and JWT access tokens: the signature first (a forgery costs no read), then the user. */
@QuarkusTest
@TestProfile(Exports.Authorize.class)
class JwtAuthorizeTest extends FunctionTest {

    @Inject
    AccessTokenJwts jwts;

    @Inject
    SigningKeys signingKeys;

    IssuedTokens user;
    String jwt;

    @BeforeEach
    void aJwtAppsUser() {
        users.startWithJwtApp();
        user = users.create(Users.JWT_CLIENT);
        jwt = jwts.accessTokenOf(user);
    }

    static JsonNode answer(Object event) {
        Response response = invoke(event);
        assertEquals(200, response.statusCode(), response.asString());
        return read(response.asString());
    }

    static boolean authorized(String token) {
        return answer(AuthorizerEvents.httpV2("Bearer " + token)).get("isAuthorized").asBoolean();
    }

    @Test
    void aGenuineJwtIsAllowedAndTheApiIsHandedItsUser() {
        JsonNode answer = answer(AuthorizerEvents.httpV2("Bearer " + jwt));

        assertTrue(answer.get("isAuthorized").asBoolean());
        assertEquals(user.userId(), answer.get("context").get("userId").asText());
        assertEquals(Users.JWT_CLIENT, answer.get("context").get("clientId").asText());
    }

    @Test
    void aRestApiGetsAnAllowPolicyForAJwt() {
        JsonNode policy = answer(AuthorizerEvents.token("Bearer " + jwt));

        assertEquals(user.userId(), policy.get("principalId").asText());
        assertEquals("Allow", policy.get("policyDocument").get("Statement").get(0).get("Effect").asText());
    }

    @Test
    void aGenuineJwtCostsOneReadOfItsUser() {
        assertTrue(authorized(jwt));
        MotoServer.proxy().reset();
        SdkCallCounter.reset();

        assertTrue(authorized(jwt));

        assertEquals(Map.of("GetItem", 1), MotoServer.proxy().calls());
        assertEquals(1, SdkCallCounter.total());
    }

    @ParameterizedTest
    @ValueSource(strings = { "alg none", "HS256 with the public key as secret", "unknown kid", "altered payload",
            "wrong aud", "expired" })
    void aForgedJwtIsRefusedWithoutAnyDynamoDbCall(String forgery) {
        SigningKeys.Signer signer = signingKeys.signer();
        JWK published = signingKeys.publicKey(signer.key().kid()).orElseThrow();
        String forged = ForgedJwts.of(jwt, signer.privateKey(), published, clock.instant()).get(forgery);
        assertTrue(authorized(jwt), "the key set is read, as every instance has it in the steady state");
        MotoServer.proxy().reset();
        SdkCallCounter.reset();

        assertFalse(authorized(forged));

        assertEquals(Map.of(), MotoServer.proxy().calls());
        assertEquals(0, SdkCallCounter.total());
    }

    @Test
    void aSignedOutUsersJwtIsRefusedAtOnce() {
        assertTrue(authorized(jwt));

        signOut.revoke(jwt, InvocationRecorder.NONE);

        assertFalse(authorized(jwt));
    }

    @Test
    void aJwtIsRefusedOnceItsSessionRefreshed() {
        rotation.refresh(user.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
        clock.advance(Duration.ofMinutes(1));

        assertFalse(authorized(jwt));
    }
}

package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Answers.assertUnavailableNamingNoInternals;
import static dev.anonymousaccess.testing.Lambda.answer;
import static dev.anonymousaccess.testing.Lambda.http;
import static dev.anonymousaccess.testing.Lambda.httpEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.testing.BackendCredentials;
import dev.anonymousaccess.http.DiscoveryEndpoint;
import dev.anonymousaccess.http.TokenEndpoints;
import dev.anonymousaccess.jwt.AccessTokenJwts;
import dev.anonymousaccess.jwt.SigningKeys;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.ForgedJwts;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.Lambda;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.StoreFault;
import dev.anonymousaccess.testing.Users;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A client app in the {@code jwt} format, end to end on DynamoDB and KMS (moto): the same answers as an opaque app's,
 * an RFC 9068 access token a third-party verifier (jose4j) accepts given only the published metadata, and the OAuth
 * token endpoint.
 */
@QuarkusTest
@TestProfile(Exports.Create.class)
class JwtModeTest extends FunctionTest {

    static final String AUDIENCE = "anonymous-access";

    @Inject
    TokenEndpoints endpoints;

    @Inject
    DiscoveryEndpoint discovery;

    @Inject
    SigningKeys signingKeys;

    @BeforeEach
    void aJwtApp() {
        users.startWithJwtApp();
    }

    static HttpResult create(String clientId) {
        return http(httpEvent("POST", CREATE_PATH, Map.of("content-type", "application/json"),
                "{\"clientId\":\"" + clientId + "\"}", false));
    }

    static JsonNode created() {
        HttpResult answer = create(Users.JWT_CLIENT);
        assertEquals(200, answer.status(), answer.rawBody());
        return answer.body().get("token");
    }

    HttpResult document(String path) {
        return answer(discovery::answer, Lambda.request("GET", path, Map.of()));
    }

    /** What a verifier that is not ours makes of {@code jwt}, given only the published metadata and key set. */
    JwtClaims verifiedByJose4j(String jwt) throws Exception {
        JsonNode metadata = document(DiscoveryEndpoint.METADATA_PATH).body();
        String keySetPath = metadata.get("jwks_uri").asText().substring(MotoServer.ISSUER.length());
        JsonWebKeySet keys = new JsonWebKeySet(document(keySetPath).rawBody());
        return new JwtConsumerBuilder().setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
                .setExpectedIssuer(metadata.get("issuer").asText()).setExpectedAudience(AUDIENCE)
                .setRequireExpirationTime().setRequireSubject().setRequireJwtId().setExpectedType(true, "at+jwt")
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256")
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis())).build().processToClaims(jwt);
    }

    HttpResult refresh(String path, String contentType, String body) {
        return answer(endpoints::refresh, Lambda.post(path, Map.of("content-type", contentType), body));
    }

    /** RFC 6749 §6: a refresh grant at the token endpoint for {@code token}'s refresh token, as {@code clientId}. */
    HttpResult refreshGrant(String clientId, JsonNode token) {
        return tokenEndpoint("grant_type=refresh_token&client_id=" + clientId + "&refresh_token="
                + token.get("refresh_token").asText());
    }

    /** A form posted to the discovered token endpoint, as a standard OAuth client sends it. */
    HttpResult tokenEndpoint(String form) {
        return refresh(TokenEndpoints.TOKEN_ENDPOINT_PATH, "application/x-www-form-urlencoded", form);
    }

    @Test
    void createAnswersTheSameShapeWithAJwtAsAccessToken() {
        JsonNode token = created();

        assertEquals(List.of("access_token", "expires_in", "token_type", "refresh_token"),
                fieldNames(token));
        assertTrue(AccessTokenJwts.looksLikeJwt(token.get("access_token").asText()));
        assertFalse(AccessTokenJwts.looksLikeJwt(token.get("refresh_token").asText()), "refresh tokens stay opaque");
        assertEquals(900, token.get("expires_in").asInt(), "the app's access-token lifetime");
        assertEquals("Bearer", token.get("token_type").asText());
    }

    @Test
    void aThirdPartyVerifierAcceptsTheJwtGivenOnlyThePublishedKeys() throws Exception {
        JsonNode token = created();

        JwtClaims claims = verifiedByJose4j(token.get("access_token").asText());

        assertEquals(Users.JWT_CLIENT, claims.getStringClaimValue("client_id"));
        assertEquals(900, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertTrue(table.user(claims.getSubject()) != null && !table.user(claims.getSubject()).isEmpty(),
                "sub is the user's id");
    }

    @Test
    void anOpaqueAppOfTheSameDeploymentStillGetsOpaqueTokens() {
        HttpResult answer = create(Users.CLIENT);

        assertFalse(AccessTokenJwts.looksLikeJwt(answer.body().get("token").get("access_token").asText()));
    }

    @Test
    void refreshAnswersTheSameShapeWithANewJwt() throws Exception {
        JsonNode token = created();

        HttpResult answer = refresh(REFRESH_PATH, "application/json",
                "{\"refresh_token\":\"" + token.get("refresh_token").asText() + "\"}");

        assertEquals(200, answer.status(), answer.rawBody());
        String refreshed = answer.body().get("token").get("access_token").asText();
        assertEquals(verifiedByJose4j(token.get("access_token").asText()).getSubject(),
                verifiedByJose4j(refreshed).getSubject());
    }

    @Test
    void theTokenEndpointAnswersAsRfc6749Section5Point1() {
        HttpResult answer = refreshGrant(Users.JWT_CLIENT, created());

        assertEquals(200, answer.status(), answer.rawBody());
        assertEquals(List.of("access_token", "expires_in", "token_type", "refresh_token"),
                fieldNames(answer.body()));
        assertEquals("no-store", answer.header("Cache-Control"));
    }

    @Test
    void theTokenEndpointRequiresTheGrantType() {
        JsonNode token = created();

        HttpResult answer = tokenEndpoint("refresh_token=" + token.get("refresh_token").asText());

        assertEquals(400, answer.status());
        assertEquals("invalid_request", answer.body().get("error").asText());
    }

    @Test
    void theTokenEndpointRefusesOtherGrants() {
        HttpResult answer = tokenEndpoint("grant_type=client_credentials");

        assertEquals(400, answer.status());
        assertEquals("unsupported_grant_type", answer.body().get("error").asText());
    }

    @Test
    void theTokenEndpointRefusesARefreshTokenOfAnotherClient() {
        HttpResult answer = refreshGrant(Users.CLIENT, created());

        assertEquals(400, answer.status());
        assertEquals("invalid_grant", answer.body().get("error").asText());
    }

    @Test
    void aMergedDeviceIsHandedAJwtOfTheClaimedUser() throws Exception {
        users.giveBackendSecret(Users.JWT_CLIENT);
        String first = created().get("access_token").asText();
        String second = created().get("access_token").asText();
        assertEquals(200, claim(first).status());

        HttpResult merged = claim(second);

        assertEquals(200, merged.status(), merged.rawBody());
        JwtClaims claims = verifiedByJose4j(merged.body().get("token").get("access_token").asText());
        assertEquals(verifiedByJose4j(first).getSubject(), claims.getSubject());
        assertEquals("auth0|4711", claims.getStringClaimValue("subject"));
    }

    HttpResult claim(String accessToken) {
        return answer(endpoints::claim, Lambda.post(CLAIM_PATH, Map.of("authorization",
                BackendCredentials.basic(Users.JWT_CLIENT, Users.BACKEND_SECRET)),
                "{\"access_token\":\"" + accessToken + "\",\"subject\":\"auth0|4711\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "alg none", "HS256 with the public key as secret", "unknown kid", "altered payload",
            "wrong aud", "expired" })
    void aThirdPartyVerifierRefusesEveryForgery(String forgery) {
        String genuine = created().get("access_token").asText();
        SigningKeys.Signer signer = signingKeys.signer();
        String forged = ForgedJwts.of(genuine, signer.privateKey(),
                signingKeys.publicKey(signer.key().kid()).orElseThrow(), clock.instant()).get(forgery);

        assertThrows(InvalidJwtException.class, () -> verifiedByJose4j(forged));
    }

    @Test
    void theMetadataNamesTheIssuerItsKeySetAndTheTokenEndpoint() {
        HttpResult answer = document(DiscoveryEndpoint.METADATA_PATH);

        JsonNode metadata = answer.body();
        assertEquals(MotoServer.ISSUER, metadata.get("issuer").asText());
        assertEquals(MotoServer.ISSUER + "/.well-known/jwks.json", metadata.get("jwks_uri").asText());
        assertEquals(MotoServer.ISSUER + "/oauth/token", metadata.get("token_endpoint").asText());
        assertEquals("refresh_token", metadata.get("grant_types_supported").get(0).asText());
    }

    @Test
    void theMetadataNamesTheIntrospectionEndpointForBackendsWithTheirSecret() {
        JsonNode metadata = document(DiscoveryEndpoint.METADATA_PATH).body();

        assertEquals(MotoServer.ISSUER + "/oauth/introspect", metadata.get("introspection_endpoint").asText());
        assertEquals("[\"client_secret_basic\"]",
                metadata.get("introspection_endpoint_auth_methods_supported").toString());
    }

    @Test
    void theSameMetadataIsAtRfc8414sPath() {
        assertEquals(document(DiscoveryEndpoint.METADATA_PATH).body(),
                document("/.well-known/oauth-authorization-server").body());
    }

    @Test
    void theDocumentsArePublicAndCacheable() {
        for (String path : List.of(DiscoveryEndpoint.METADATA_PATH, "/.well-known/oauth-authorization-server",
                DiscoveryEndpoint.KEY_SET_PATH)) {
            HttpResult answer = document(path);

            assertEquals(200, answer.status());
            assertEquals("public, max-age=900", answer.header("Cache-Control"));
            assertEquals("*", answer.header("Access-Control-Allow-Origin"));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreFault.class)
    void aKeySetThatCannotBeReadIs503NamingNoInternalsReadableFromAnyOrigin(StoreFault fault) {
        document(DiscoveryEndpoint.KEY_SET_PATH);
        clock.advance(Duration.ofMinutes(5)); // this instance's copy of the key set is due to be read again

        HttpResult answer = fault.during(() -> document(DiscoveryEndpoint.KEY_SET_PATH));

        assertUnavailableNamingNoInternals(answer);
        assertEquals("*", answer.header("Access-Control-Allow-Origin"));
    }

    @Test
    void theKeySetHoldsOnlyPublicHalves() {
        JsonNode keys = document(DiscoveryEndpoint.KEY_SET_PATH).body().get("keys");

        assertTrue(keys.size() >= 1);
        for (JsonNode key : keys) {
            assertEquals("RSA", key.get("kty").asText());
            assertEquals("sig", key.get("use").asText());
            assertTrue(key.has("kid") && key.has("n") && key.has("e"));
            for (String secret : List.of("d", "p", "q", "dp", "dq", "qi")) {
                assertFalse(key.has(secret), "no private member " + secret);
            }
        }
    }

    @Test
    void anUnknownDocumentIsNotFoundAndAPostNotAllowed() {
        assertEquals(404, document("/.well-known/other").status());
        assertEquals(405, answer(discovery::answer, Lambda.request("POST", DiscoveryEndpoint.KEY_SET_PATH,
                Map.of())).status());
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

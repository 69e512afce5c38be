package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;

/**
 * JWT mode through the packaged functions and the local API ({@code ./run-local.sh}'s stack): a JVM verifier that is
 * not ours (jose4j) given only the issuer URL, the example API behind the (emulated) JWT authorizer, and the service's
 * own Lambda authorizer, on the {@code jwt} twin of the demo app.
 */
@ExtendWith(TestDeployments.class)
class JwtModeIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static LocalDeployment deployment;

    @BeforeAll
    static void start(LocalDeployment shared) {
        deployment = shared;
    }

    record Answer(int status, Map<String, List<String>> headers, JsonNode body) {
    }

    static Answer send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().map(),
                response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    static JsonNode created() throws Exception {
        Answer answer = send(HttpRequest.newBuilder(URI.create(deployment.apiUrl() + "/auth/anonymous/create"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"" + DemoClientApp.JWT_CLIENT_ID + "\"}"))
                .build());
        assertEquals(200, answer.status(), String.valueOf(answer.body()));
        return answer.body().get("token");
    }

    static Answer me(String base, String accessToken) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/me")).header("authorization", "Bearer " + accessToken)
                .GET().build());
    }

    /** jose4j, told nothing but the issuer: it finds the key set through the discovery document. */
    static JwtConsumer jose4j() throws Exception {
        String issuer = deployment.apiUrl();
        JsonNode metadata = send(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                .GET().build()).body();
        HttpsJwks keys = new HttpsJwks(metadata.get("jwks_uri").asText());
        return new JwtConsumerBuilder().setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(keys))
                .setExpectedIssuer(issuer).setExpectedAudience("anonymous-access").setRequireExpirationTime()
                .setExpectedType(true, "at+jwt")
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256").build();
    }

    @Test
    void aJvmVerifierGivenOnlyTheIssuerAcceptsTheAccessToken() throws Exception {
        String accessToken = created().get("access_token").asText();

        JwtClaims claims = jose4j().processToClaims(accessToken);

        assertEquals(me(deployment.apiUrl(), accessToken).body().get("userId").asText(), claims.getSubject());
        assertEquals(DemoClientApp.JWT_CLIENT_ID, claims.getStringClaimValue("client_id"));
    }

    @Test
    void theJwtProtectedApiServesTheTokensUserWithoutTheServicesAuthorizer() throws Exception {
        String accessToken = created().get("access_token").asText();
        String userId = me(deployment.apiUrl(), accessToken).body().get("userId").asText();

        Answer answer = me(deployment.jwtApiUrl(), accessToken);

        assertEquals(200, answer.status(), String.valueOf(answer.body()));
        assertEquals(userId, answer.body().get("userId").asText());
        assertEquals(DemoClientApp.JWT_CLIENT_ID, answer.body().get("clientId").asText());
    }

    @Test
    void aTamperedTokenIsRefusedByEveryVerifier() throws Exception {
        String accessToken = created().get("access_token").asText();
        String[] parts = accessToken.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A')
                + parts[2].substring(1);

        JwtConsumer verifier = jose4j();
        assertTrue(assertThrowsInvalid(() -> verifier.processToClaims(tampered)));
        assertEquals(403, me(deployment.apiUrl(), tampered).status());
        Answer gateway = me(deployment.jwtApiUrl(), tampered);
        assertEquals(401, gateway.status());
        assertTrue(gateway.headers().get("www-authenticate").get(0).startsWith("Bearer"));
    }

    /**
     * Nimbus's OAuth SDK, as a JVM backend of the jwt app uses it, told nothing but the issuer: it reads the RFC 8414
     * metadata, checks its issuer, and introspects at the endpoint the metadata names.
     */
    static TokenIntrospectionSuccessResponse introspectedByNimbus(String accessToken, String secret) throws Exception {
        URI endpoint = AuthorizationServerMetadata.resolve(new Issuer(deployment.apiUrl()))
                .getIntrospectionEndpointURI();
        TokenIntrospectionRequest request = new TokenIntrospectionRequest(endpoint,
                new ClientSecretBasic(new ClientID(DemoClientApp.JWT_CLIENT_ID), new Secret(secret)),
                new BearerAccessToken(accessToken));
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(request.toHTTPRequest().send());
        assertTrue(response.indicatesSuccess(), () -> String.valueOf(response.toErrorResponse().getErrorObject()));
        return response.toSuccessResponse();
    }

    @Test
    void aJvmOAuthClientIntrospectsTheAccessTokenActiveThenInactiveAfterSignOut() throws Exception {
        JsonNode token = created();
        String accessToken = token.get("access_token").asText();
        LambdaFunction.Invocation rotated = deployment.invoke("admin",
                "{\"action\":\"rotateClientSecret\",\"clientId\":\"" + DemoClientApp.JWT_CLIENT_ID + "\"}");
        assertTrue(rotated.ok(), rotated.payload());
        String secret = JSON.readTree(rotated.payload()).get("clientSecret").asText();

        TokenIntrospectionSuccessResponse active = introspectedByNimbus(accessToken, secret);
        assertTrue(active.isActive());
        assertEquals(jose4j().processToClaims(accessToken).getSubject(), active.getSubject().getValue());
        assertEquals(DemoClientApp.JWT_CLIENT_ID, active.getClientID().getValue());
        assertEquals(deployment.apiUrl(), active.getIssuer().getValue());

        Answer signedOut = send(HttpRequest.newBuilder(URI.create(deployment.apiUrl() + "/auth/anonymous/revoke"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + accessToken + "\"}")).build());
        assertEquals(200, signedOut.status());
        assertFalse(introspectedByNimbus(accessToken, secret).isActive(), "a signed-out user's JWT is inactive");
    }

    interface Verification {
        void run() throws InvalidJwtException;
    }

    static boolean assertThrowsInvalid(Verification verification) {
        try {
            verification.run();
            return false;
        } catch (InvalidJwtException e) {
            return true;
        }
    }
}

package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anonymousaccess.testing.BackendCredentials;
import dev.anonymousaccess.testing.Concurrently;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.OpenApiDocument;

/**
 * docs/openapi.yaml against the local API ({@code ./run-local.sh}'s stack): each request below, as a client generated
 * from the document would send it, and the answer it gets, gateway answers included, are what the document
 * describes (Atlassian's validator checks both).
 */
@ExtendWith(TestDeployments.class)
class OpenApiDocumentIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String CLIENT_ID = "openapi-app";
    static final String ORIGIN = "https://app.example.com";

    static LocalDeployment deployment;
    static String secret;

    @BeforeAll
    static void start(LocalDeployment shared) throws IOException {
        deployment = shared;
        admin("{\"action\":\"putClient\",\"clientId\":\"" + CLIENT_ID + "\",\"allowedOrigins\":[\"" + ORIGIN + "\"]}");
        secret = admin("{\"action\":\"rotateClientSecret\",\"clientId\":\"" + CLIENT_ID + "\"}").get("clientSecret")
                .asText();
    }

    static JsonNode admin(String request) throws IOException {
        LambdaFunction.Invocation invocation = deployment.invoke("admin", request);
        assertTrue(invocation.ok(), invocation.payload());
        return JSON.readTree(invocation.payload());
    }

    /** Sends the request to the local API and checks it and its answer against the document. */
    static HttpResult exchange(String method, String path, Map<String, String> headers, String body) throws Exception {
        return checked(method, path, headers, body, send(method, path, headers, body));
    }

    static HttpResult checked(String method, String path, Map<String, String> headers, String body, HttpResult answer) {
        SimpleRequest.Builder described = new SimpleRequest.Builder(Request.Method.valueOf(method), path);
        headers.forEach(described::withHeader);
        if (body != null) {
            described.withBody(body);
        }
        OpenApiDocument.assertValid(method + " " + path + " answered " + answer.status() + " " + answer.rawBody(),
                OpenApiDocument.validator().validate(described.build(), OpenApiDocument.response(answer.status(),
                        answer.headers(), answer.rawBody().isEmpty() ? null : answer.rawBody())));
        return answer;
    }

    static HttpResult send(String method, String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(deployment.apiUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return HttpResult.of(response.statusCode(), response.headers().map(), response.body());
    }

    static HttpResult postJson(String path, String body) throws Exception {
        return exchange("POST", path, Map.of("Content-Type", "application/json"), body);
    }

    static HttpResult postForm(String path, String body) throws Exception {
        return exchange("POST", path, Map.of("Content-Type", "application/x-www-form-urlencoded"), body);
    }

    static JsonNode created() throws Exception {
        HttpResult answer = postJson("/auth/anonymous/create", "{\"clientId\":\"" + CLIENT_ID + "\"}");
        assertEquals(200, answer.status(), answer.rawBody());
        return answer.body().get("token");
    }

    static HttpResult me(String accessToken) throws Exception {
        return exchange("GET", "/me", Map.of("Authorization", "Bearer " + accessToken), null);
    }

    static String basic(String clientSecret) {
        return BackendCredentials.basic(CLIENT_ID, clientSecret);
    }

    @Test
    void signUpsBeyondTheCreateRoutesBurstAreThrottledAsDescribed() throws Exception {
        admin("{\"action\":\"putClient\",\"clientId\":\"burst-app\",\"signupsPerIp\":0}");
        Map<String, String> headers = Map.of("Content-Type", "application/json");
        String body = "{\"clientId\":\"burst-app\"}";
        SamTemplate.Limit limit = deployment.template().throttling().of("POST /auth/anonymous/create").orElseThrow();
        // Twenty more at once than the route's burst (CreateThrottlingBurstLimit): the stage answers the rest itself.
        List<HttpResult> answers = Concurrently.run((int) limit.burst() + 20,
                () -> send("POST", "/auth/anonymous/create", headers, body));
        try {
            answers.forEach(answer -> checked("POST", "/auth/anonymous/create", headers, body, answer));

            List<HttpResult> throttled = answers.stream().filter(a -> a.status() == 429).toList();
            assertTrue(throttled.size() >= 10, "429s: " + throttled.size());
            assertEquals("{\"message\":\"Too Many Requests\"}", throttled.get(0).rawBody());
            assertTrue(answers.stream().allMatch(a -> a.status() == 200 || a.status() == 429));
        } finally {
            // The tests after this one sign up too: wait until the bucket has refilled.
            Thread.sleep(Math.round(1000 * (limit.burst() / limit.ratePerSecond())) + 500);
        }
    }

    @Test
    void aSignUpAndTheDownstreamCallWithItsTokenAreAsDescribed() throws Exception {
        assertEquals(200, me(created().get("access_token").asText()).status());
    }

    @Test
    void aRefreshInJsonIsAsDescribed() throws Exception {
        String refreshToken = created().get("refresh_token").asText();

        HttpResult answer = postJson("/auth/anonymous/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");

        assertEquals(200, answer.status(), answer.rawBody());
    }

    @Test
    void aRefreshAsAnOAuthFormIsAsDescribed() throws Exception {
        String refreshToken = created().get("refresh_token").asText();

        HttpResult answer = postForm("/auth/anonymous/refresh",
                "grant_type=refresh_token&refresh_token=" + refreshToken);

        assertEquals(200, answer.status(), answer.rawBody());
    }

    @Test
    void theTokenEndpointIsAsDescribed() throws Exception {
        String refreshToken = created().get("refresh_token").asText();

        HttpResult answer = postForm("/oauth/token",
                "grant_type=refresh_token&refresh_token=" + refreshToken + "&client_id=" + CLIENT_ID);

        assertEquals(200, answer.status(), answer.rawBody());
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAsDescribed() throws Exception {
        HttpResult answer = exchange("OPTIONS", "/auth/anonymous/create", Map.of("Origin", ORIGIN,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"), null);

        assertEquals(204, answer.status(), answer.rawBody());
    }

    @Test
    void aClaimIsAsDescribed() throws Exception {
        String accessToken = created().get("access_token").asText();

        HttpResult answer = exchange("POST", "/auth/anonymous/claim", Map.of("Content-Type", "application/json",
                "Authorization", basic(secret)),
                "{\"access_token\":\"" + accessToken + "\",\"subject\":\"openapi|" + System.nanoTime() + "\"}");

        assertEquals(200, answer.status(), answer.rawBody());
    }

    @Test
    void aFailedClientAuthenticationIsAsDescribed() throws Exception {
        String wrongSecret = "aas_" + "A".repeat(43);

        HttpResult answer = exchange("POST", "/auth/anonymous/claim", Map.of("Content-Type", "application/json",
                "Authorization", basic(wrongSecret)), "{\"access_token\":\"x\",\"subject\":\"s\"}");

        assertEquals(401, answer.status(), answer.rawBody());
    }

    @Test
    void signOutAndTheGatewaysRefusalOfTheRevokedTokenAreAsDescribed() throws Exception {
        JsonNode token = created();

        HttpResult revoked = postJson("/auth/anonymous/revoke",
                "{\"token\":\"" + token.get("refresh_token").asText() + "\"}");
        HttpResult refused = me(token.get("access_token").asText());

        assertEquals(200, revoked.status(), revoked.rawBody());
        assertEquals(403, refused.status(), refused.rawBody());
    }

    @Test
    void theGatewaysAnswerToACallWithoutATokenIsAsDescribed() throws Exception {
        // The request is outside the document (it requires a token): only the answer is checked.
        HttpResult answer = send("GET", "/me", Map.of(), null);

        OpenApiDocument.checkAnswer("GET", "/me", answer.status(), answer.headers(), answer.rawBody());
        assertEquals(401, answer.status(), answer.rawBody());
    }

    @Test
    void anUnknownClientAppIsAnErrorAsDescribed() throws Exception {
        HttpResult answer = postJson("/auth/anonymous/create", "{\"clientId\":\"no-such-app\"}");

        assertEquals(400, answer.status(), answer.rawBody());
        assertEquals("invalid_client", answer.body().get("error").asText());
    }

    @Test
    void aMethodTheDocumentDoesNotListIsApiGatewaysNotFound() throws Exception {
        HttpResult answer = send("POST", "/.well-known/jwks.json", Map.of("Content-Type", "application/json"), "{}");

        assertEquals(404, answer.status(), answer.rawBody());
        assertEquals("Not Found", answer.body().get("message").asText());
    }

    @Test
    void thePublishedMetadataAndKeySetAreAsDescribed() throws Exception {
        HttpResult metadata = exchange("GET", "/.well-known/openid-configuration", Map.of(), null);
        HttpResult keys = exchange("GET", "/.well-known/jwks.json", Map.of(), null);

        assertEquals(200, metadata.status(), metadata.rawBody());
        assertEquals(200, keys.status(), keys.rawBody());
    }
}

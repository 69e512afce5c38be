package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.testing.Lambda;
import dev.anonymousaccess.testing.TestClock;

/**
 * The local HTTP API as API Gateway's stand-in, over real HTTP, with the routes of {@code template.yaml} and functions
 * played in the test (each records the events it gets and answers as the test says): what the packaged functions
 * cannot show on demand, such as a failing invocation, cookies and binary bodies.
 */
class LocalHttpApiTest {

    final TestClock clock = new TestClock();
    final Map<String, FakeFunction> functions = new LinkedHashMap<>();
    final HttpClient http = HttpClient.newHttpClient();
    ApiServer server;

    /** A function played by the test: answers with {@code answer}, remembers every event. */
    static final class FakeFunction implements LambdaFunction {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        volatile Function<JsonNode, Invocation> answer = event -> new Invocation(true, "{\"statusCode\":200}");

        @Override
        public Invocation invoke(String event) {
            try {
                JsonNode parsed = Lambda.JSON.readTree(event);
                events.add(parsed);
                return answer.apply(parsed);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        JsonNode lastEvent() {
            return events.get(events.size() - 1);
        }
    }

    @BeforeEach
    void serveTheTemplate() throws IOException {
        serve(SamTemplate.read(Path.of("template.yaml"), Map.of()));
        allowWithContext(Map.of("userId", "u-1", "clientId", "app"));
    }

    void serve(SamTemplate template) throws IOException {
        if (server != null) {
            server.close();
        }
        template.functionEnvironments().keySet().forEach(name -> functions.putIfAbsent(name, new FakeFunction()));
        server = new ApiServer(0, new HttpApi(template, functions, clock));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    FakeFunction authorizer() {
        return functions.get("AuthorizeFunction");
    }

    FakeFunction me() {
        return functions.get("MeFunction");
    }

    void allowWithContext(Map<String, String> context) {
        authorizer().answer = event -> new LambdaFunction.Invocation(true,
                Lambda.write(Map.of("isAuthorized", true, "context", context)));
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery, Map<String, String> headers, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String pathAndQuery, Map<String, String> headers) throws Exception {
        return send("GET", pathAndQuery, headers, null);
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static final Map<String, String> BEARER = Map.of("Authorization", "Bearer t-1");

    @Test
    void anUnknownRouteIsNotFound() throws Exception {
        HttpResponse<byte[]> response = get("/nowhere", Map.of());

        assertEquals(404, response.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", text(response));
    }

    @Test
    void aKnownPathWithAnotherMethodIsNotFound() throws Exception {
        assertEquals(404, send("DELETE", "/me", BEARER, null).statusCode());
    }

    HttpResponse<byte[]> create() throws Exception {
        return send("POST", "/auth/anonymous/create", Map.of("Content-Type", "application/json"),
                "{\"clientId\":\"app\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theCreateRouteTakesItsOwnBurstThenAnswersTooManyRequests() throws Exception {
        for (int i = 0; i < 40; i++) {
            assertEquals(200, create().statusCode());
        }

        HttpResponse<byte[]> refused = create();

        assertEquals(429, refused.statusCode());
        assertEquals("{\"message\":\"Too Many Requests\"}", text(refused));
        assertEquals(40, functions.get("CreateFunction").events.size(), "a throttled request reaches no function");
    }

    @Test
    void aThrottledRouteTakesOneMoreRequestPerTwentiethOfASecond() throws Exception {
        for (int i = 0; i < 41; i++) {
            create();
        }

        clock.advance(Duration.ofMillis(50));

        assertEquals(200, create().statusCode());
        assertEquals(429, create().statusCode());
    }

    @Test
    void everyOtherRouteHasTheStagesDefaultLimitOfItsOwn() throws Exception {
        for (int i = 0; i < 41; i++) {
            create();
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(200, get("/me", BEARER).statusCode(), "request " + i);
        }

        assertEquals(429, get("/me", BEARER).statusCode());
        assertEquals(200, send("GET", "/.well-known/jwks.json", Map.of(), null).statusCode());
    }

    @Test
    void theLimitsAreTheTemplatesParameters() throws Exception {
        serve(SamTemplate.read(Path.of("template.yaml"), Map.of(),
                Map.of("CreateThrottlingBurstLimit", "2", "CreateThrottlingRateLimit", "0.5")));

        assertEquals(200, create().statusCode());
        assertEquals(200, create().statusCode());
        assertEquals(429, create().statusCode());
        clock.advance(Duration.ofMillis(1999));
        assertEquals(429, create().statusCode());
        clock.advance(Duration.ofMillis(1));
        assertEquals(200, create().statusCode());
    }

    @Test
    void aRateOfZeroRefusesEveryRequest() throws Exception {
        serve(SamTemplate.read(Path.of("template.yaml"), Map.of(), Map.of("CreateThrottlingRateLimit", "0")));

        assertEquals(429, create().statusCode());
    }

    @Test
    void aThrottledGuardedRouteAsksNoAuthorizer() throws Exception {
        serve(SamTemplate.read(Path.of("template.yaml"), Map.of(), Map.of("ThrottlingBurstLimit", "1")));
        get("/me", BEARER);

        assertEquals(429, get("/me", BEARER).statusCode());
        assertEquals(1, authorizer().events.size());
    }

    @Test
    void aGuardedRouteWithoutTheIdentityHeaderIsUnauthorizedWithoutAskingTheAuthorizer() throws Exception {
        HttpResponse<byte[]> response = get("/me", Map.of());

        assertEquals(401, response.statusCode());
        assertEquals("{\"message\":\"Unauthorized\"}", text(response));
        assertTrue(authorizer().events.isEmpty());
        assertTrue(me().events.isEmpty());
    }

    @Test
    void anAuthorizerRefusalIsForbidden() throws Exception {
        authorizer().answer = event -> new LambdaFunction.Invocation(true, "{\"isAuthorized\":false}");

        HttpResponse<byte[]> response = get("/me", BEARER);

        assertEquals(403, response.statusCode());
        assertEquals("{\"message\":\"Forbidden\"}", text(response));
        assertTrue(me().events.isEmpty());
    }

    @Test
    void anAuthorizerFailingWithUnauthorizedIsUnauthorized() throws Exception {
        authorizer().answer = event -> new LambdaFunction.Invocation(false, "{\"errorMessage\":\"Unauthorized\"}");

        assertEquals(401, get("/me", BEARER).statusCode());
    }

    @Test
    void anAuthorizerFailingOtherwiseIsAnInternalServerError() throws Exception {
        authorizer().answer = event -> new LambdaFunction.Invocation(false, "{\"errorMessage\":\"store down\"}");

        HttpResponse<byte[]> response = get("/me", BEARER);

        assertEquals(500, response.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", text(response));
        assertTrue(me().events.isEmpty());
    }

    @Test
    void aFailedInvocationIsAnInternalServerError() throws Exception {
        me().answer = event -> new LambdaFunction.Invocation(false, "{\"errorMessage\":\"boom\"}");

        HttpResponse<byte[]> response = get("/me", BEARER);

        assertEquals(500, response.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", text(response));
    }

    @Test
    void theAuthorizerGetsAPayload2RequestEventWithItsIdentitySource() throws Exception {
        get("/me?x=1", BEARER);

        JsonNode event = authorizer().lastEvent();
        assertEquals("2.0", event.get("version").asText());
        assertEquals("REQUEST", event.get("type").asText());
        assertEquals(List.of("Bearer t-1"), List.of(event.get("identitySource").get(0).asText()));
        assertEquals("GET /me", event.get("routeKey").asText());
        assertTrue(event.get("routeArn").asText().endsWith("/$default/GET/me"), event.get("routeArn").asText());
        assertEquals("x=1", event.get("rawQueryString").asText());
        assertEquals("Bearer t-1", event.at("/headers/authorization").asText());
    }

    @Test
    void theRouteGetsTheAuthorizersContext() throws Exception {
        allowWithContext(Map.of("userId", "u-7", "clientId", "shop", "allowedOrigins", "https://shop.example.com"));

        get("/me", BEARER);

        JsonNode lambda = me().lastEvent().at("/requestContext/authorizer/lambda");
        assertEquals("u-7", lambda.get("userId").asText());
        assertEquals("shop", lambda.get("clientId").asText());
        assertEquals("https://shop.example.com", lambda.get("allowedOrigins").asText());
    }

    @Test
    void anUnguardedRouteNeverAsksTheAuthorizer() throws Exception {
        send("POST", "/auth/anonymous/create", Map.of("Content-Type", "application/json"),
                "{\"clientId\":\"app\"}".getBytes(StandardCharsets.UTF_8));

        assertTrue(authorizer().events.isEmpty());
        assertEquals(1, functions.get("CreateFunction").events.size());
        assertFalse(functions.get("CreateFunction").lastEvent().get("requestContext").has("authorizer"));
    }

    @Test
    void theAuthorizersAnswerIsCachedPerTokenForTheTemplatesTtl() throws Exception {
        get("/me", BEARER);
        get("/me", BEARER);
        assertEquals(1, authorizer().events.size(), "the second request must use the cached decision");

        get("/me", Map.of("Authorization", "Bearer t-2"));
        assertEquals(2, authorizer().events.size(), "another token is another identity");

        clock.advance(Duration.ofSeconds(300)); // AuthorizerCacheTtl's default
        get("/me", BEARER);
        assertEquals(3, authorizer().events.size(), "an expired decision must be asked again");
    }

    @Test
    void aRefusalIsCachedToo() throws Exception {
        authorizer().answer = event -> new LambdaFunction.Invocation(true, "{\"isAuthorized\":false}");
        get("/me", BEARER);
        allowWithContext(Map.of("userId", "u-1", "clientId", "app"));

        assertEquals(403, get("/me", BEARER).statusCode());
    }

    @Test
    void withoutCacheEveryRequestAsksTheAuthorizer() throws Exception {
        serve(SamTemplate.read(Path.of("template.yaml"), Map.of(), Map.of("AuthorizerCacheTtl", "0")));

        get("/me", BEARER);
        get("/me", BEARER);

        assertEquals(2, authorizer().events.size());
    }

    SamTemplate withIamPolicyAuthorizer(Path dir) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, Files.readString(Path.of("template.yaml"))
                .replace("EnableSimpleResponses: true", "EnableSimpleResponses: false"));
        return SamTemplate.read(file, Map.of());
    }

    static String policy(String effect) {
        return Lambda.write(Map.of("principalId", "u-1", "policyDocument", Map.of("Version", "2012-10-17",
                "Statement", List.of(Map.of("Action", "execute-api:Invoke", "Effect", effect, "Resource", "*"))),
                "context", Map.of("userId", "u-1", "clientId", "app")));
    }

    @Test
    void withoutSimpleResponsesAnAllowPolicyLetsTheRequestThroughWithItsContext(@TempDir Path dir) throws Exception {
        serve(withIamPolicyAuthorizer(dir));
        authorizer().answer = event -> new LambdaFunction.Invocation(true, policy("Allow"));

        assertEquals(200, get("/me", BEARER).statusCode());
        assertEquals("u-1", me().lastEvent().at("/requestContext/authorizer/lambda/userId").asText());
    }

    @Test
    void withoutSimpleResponsesADenyPolicyIsForbidden(@TempDir Path dir) throws Exception {
        serve(withIamPolicyAuthorizer(dir));
        authorizer().answer = event -> new LambdaFunction.Invocation(true, policy("Deny"));

        assertEquals(403, get("/me", BEARER).statusCode());
        assertTrue(me().events.isEmpty());
    }

    @Test
    void aQueryParameterWithoutAValueIsEmptyAndEmptyPairsAreSkipped() throws Exception {
        send("POST", "/auth/anonymous/refresh?flag&&c=", Map.of("Content-Type", "application/json"),
                "{\"refresh_token\":\"r\"}".getBytes(StandardCharsets.UTF_8));

        JsonNode query = functions.get("RefreshFunction").lastEvent().get("queryStringParameters");
        assertEquals(2, query.size(), query.toString());
        assertEquals("", query.get("flag").asText());
        assertEquals("", query.get("c").asText());
    }

    @Test
    void aRequestBecomesAPayload2Event() throws Exception {
        send("POST", "/auth/anonymous/refresh?a=1&b=x%20y&a=2", Map.of("Content-Type", "application/json",
                "User-Agent", "test-agent", "X-Custom", "v"), "{\"refresh_token\":\"r\"}".getBytes(StandardCharsets.UTF_8));

        JsonNode event = functions.get("RefreshFunction").lastEvent();
        assertEquals("2.0", event.get("version").asText());
        assertEquals("POST /auth/anonymous/refresh", event.get("routeKey").asText());
        assertEquals("/auth/anonymous/refresh", event.get("rawPath").asText());
        assertEquals("a=1&b=x%20y&a=2", event.get("rawQueryString").asText());
        assertEquals("1,2", event.at("/queryStringParameters/a").asText());
        assertEquals("x y", event.at("/queryStringParameters/b").asText());
        assertEquals("v", event.at("/headers/x-custom").asText());
        assertEquals("POST", event.at("/requestContext/http/method").asText());
        assertEquals("127.0.0.1", event.at("/requestContext/http/sourceIp").asText());
        assertEquals("test-agent", event.at("/requestContext/http/userAgent").asText());
        assertEquals("$default", event.at("/requestContext/stage").asText());
        assertFalse(event.at("/requestContext/requestId").asText().isEmpty());
        assertFalse(event.get("isBase64Encoded").asBoolean());
        assertEquals("{\"refresh_token\":\"r\"}", event.get("body").asText());
    }

    @Test
    void eachRequestHasItsOwnRequestIdInTheEventAndTheAnswer() throws Exception {
        HttpResponse<byte[]> first = get("/me", BEARER);
        HttpResponse<byte[]> second = get("/me", BEARER);

        String id = first.headers().firstValue("apigw-requestid").orElseThrow();
        assertEquals(id, me().events.get(0).at("/requestContext/requestId").asText());
        assertFalse(id.equals(second.headers().firstValue("apigw-requestid").orElseThrow()));
    }

    @Test
    void aBodyThatIsNotTextArrivesBase64Encoded() throws Exception {
        byte[] form = "grant_type=refresh_token&refresh_token=r".getBytes(StandardCharsets.UTF_8);
        send("POST", "/auth/anonymous/refresh", Map.of("Content-Type", "application/x-www-form-urlencoded"), form);

        JsonNode event = functions.get("RefreshFunction").lastEvent();
        assertTrue(event.get("isBase64Encoded").asBoolean());
        assertEquals("grant_type=refresh_token&refresh_token=r",
                new String(Base64.getDecoder().decode(event.get("body").asText()), StandardCharsets.UTF_8));
    }

    @Test
    void aBase64AnswerIsDecoded() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
        me().answer = event -> new LambdaFunction.Invocation(true, Lambda.write(Map.of("statusCode", 200, "headers",
                Map.of("Content-Type", "image/png"), "body", Base64.getEncoder().encodeToString(png),
                "isBase64Encoded", true)));

        HttpResponse<byte[]> response = get("/me", BEARER);

        assertEquals("image/png", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(List.of(137, 80, 78, 71, 0, 1, 2), bytes(response.body()));
    }

    static List<Integer> bytes(byte[] data) {
        List<Integer> list = new ArrayList<>();
        for (byte b : data) {
            list.add(b & 0xff);
        }
        return list;
    }

    @Test
    void requestCookiesArriveAsTheEventsCookiesNotAsAHeader() throws Exception {
        get("/me", Map.of("Authorization", "Bearer t-1", "Cookie", "a=1; b=two"));

        JsonNode event = me().lastEvent();
        assertEquals("a=1", event.get("cookies").get(0).asText());
        assertEquals("b=two", event.get("cookies").get(1).asText());
        assertFalse(event.get("headers").has("cookie"));
    }

    @Test
    void answerCookiesBecomeSetCookieHeaders() throws Exception {
        me().answer = event -> new LambdaFunction.Invocation(true, Lambda.write(Map.of("statusCode", 200,
                "cookies", List.of("a=1; Path=/", "b=2; HttpOnly"), "body", "{}")));

        HttpResponse<byte[]> response = get("/me", BEARER);

        assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"), response.headers().allValues("Set-Cookie"));
    }

    @Test
    void theFunctionsStatusHeadersAndBodyAreTheAnswer() throws Exception {
        me().answer = event -> new LambdaFunction.Invocation(true, Lambda.write(Map.of("statusCode", 418,
                "headers", Map.of("X-Tea", "green"), "body", "{\"short\":\"stout\"}")));

        HttpResponse<byte[]> response = get("/me", BEARER);

        assertEquals(418, response.statusCode());
        assertEquals("green", response.headers().firstValue("X-Tea").orElseThrow());
        assertEquals("{\"short\":\"stout\"}", text(response));
    }

    @Test
    void anAnswerWithoutStatusCodeIsA200WithTheResultAsJson() throws Exception {
        me().answer = event -> new LambdaFunction.Invocation(true, "{\"hello\":\"world\"}");

        HttpResponse<byte[]> response = get("/me", BEARER);

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"hello\":\"world\"}", text(response));
    }

    @Test
    void aRouteAddedToTheTemplateIsServedWithNoOtherChange(@TempDir Path dir) throws Exception {
        String route = """
                  ItemsFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Environment:
                        Variables:
                          QUARKUS_FUNQY_EXPORT: items
                      Events:
                        Item:
                          Type: HttpApi
                          Properties:
                            ApiId: !Ref HttpApi
                            Path: /items/{itemId}
                            Method: GET
                        Files:
                          Type: HttpApi
                          Properties:
                            ApiId: !Ref HttpApi
                            Path: /files/{path+}
                            Method: ANY
                            Auth:
                              Authorizer: NONE
                """;
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, Files.readString(Path.of("template.yaml")).replace("\nOutputs:", route + "\nOutputs:"));
        serve(SamTemplate.read(file, Map.of()));

        assertEquals(401, get("/items/42", Map.of()).statusCode(), "the new route has the default authorizer");
        assertEquals(200, get("/items/42", BEARER).statusCode());
        JsonNode item = functions.get("ItemsFunction").lastEvent();
        assertEquals("GET /items/{itemId}", item.get("routeKey").asText());
        assertEquals("42", item.at("/pathParameters/itemId").asText());
        assertEquals("u-1", item.at("/requestContext/authorizer/lambda/userId").asText());

        assertEquals(200, send("PUT", "/files/a/b/c.txt", Map.of(), null).statusCode());
        assertEquals("a/b/c.txt", functions.get("ItemsFunction").lastEvent().at("/pathParameters/path").asText());
    }
}

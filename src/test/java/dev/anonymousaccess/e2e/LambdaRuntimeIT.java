package dev.anonymousaccess.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.testing.BackendCredentials;
import dev.anonymousaccess.local.FunctionZip;
import dev.anonymousaccess.local.HttpApi;
import dev.anonymousaccess.local.LambdaFunction;
import dev.anonymousaccess.local.LambdaProcess;
import dev.anonymousaccess.local.LocalEventBus;
import dev.anonymousaccess.local.SamTemplate;
import dev.anonymousaccess.testing.CaptchaServices;
import dev.anonymousaccess.testing.DynamoDbProxy;
import dev.anonymousaccess.testing.EmbeddedMetricFormat;
import dev.anonymousaccess.testing.EmbeddedMetricFormat.DataPoint;
import dev.anonymousaccess.testing.Lambda;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.LifecycleEventSchema;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.OpenApiDocument;
import dev.anonymousaccess.testing.SampleEvents;
import dev.anonymousaccess.testing.TokenText;

/**
 * The packaged {@code target/function.zip}, run the way the managed Java runtime runs it (AWS's runtime interface
 * client, one process per function of {@code template.yaml}, configured only through the template's environment
 * variables), against moto_server, driven through the template's routes: create, authorize, me, refresh, revoke.
 */
class LambdaRuntimeIT {

    static final String ORIGIN = "https://app.example.com";

    static MotoServer moto;
    static DynamoDbProxy dynamo;
    static SamTemplate template;
    static final Map<String, LambdaProcess> functions = new LinkedHashMap<>();
    static HttpApi api;
    static final String EVENT_BUS = "anonymous-access-lifecycle-e2e";
    static LocalEventBus eventBus;

    @BeforeAll
    static void deploy() throws Exception {
        moto = new MotoServer();
        Map<String, String> store = moto.start();
        dynamo = new DynamoDbProxy(store.get(MotoServer.DIRECT_ENDPOINT));
        Path work = Path.of("target", "e2e");
        Path taskRoot = work.resolve("task");
        FunctionZip.unzip(Path.of(System.getProperty("function.zip", "target/function.zip")), taskRoot);
        Path logs = Files.createDirectories(work.resolve("logs"));
        template = SamTemplate.read(Path.of("template.yaml"), Map.of("Table", store.get("anonymous-access.table-name"),
                "LifecycleEventBus", EVENT_BUS));
        eventBus = LocalEventBus.createUnwatched(store.get(MotoServer.DIRECT_ENDPOINT), EVENT_BUS,
                Files.createDirectories(work).resolve("lifecycle-events.jsonl"));

        ricDir = Path.of(System.getProperty("lambda.ric.dir", "target/lambda-ric"));
        jni = LambdaProcess.unpackJniLibrary(ricDir, work);
        for (String function : template.functionEnvironments().keySet()) {
            functions.put(function, start(function, function, Map.of()));
        }
        // The authorizer cache off: every request must reach the authorizer, whose decisions these tests check.
        api = new HttpApi(template.withAuthorizerCache(0), functions, Clock.systemUTC());
    }

    static Path ricDir;
    static Path jni;

    /** A process of the template's {@code function}, configured by its environment plus {@code overrides}. */
    static LambdaProcess start(String function, String name, Map<String, String> overrides) throws IOException {
        Map<String, String> environment = LambdaProcess.environment(template.functionEnvironments().get(function),
                dynamo.endpoint());
        environment.putAll(overrides);
        Path work = Path.of("target", "e2e");
        return new LambdaProcess(name, work.resolve("task"), ricDir, jni, environment, work.resolve("logs"));
    }

    @AfterEach
    void disarmFaults() {
        dynamo.reset();
    }

    @AfterAll
    static void undeploy() throws IOException {
        for (LambdaProcess process : functions.values()) {
            process.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
        if (eventBus != null) {
            eventBus.close();
        }
        if (moto != null) {
            moto.stop();
        }
    }

    static String function(String export) {
        return template.functionExporting(export).orElseThrow();
    }

    static JsonNode admin(String request) {
        LambdaFunction.Invocation invocation = functions.get(function("admin")).invoke(request);
        assertTrue(invocation.ok(), invocation.payload());
        return Lambda.read(invocation.payload());
    }

    /** A request through the template's HTTP API, as API Gateway takes it. */
    static HttpResult request(String method, String path, Map<String, String> headers, String body) {
        return through(api, method, path, headers, body);
    }

    static HttpResult post(String path, String body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("content-type", "application/json");
        return request("POST", path, all, body);
    }

    static HttpResult me(String accessToken) {
        return request("GET", "/me", Map.of("Authorization", "Bearer " + accessToken), null);
    }

    static JsonNode token(HttpResult result) {
        assertEquals(200, result.status(), result.rawBody());
        return result.body().get("token");
    }

    @Test
    void theTemplateDeploysEveryFunctionOnce() {
        Set<String> exports = Set.copyOf(template.functionEnvironments().values().stream()
                .map(env -> env.get("QUARKUS_FUNQY_EXPORT")).toList());
        assertEquals(Set.of("create", "refresh", "claim", "introspect", "revoke", "authorize", "me", "discovery",
                "admin", "lifecycle"), exports);
        assertEquals(10, template.functionEnvironments().size(), "the example JWT API is off by default");
        assertEquals(function("authorize"), template.authorizerFunction());
    }

    @Test
    void theArtifactHoldsNothingOfTheLocalApiOrTheTests() throws IOException {
        Path zip = Path.of(System.getProperty("function.zip", "target/function.zip"));
        List<String> entries = new ArrayList<>();
        List<byte[]> executables = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream zipped = new ZipInputStream(in)) {
            for (ZipEntry entry = zipped.getNextEntry(); entry != null; entry = zipped.getNextEntry()) {
                if (!entry.isDirectory()) {
                    entries.add(entry.getName());
                }
                if (entry.getName().endsWith(".jar") && !entry.getName().startsWith("lib/")) {
                    // The application's own jar: what classes it holds
                    ZipInputStream jar = new ZipInputStream(new ByteArrayInputStream(zipped.readAllBytes()));
                    for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                        entries.add(entry.getName() + "!" + inner.getName());
                    }
                } else if (entry.getName().equals("bootstrap")) {
                    executables.add(zipped.readAllBytes());
                }
            }
        }
        assertTrue(entries.stream().anyMatch(e -> e.contains("dev/anonymousaccess/function/") || e.equals("bootstrap")),
                "the check must see the application's classes or its native executable: " + entries.size());
        for (String forbidden : List.of("dev/anonymousaccess/local/", "dev/anonymousaccess/testing", "selenium",
                "rest-assured", "archunit", "junit", "quarkus-amazon-lambda-event-server", "jackson-dataformat-yaml")) {
            assertTrue(entries.stream().noneMatch(e -> e.contains(forbidden)), forbidden + " in " + zip);
        }
        for (byte[] executable : executables) {
            String text = new String(executable, StandardCharsets.ISO_8859_1);
            // Class names, not any mention: the image keeps configuration text.
            for (String forbidden : List.of("dev.anonymousaccess.local.LocalDeployment",
                    "dev.anonymousaccess.local.HttpApi", "dev.anonymousaccess.local.MotoServerProcess",
                    "dev.anonymousaccess.testing.MotoServer", "dev.anonymousaccess.testing.DynamoDbProxy")) {
                assertFalse(text.contains(forbidden), forbidden + " in the native executable");
            }
            assertTrue(text.contains("dev.anonymousaccess.function.") || text.contains("dev/anonymousaccess/function/"),
                    "the executable's class names are searchable");
        }
    }

    /** The local API's run classpath (what run-local.sh runs) holds no test framework. */
    @Test
    void theLocalApiRunsWithoutAnyTestFramework() throws IOException {
        String classpath = Files.readString(Path.of("target", "local-runtime-classpath.txt")) + ":"
                + Files.readString(Path.of("target", "local-tool-classpath.txt"));
        assertTrue(classpath.contains("quarkus-amazon-lambda-event-server"), "the local API's own dependencies");
        assertTrue(classpath.contains("quarkus-funqy-amazon-lambda"), "the service's runtime dependencies");
        for (String forbidden : List.of("junit", "selenium", "rest-assured", "archunit", "hamcrest", "opentest4j")) {
            assertFalse(classpath.contains(forbidden), forbidden + " on the local API's run classpath");
        }
    }

    @Test
    void afterItsSunsetAClientAppGetsNoNewUsersAndItsUsersAreToldWhileTheyRefresh() {
        String origin = "http://sunset.localhost:5173";
        String deprecation = """
                "deprecation":{"deprecatedAt":"2026-01-01T00:00:00Z","sunsetAt":"2026-02-01T00:00:00Z",
                               "link":"https://example.com/guest-access"}""";
        // Each function instance relies on a client app it has read for ClientCacheTtl: these apps are new to it.
        admin("{\"action\":\"putClient\",\"clientId\":\"e2e-sunset\",\"allowedOrigins\":[\"" + origin + "\"],"
                + deprecation + "}");
        admin("{\"action\":\"putClient\",\"clientId\":\"e2e-deprecating\",\"allowedOrigins\":[\"" + origin + "\"]}");
        JsonNode existing = token(post("/auth/anonymous/create", "{\"clientId\":\"e2e-deprecating\"}", Map.of()));
        admin("{\"action\":\"putClient\",\"clientId\":\"e2e-deprecating\",\"allowedOrigins\":[\"" + origin
                + "\"]," + deprecation + "}");

        HttpResult refused = post("/auth/anonymous/create", "{\"clientId\":\"e2e-sunset\"}", Map.of("Origin", origin));
        HttpResult refreshed = post("/auth/anonymous/refresh",
                "{\"refresh_token\":\"" + existing.get("refresh_token").asText() + "\"}", Map.of("Origin", origin));

        assertEquals(400, refused.status(), refused.rawBody());
        assertEquals("unauthorized_client", refused.body().get("error").asText());
        assertEquals("Sun, 01 Feb 2026 00:00:00 GMT", refused.header("Sunset"));
        assertEquals(200, refreshed.status(), refreshed.rawBody());
        assertEquals("@1767225600", refreshed.header("Deprecation"));
        assertEquals("<https://example.com/guest-access>; rel=\"deprecation\"", refreshed.header("Link"));
        assertTrue(refreshed.header("Access-Control-Expose-Headers").contains("Sunset"));
    }

    @Test
    void aClientAppsBackendSecretIsShownOnceAndNeverAgain() {
        admin("{\"action\":\"putClient\",\"clientId\":\"e2e-backend\"}");

        JsonNode issued = admin("{\"action\":\"rotateClientSecret\",\"clientId\":\"e2e-backend\"}");
        JsonNode shown = admin("{\"action\":\"getClient\",\"clientId\":\"e2e-backend\"}");

        String secret = issued.get("clientSecret").asText();
        assertTrue(secret.startsWith("aas_") && secret.length() >= 47, secret.length() + " characters");
        assertEquals(issued.get("issuedAt").asText(), shown.at("/backendSecret/issuedAt").asText());
        assertFalse(shown.toString().contains(secret));
    }

    @Test
    void anAppsBackendClaimsAUserAndASecondDeviceMergesIntoIt() {
        admin("{\"action\":\"putClient\",\"clientId\":\"e2e-claims\"}");
        String secret = admin("{\"action\":\"rotateClientSecret\",\"clientId\":\"e2e-claims\"}")
                .get("clientSecret").asText();
        Map<String, String> backend = Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("e2e-claims:" + secret).getBytes(StandardCharsets.UTF_8)));
        JsonNode phone = token(post("/auth/anonymous/create", "{\"clientId\":\"e2e-claims\"}", Map.of()));
        JsonNode laptop = token(post("/auth/anonymous/create", "{\"clientId\":\"e2e-claims\"}", Map.of()));
        String phoneUser = me(phone.get("access_token").asText()).body().get("userId").asText();
        String laptopUser = me(laptop.get("access_token").asText()).body().get("userId").asText();

        HttpResult claimed = post("/auth/anonymous/claim", "{\"access_token\":\"" + phone.get("access_token").asText()
                + "\",\"subject\":\"e2e|person\"}", backend);
        HttpResult merged = post("/auth/anonymous/claim", "{\"access_token\":\"" + laptop.get("access_token").asText()
                + "\",\"subject\":\"e2e|person\"}", backend);

        assertEquals(200, claimed.status(), claimed.rawBody());
        assertEquals(phoneUser, claimed.body().get("userId").asText());
        assertEquals(200, merged.status(), merged.rawBody());
        assertEquals(phoneUser, merged.body().get("userId").asText());
        assertEquals(laptopUser, merged.body().get("mergedUserId").asText());
        HttpResult laptopNow = me(merged.body().at("/token/access_token").asText());
        assertEquals(phoneUser, laptopNow.body().get("userId").asText(), laptopNow.rawBody());
        assertEquals("e2e|person", laptopNow.body().get("subject").asText());
        assertEquals(403, me(laptop.get("access_token").asText()).status(), "the merged user's tokens stop at once");
        JsonNode facts = admin("{\"action\":\"findUser\",\"clientId\":\"e2e-claims\",\"subject\":\"e2e|person\"}");
        assertEquals(phoneUser, facts.get("userId").asText());
        assertFalse(facts.has("expiresAt"), "a claimed user is permanent");
        HttpResult fromBrowser = post("/auth/anonymous/claim", "{}", Map.of("Origin", ORIGIN,
                "Authorization", backend.get("Authorization")));
        assertEquals(403, fromBrowser.status());
        assertNull(fromBrowser.header("Access-Control-Allow-Origin"));
        HttpResult noSecret = post("/auth/anonymous/claim", "{}", Map.of());
        assertEquals(401, noSecret.status());
        assertTrue(noSecret.header("WWW-Authenticate").startsWith("Basic"));
    }

    static Map<String, String> backendOf(String clientId, String secret) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void subjectsThatDifferOnlyBeyondAsciiAreTwoPeopleAndALoneSurrogateIsRefused() {
        admin("{\"action\":\"putClient\",\"clientId\":\"e2e-unicode\"}");
        Map<String, String> backend = backendOf("e2e-unicode",
                admin("{\"action\":\"rotateClientSecret\",\"clientId\":\"e2e-unicode\"}").get("clientSecret").asText());
        List<String> userIds = new ArrayList<>();
        for (String subject : List.of("m\u00fcller@example.com", "m\u00f6ller@example.com", "\u674e\u56db", "\u5f20\u4e09")) {
            String access = token(post("/auth/anonymous/create", "{\"clientId\":\"e2e-unicode\"}", Map.of()))
                    .get("access_token").asText();
            HttpResult claimed = post("/auth/anonymous/claim", Lambda.write(Map.of("access_token", access,
                    "subject", subject)), backend);
            assertEquals(200, claimed.status(), claimed.rawBody());
            assertFalse(claimed.body().has("mergedUserId"), claimed.rawBody());
            userIds.add(claimed.body().get("userId").asText());
            JsonNode found = admin(Lambda.write(Map.of("action", "findUser", "clientId", "e2e-unicode",
                    "subject", subject)));
            assertEquals(claimed.body().get("userId").asText(), found.get("userId").asText());
        }
        assertEquals(4, Set.copyOf(userIds).size());

        String access = token(post("/auth/anonymous/create", "{\"clientId\":\"e2e-unicode\"}", Map.of()))
                .get("access_token").asText();
        HttpResult lone = post("/auth/anonymous/claim", "{\"access_token\":\"" + access
                + "\",\"subject\":\"lone \\ud800\"}", backend);
        assertEquals(400, lone.status(), lone.rawBody());
        assertEquals("invalid_request", lone.body().get("error").asText());
    }

    @Test
    void malformedClientCredentialsAreRefusedBeforeAnyDynamoDbCall() {
        int before = dynamo.calls().values().stream().mapToInt(Integer::intValue).sum();

        for (Map<String, String> credentials : List.of(backendOf("x".repeat(5000), "aas_" + "s".repeat(43)),
                backendOf("e2e-app", "not-a-secret"), Map.of("Authorization", "Basic " + "QUFB".repeat(2000)))) {
            HttpResult refused = post("/auth/anonymous/claim", "{\"access_token\":\"A\",\"subject\":\"s\"}",
                    credentials);
            assertEquals(401, refused.status(), refused.rawBody());
            assertEquals("invalid_client", refused.body().get("error").asText());
        }

        assertEquals(before, dynamo.calls().values().stream().mapToInt(Integer::intValue).sum());
        String claimLog = FunctionLog.whole(functions.get(function("claim"))).text();
        assertFalse(claimLog.contains("\"level\":\"ERROR\""), "no ERROR line for a malformed request");
    }

    /**
     * Every function of the template, started at the most verbose log level the template offers and with the
     * credentials Lambda gives a function (an access key, its secret and a session token), runs a whole product flow;
     * no credential, signature, token or secret appears in any line it logged.
     */
    @Test
    void atTheMostVerboseLevelTheTemplateOffersNoCredentialReachesALog() throws IOException {
        JsonNode levels = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(Path.of("template.yaml")
                .toFile()).at("/Parameters/LogLevel/AllowedValues");
        List<String> verbosity = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
        String mostVerbose = verbosity.stream().filter(level -> levels.toString().contains("\"" + level + "\""))
                .findFirst().orElseThrow();
        SamTemplate verbose = SamTemplate.read(Path.of("template.yaml"), Map.of("Table",
                template.functionEnvironments().values().iterator().next().get("TABLE_NAME")),
                Map.of("LogLevel", mostVerbose));
        String secretKey = "e2eSecretAccessKey/" + Long.toHexString(System.nanoTime()) + "K7MDENGbPxRfiCY";
        String sessionToken = "IQoJb3JpZ2luX2VjEe2eSessionToken" + Long.toHexString(System.nanoTime()) + "Zm9vYmFy";
        String accessKeyId = "ASIAE2EVERBOSE" + Long.toHexString(System.nanoTime()).toUpperCase();
        Map<String, LambdaProcess> debug = new LinkedHashMap<>();
        try {
            for (var function : verbose.functionEnvironments().entrySet()) {
                Map<String, String> environment = LambdaProcess.environment(function.getValue(), dynamo.endpoint());
                environment.put("AWS_ACCESS_KEY_ID", accessKeyId);
                environment.put("AWS_SECRET_ACCESS_KEY", secretKey);
                environment.put("AWS_SESSION_TOKEN", sessionToken);
                assertEquals(mostVerbose, environment.get("QUARKUS_LOG_LEVEL"));
                debug.put(function.getKey(), new LambdaProcess(function.getKey() + "-verbose",
                        Path.of("target", "e2e", "task"), ricDir, jni, environment, Path.of("target", "e2e", "logs")));
            }
            HttpApi verboseApi = new HttpApi(verbose.withAuthorizerCache(0), debug, Clock.systemUTC());
            List<String> secrets = verboseFlow(verboseApi, debug.get(verbose.functionExporting("admin").orElseThrow()));

            for (LambdaProcess process : debug.values()) {
                String log = FunctionLog.whole(process).text();
                assertTrue(log.contains("DEBUG"), "the function logged at " + mostVerbose + ": " + process.log());
                for (String forbidden : List.of(secretKey, sessionToken, accessKeyId, "X-Amz-Security-Token",
                        "x-amz-security-token", "Signature=", "AWS4-HMAC-SHA256")) {
                    assertFalse(log.contains(forbidden), forbidden + " in " + process.log());
                }
                for (String secret : secrets) {
                    assertFalse(log.contains(secret.substring(Math.min(secret.length() - 20, 33))),
                            "a token or secret in " + process.log());
                }
            }
        } finally {
            for (LambdaProcess process : debug.values()) {
                process.close();
            }
        }
    }

    static final Map<String, String> JSON = Map.of("content-type", "application/json");

    /** Create, authorize, refresh, claim, merge and revoke through {@code api}; the tokens and secrets it saw. */
    static List<String> verboseFlow(HttpApi api, LambdaProcess admin) {
        LambdaFunction.Invocation put = admin.invoke("{\"action\":\"putClient\",\"clientId\":\"e2e-verbose\"}");
        assertTrue(put.ok(), put.payload());
        LambdaFunction.Invocation rotated = admin.invoke(
                "{\"action\":\"rotateClientSecret\",\"clientId\":\"e2e-verbose\"}");
        assertTrue(rotated.ok(), rotated.payload());
        String secret = Lambda.read(rotated.payload()).get("clientSecret").asText();
        List<String> seen = new ArrayList<>(List.of(secret));
        JsonNode first = token(through(api, "POST", "/auth/anonymous/create", JSON,
                "{\"clientId\":\"e2e-verbose\"}"));
        JsonNode second = token(through(api, "POST", "/auth/anonymous/create", JSON,
                "{\"clientId\":\"e2e-verbose\"}"));
        assertEquals(200, through(api, "GET", "/me", Map.of("Authorization", "Bearer "
                + first.get("access_token").asText()), null).status());
        JsonNode refreshed = token(through(api, "POST", "/auth/anonymous/refresh", JSON,
                "{\"refresh_token\":\"" + first.get("refresh_token").asText() + "\"}"));
        Map<String, String> backend = new LinkedHashMap<>(backendOf("e2e-verbose", secret));
        backend.putAll(JSON);
        HttpResult claimed = through(api, "POST", "/auth/anonymous/claim", backend, "{\"access_token\":\""
                + refreshed.get("access_token").asText() + "\",\"subject\":\"verbose|person\"}");
        assertEquals(200, claimed.status(), claimed.rawBody());
        HttpResult merged = through(api, "POST", "/auth/anonymous/claim", backend, "{\"access_token\":\""
                + second.get("access_token").asText() + "\",\"subject\":\"verbose|person\"}");
        assertEquals(200, merged.status(), merged.rawBody());
        assertEquals(200, through(api, "POST", "/auth/anonymous/revoke", JSON, "{\"token\":\""
                + refreshed.get("refresh_token").asText() + "\"}").status());
        for (JsonNode pair : List.of(first, second, refreshed, merged.body().get("token"))) {
            seen.add(pair.get("access_token").asText());
            seen.add(pair.get("refresh_token").asText());
        }
        return seen;
    }

    static HttpResult through(HttpApi api, String method, String path, Map<String, String> headers, String body) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        headers.forEach((name, value) -> all.put(name, List.of(value)));
        HttpApi.Answer answer = api.handle(new HttpApi.Request(method, path, null, all,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"));
        HttpResult result = HttpResult.of(answer.status(), answer.headers(), answer.text());
        OpenApiDocument.checkAnswer(method, path, result.status(), result.headers(), result.rawBody());
        return result;
    }

    @Test
    void anAppsOwnTokenPolicyAppliesToItsUsersOnly() {
        JsonNode shortLived = admin("""
                {"action":"putClient","clientId":"e2e-policy","inactivityPeriod":"P90D","accessTokenLifetime":"PT15M",
                 "refreshRetryWindow":"PT30S"}""");
        JsonNode deployed = admin("{\"action\":\"putClient\",\"clientId\":\"e2e-deployed\"}");

        assertEquals("PT15M", shortLived.get("accessTokenLifetime").asText());
        assertEquals("P90D", shortLived.get("inactivityPeriod").asText());
        assertEquals("PT24H", deployed.get("accessTokenLifetime").asText(), "the template's AccessTokenLifetime");
        JsonNode own = token(post("/auth/anonymous/create", "{\"clientId\":\"e2e-policy\"}", Map.of()));
        assertEquals(900, own.get("expires_in").asInt());
        assertEquals(900, token(post("/auth/anonymous/refresh", "{\"refresh_token\":\""
                + own.get("refresh_token").asText() + "\"}", Map.of())).get("expires_in").asInt());
        assertEquals(86_400, token(post("/auth/anonymous/create", "{\"clientId\":\"e2e-deployed\"}", Map.of()))
                .get("expires_in").asInt());
        LambdaFunction.Invocation refused = functions.get(function("admin")).invoke(
                "{\"action\":\"putClient\",\"clientId\":\"e2e-policy\",\"inactivityPeriod\":\"P400D\"}");
        assertFalse(refused.ok());
        assertTrue(refused.payload().contains("inactivityPeriod must be P1D to P365D"), refused.payload());
        assertEquals(shortLived.get("inactivityPeriod"),
                admin("{\"action\":\"getClient\",\"clientId\":\"e2e-policy\"}").get("inactivityPeriod"));
    }

    @Test
    void productLifecycleThroughThePackagedFunctions() {
        JsonNode client = admin("{\"action\":\"putClient\",\"clientId\":\"e2e-app\",\"allowedOrigins\":[\"" + ORIGIN + "\"]}");
        assertTrue(client.get("enabled").asBoolean());

        HttpResult preflight = request("OPTIONS", "/auth/anonymous/create", Map.of("Origin", ORIGIN,
                "Access-Control-Request-Method", "POST"), null);
        assertEquals(204, preflight.status(), preflight.rawBody());

        HttpResult created = post("/auth/anonymous/create", "{\"clientId\":\"e2e-app\"}", Map.of("Origin", ORIGIN));
        JsonNode first = token(created);
        assertEquals(ORIGIN, created.header("Access-Control-Allow-Origin"));
        // AccessTokenLifetime reaches the function only as the template's environment variable.
        assertEquals(86400, first.get("expires_in").asLong());
        String access = first.get("access_token").asText();

        HttpResult who = me(access);
        assertEquals(200, who.status(), who.rawBody());
        String userId = who.body().get("userId").asText();
        assertEquals("e2e-app", who.body().get("clientId").asText());
        JsonNode facts = admin("{\"action\":\"getUser\",\"userId\":\"" + userId + "\"}");
        assertEquals(userId, facts.get("userId").asText());
        // The template's defaults, reaching the function only as environment variables: InactivityPeriod 30d +
        // LifetimeRefreshInterval 1h + AuthorizerCacheTtl 300 (seconds, through !Sub).
        assertEquals(Duration.ofDays(30).plusHours(1).plusSeconds(300), Duration.between(
                Instant.parse(facts.get("createdAt").asText()), Instant.parse(facts.get("expiresAt").asText())));

        assertEquals(401, request("GET", "/me", Map.of(), null).status());
        assertEquals(403, me("not-a-token").status());

        JsonNode second = token(post("/auth/anonymous/refresh",
                "{\"refresh_token\":\"" + first.get("refresh_token").asText() + "\"}", Map.of()));
        assertEquals(200, me(second.get("access_token").asText()).status());
        assertEquals(userId, me(second.get("access_token").asText()).body().get("userId").asText());
        assertEquals(403, me(access).status(), "the rotated-away access token must be refused");

        HttpResult revoked = post("/auth/anonymous/revoke",
                "{\"token\":\"" + second.get("access_token").asText() + "\"}", Map.of());
        assertEquals(200, revoked.status(), revoked.rawBody());
        assertEquals(403, me(second.get("access_token").asText()).status());
        HttpResult refused = post("/auth/anonymous/refresh",
                "{\"refresh_token\":\"" + second.get("refresh_token").asText() + "\"}", Map.of());
        assertEquals(400, refused.status());
        assertEquals("invalid_grant", refused.body().get("error").asText());
        assertTrue(admin("{\"action\":\"getUser\",\"userId\":\"" + userId + "\"}").get("revoked").asBoolean());
    }

    @Test
    void steadyStateAuthorizationIsOneGetItemAndNoWrite() {
        admin("{\"action\":\"putClient\",\"clientId\":\"counted-app\"}");
        String access = token(post("/auth/anonymous/create", "{\"clientId\":\"counted-app\"}", Map.of()))
                .get("access_token").asText();
        assertEquals(200, me(access).status()); // the authorizer instance reads the client app once

        dynamo.reset();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, me(access).status());
        }

        assertEquals(Map.of("GetItem", 5), dynamo.calls());
    }

    @Test
    void badInputIsAnOAuthErrorNotAFailure() {
        HttpResult result = post("/auth/anonymous/create", "{\"clientId\": 1}", Map.of());

        assertEquals(400, result.status());
        assertEquals("invalid_request", result.body().get("error").asText());
        assertFalse(result.rawBody().contains("Exception"));
    }

    @Test
    void adminFailuresAreClearMessages() {
        LambdaFunction.Invocation invocation = functions.get(function("admin")).invoke("{\"action\":\"dropTable\"}");

        assertFalse(invocation.ok());
        assertTrue(Lambda.read(invocation.payload()).path("errorMessage").asText().startsWith("unknown action"),
                invocation.payload());
    }

    @Test
    void sampleEventsRunThroughThePackagedFunctions() {
        assertEquals("demo-app", admin(SampleEvents.read("admin-put-client.json")).get("clientId").asText());
        assertEquals("demo-app", admin(SampleEvents.read("admin-get-client.json")).get("clientId").asText());

        HttpResult created = sample("create", SampleEvents.read("create.json"));
        assertEquals(200, created.status(), created.rawBody());
        assertEquals(200, sample("create", SampleEvents.read("create-browser.json")).status());
        assertEquals(204, sample("create", SampleEvents.read("create-preflight.json")).status());

        JsonNode token = created.body().get("token");
        String access = token.get("access_token").asText();
        String refresh = token.get("refresh_token").asText();
        String userId = TokenText.userIdOf(access);
        for (String authorizerSample : List.of("authorize-rest-token.json", "authorize-rest-request.json")) {
            LambdaFunction.Invocation allowed = functions.get(function("authorize"))
                    .invoke(SampleEvents.read(authorizerSample, access, refresh, userId));
            assertTrue(allowed.ok(), allowed.payload());
            assertEquals(userId, Lambda.read(allowed.payload()).get("principalId").asText());
        }
        LambdaFunction.Invocation simple = functions.get(function("authorize"))
                .invoke(SampleEvents.read("authorize-http-api.json", access, refresh, userId));
        assertTrue(Lambda.read(simple.payload()).get("isAuthorized").asBoolean(), simple.payload());
        assertEquals(SampleEvents.SAMPLE_USER_ID,
                sample("me", SampleEvents.read("me.json")).body().get("userId").asText());
        assertEquals(userId, admin(SampleEvents.read("admin-get-user.json", access, refresh, userId))
                .get("userId").asText());

        HttpResult unknownSecret = sample("claim", SampleEvents.read("claim.json", access, refresh, userId));
        assertEquals(401, unknownSecret.status(), "demo-app has no backend secret yet");
        String secret = admin("{\"action\":\"rotateClientSecret\",\"clientId\":\"demo-app\"}").get("clientSecret")
                .asText();
        String credentials = BackendCredentials.basic("demo-app", secret);
        HttpResult introspected = sample("introspect", SampleEvents.read("introspect.json", access, refresh, userId)
                .replace(SampleEvents.SAMPLE_BACKEND_CREDENTIALS, credentials));
        assertEquals(200, introspected.status(), introspected.rawBody());
        assertTrue(introspected.body().get("active").asBoolean(), introspected.rawBody());
        assertEquals(userId, introspected.body().get("sub").asText());
        HttpResult claimed = sample("claim", SampleEvents.read("claim.json", access, refresh, userId).replace(
                SampleEvents.SAMPLE_BACKEND_CREDENTIALS, credentials));
        assertEquals(200, claimed.status(), claimed.rawBody());
        assertEquals(userId, claimed.body().get("userId").asText());

        HttpResult refreshed = sample("refresh", SampleEvents.read("refresh.json", access, refresh, userId));
        assertEquals(200, refreshed.status(), refreshed.rawBody());
        String next = refreshed.body().get("token").get("refresh_token").asText();
        assertEquals(200, sample("refresh", SampleEvents.read("refresh-form.json", access, next, userId)).status());
        assertEquals(200, sample("revoke", SampleEvents.read("revoke.json", access, refresh, userId)).status());
        assertTrue(admin(SampleEvents.read("admin-revoke-user.json", access, refresh, userId)).get("revoked")
                .asBoolean());
        assertTrue(admin(SampleEvents.read("admin-delete-user.json", access, refresh, userId)).get("deleted")
                .asBoolean());
        assertFalse(admin(SampleEvents.read("admin-disable-client.json")).get("enabled").asBoolean());

        LambdaFunction.Invocation lifecycle = functions.get(function("lifecycle"))
                .invoke(SampleEvents.read("lifecycle.json"));
        assertTrue(lifecycle.ok(), lifecycle.payload());
        assertEquals(0, Lambda.read(lifecycle.payload()).path("batchItemFailures").size(), lifecycle.payload());
        assertEquals(List.of("UserClaimed", "UserExpired"), eventTypesOf(SampleEvents.SAMPLE_USER_ID,
                "5d2e7a91-3c4b-4f60-9e8d-1a2b3c4d5e6f"));
    }

    /** The detail-types of the lifecycle events of {@code userIds} received so far (waiting up to two seconds). */
    static List<String> eventTypesOf(String... userIds) {
        List<String> users = List.of(userIds);
        long until = System.currentTimeMillis() + 2000;
        List<JsonNode> events;
        do {
            events = eventBus.events().stream().filter(e -> users.contains(e.at("/detail/userId").asText())).toList();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } while (events.size() < users.size() && System.currentTimeMillis() < until);
        return LifecycleEventSchema.checked(events).stream().map(e -> e.path("detail-type").asText()).toList();
    }

    @Test
    void restAuthorizerRefusalIsExactlyUnauthorizedAndLogsOneLine() throws IOException {
        for (String event : List.of(SampleEvents.read("authorize-rest-token.json"),
                SampleEvents.read("authorize-rest-request.json"))) {
            LambdaFunction.Invocation refused = functions.get(function("authorize")).invoke(event);

            assertFalse(refused.ok());
            assertEquals("Unauthorized", Lambda.read(refused.payload()).path("errorMessage").asText(),
                    refused.payload());
        }
        String log = Files.readString(functions.get(function("authorize")).log());
        assertTrue(log.contains("refused: unknown session"), log);
        assertFalse(log.contains("Failed to run lambda"), "a refusal must not log the runtime's stack trace: " + log);
        assertFalse(log.contains("\tat "), "no stack trace: " + log);
    }

    @Test
    void authorizerThatCannotReadTheStoreFailsClosed() {
        dynamo.inject("GetItem", DynamoDbProxy.Fault.FAIL_BEFORE, 100);
        FunctionLog log = FunctionLog.from(functions.get(function("authorize")));

        LambdaFunction.Invocation failed = functions.get(function("authorize"))
                .invoke(SampleEvents.read("authorize-rest-token.json"));

        assertFalse(failed.ok());
        assertEquals("authorizer temporarily unavailable", Lambda.read(failed.payload()).path("errorMessage").asText());
        JsonNode metrics = log.summaries().get(0);
        assertTrue(EmbeddedMetricFormat.validate(metrics).contains(new DataPoint("AnonymousAccess", "StoreFailures",
                Map.of("Function", "authorize"), 1)), metrics.toString());
        assertEquals("error", metrics.get("outcome").asText());
    }

    @Test
    void aCallWhileTheAuthorizerCannotReadTheStoreGetsApiGateways500() {
        admin("{\"action\":\"putClient\",\"clientId\":\"e2e-outage\"}");
        String access = token(post("/auth/anonymous/create", "{\"clientId\":\"e2e-outage\"}", Map.of()))
                .get("access_token").asText();
        dynamo.inject("GetItem", DynamoDbProxy.Fault.FAIL_BEFORE, 100);

        HttpResult answer = me(access);

        assertEquals(500, answer.status(), answer.rawBody());
        assertEquals("Internal Server Error", answer.body().get("message").asText());
    }

    @Test
    void everyLineEveryFunctionHasLoggedIsOneJsonObject() {
        // Failures first: the runtime logs those itself, and in the template's log format (JSON) too.
        assertFalse(functions.get(function("admin")).invoke("{\"action\":\"dropTable\"}").ok());
        FunctionLog refusal = FunctionLog.from(functions.get(function("authorize")));
        assertFalse(functions.get(function("authorize")).invoke(SampleEvents.read("authorize-rest-token.json")).ok());
        JsonNode refused = refusal.summaries().get(0);
        assertEquals("deny", refused.get("outcome").asText(), refused.toString());
        assertEquals("unknown_user", refused.get("Reason").asText(), refused.toString());
        admin("{\"action\":\"putClient\",\"clientId\":\"json-app\"}");
        dynamo.inject("PutItem", DynamoDbProxy.Fault.THROTTLE, 100);
        assertEquals(503, post("/auth/anonymous/create", "{\"clientId\":\"json-app\"}", Map.of()).status());
        dynamo.reset();

        for (LambdaProcess process : functions.values()) {
            List<JsonNode> lines = FunctionLog.whole(process).lines();
            assertFalse(lines.isEmpty(), process.log().toString());
        }
    }

    @Test
    void aFlowLeavesOneSummaryAndOneMetricsDocumentPerInvocationThatAddUpToIt() {
        admin("{\"action\":\"putClient\",\"clientId\":\"ops-app\"}");
        Map<String, FunctionLog> logs = new LinkedHashMap<>();
        for (String export : List.of("create", "authorize", "me")) {
            logs.put(export, FunctionLog.from(functions.get(function(export))));
        }
        List<HttpResult> created = List.of(
                post("/auth/anonymous/create", "{\"clientId\":\"ops-app\"}", Map.of()),
                post("/auth/anonymous/create", "{\"clientId\":\"ops-app\"}", Map.of()),
                post("/auth/anonymous/create", "{\"clientId\":\"ops-app\"}", Map.of()));
        String access = token(created.get(0)).get("access_token").asText();
        HttpResult allowed = me(access);
        HttpResult refused = me("not-a-token");
        assertEquals(200, allowed.status());
        assertEquals(403, refused.status());

        List<JsonNode> createSummaries = logs.get("create").summaries();
        assertEquals(3, createSummaries.size(), logs.get("create").text());
        for (int i = 0; i < 3; i++) {
            JsonNode summary = createSummaries.get(i);
            assertEquals(created.get(i).header("apigw-requestid"), summary.path("apiRequestId").asText(),
                    summary.toString());
            assertFalse(summary.path("requestId").asText().isBlank(), summary.toString());
            assertEquals("create", summary.path("Function").asText(), summary.toString());
            assertEquals("200", summary.path("outcome").asText(), summary.toString());
            assertEquals(200, summary.path("status").asInt(), summary.toString());
            assertEquals("POST /auth/anonymous/create", summary.path("route").asText());
            assertEquals("ops-app", summary.path("ClientId").asText());
            String userId = TokenText.userIdOf(token(created.get(i)).get("access_token").asText());
            assertEquals(userId, summary.path("userId").asText());
            assertTrue(summary.path("dynamodbCalls").asInt() >= 1, summary.toString());
            assertTrue(summary.path("message").asText().startsWith("invocation create POST /auth/anonymous/create: 200"),
                    summary.toString());
        }
        assertEquals(3.0, sum(createSummaries, "UsersCreated", Map.of("Function", "create", "ClientId", "ops-app")));

        List<JsonNode> decisions = logs.get("authorize").summaries();
        assertEquals(List.of("allow", "deny"), decisions.stream().map(s -> s.path("outcome").asText()).toList());
        assertEquals(allowed.header("apigw-requestid"), decisions.get(0).path("apiRequestId").asText());
        assertEquals("GET /me", decisions.get(0).path("route").asText());
        assertEquals("malformed_token", decisions.get(1).path("Reason").asText());
        // The invocation's other lines (here, the refusal's reason) carry the same request ids.
        JsonNode reasonLine = logs.get("authorize").lines().stream()
                .filter(line -> line.path("message").asText().startsWith("refused:")).findFirst().orElseThrow();
        assertEquals(decisions.get(1).path("requestId").asText(), reasonLine.at("/mdc/AWSRequestId").asText(),
                reasonLine.toString());
        assertEquals(refused.header("apigw-requestid"), reasonLine.at("/mdc/apiRequestId").asText());
        assertEquals("authorize", reasonLine.at("/mdc/function").asText());
        assertEquals(function("authorize"), reasonLine.path("functionName").asText());
        assertEquals("INFO", reasonLine.path("level").asText());
        assertFalse(reasonLine.path("time").asText().isBlank(), reasonLine.toString());
        assertEquals(1.0, sum(decisions, "Authorizations",
                Map.of("Function", "authorize", "ClientId", "ops-app")));
        assertEquals(1.0, sum(decisions, "AuthorizationsRefused",
                Map.of("Function", "authorize", "Reason", "malformed_token")));
        assertEquals(1, logs.get("me").summaries().size(), "the refused request never reaches me");
    }

    @Test
    void noTokenSecretAppearsInAnyJsonLogLine() {
        admin("{\"action\":\"putClient\",\"clientId\":\"secret-app\"}");
        JsonNode first = token(post("/auth/anonymous/create", "{\"clientId\":\"secret-app\"}", Map.of()));
        me(first.get("access_token").asText());
        JsonNode second = token(post("/auth/anonymous/refresh",
                "{\"refresh_token\":\"" + first.get("refresh_token").asText() + "\"}", Map.of()));
        me(first.get("access_token").asText()); // refused: rotated away
        post("/auth/anonymous/refresh", "{\"refresh_token\":\"" + first.get("refresh_token").asText() + "\"}",
                Map.of()); // the previous token again, within the window
        post("/auth/anonymous/revoke", "{\"token\":\"" + second.get("access_token").asText() + "\"}", Map.of());
        post("/auth/anonymous/refresh", "{\"refresh_token\":\"" + second.get("refresh_token").asText(), Map.of());

        for (LambdaProcess process : functions.values()) {
            String log = FunctionLog.whole(process).text();
            for (JsonNode token : List.of(first, second)) {
                for (String field : List.of("access_token", "refresh_token")) {
                    String secret = token.get(field).asText().substring(33);
                    assertFalse(log.contains(secret), "a token secret was logged in " + process.log());
                }
            }
        }
    }

    static double sum(List<JsonNode> summaries, String metric, Map<String, String> dimensions) {
        return summaries.stream().flatMap(document -> EmbeddedMetricFormat.validate(document).stream())
                .filter(point -> point.metric().equals(metric) && point.dimensions().equals(dimensions))
                .mapToDouble(DataPoint::value).sum();
    }

    @Test
    void aThrottledStoreIs503WithRetryAfter() {
        admin("{\"action\":\"putClient\",\"clientId\":\"throttled-app\"}");
        dynamo.inject("PutItem", DynamoDbProxy.Fault.THROTTLE, 100);

        HttpResult result = post("/auth/anonymous/create", "{\"clientId\":\"throttled-app\"}", Map.of());

        assertEquals(503, result.status(), result.rawBody());
        assertEquals("temporarily_unavailable", result.body().get("error").asText());
        assertEquals("1", result.header("Retry-After"));
    }

    @Test
    void writesThatLandedBeforeTheyFailedAnswerAsIfTheyHadSucceeded() {
        admin("{\"action\":\"putClient\",\"clientId\":\"retried-app\"}");
        dynamo.inject("PutItem", DynamoDbProxy.Fault.FAIL_AFTER, 1);
        JsonNode first = token(post("/auth/anonymous/create", "{\"clientId\":\"retried-app\"}", Map.of()));
        assertEquals(200, me(first.get("access_token").asText()).status());

        dynamo.inject("UpdateItem", DynamoDbProxy.Fault.FAIL_AFTER, 1);
        JsonNode second = token(post("/auth/anonymous/refresh",
                "{\"refresh_token\":\"" + first.get("refresh_token").asText() + "\"}", Map.of()));
        assertEquals(200, me(second.get("access_token").asText()).status());

        JsonNode again = token(post("/auth/anonymous/refresh",
                "{\"refresh_token\":\"" + first.get("refresh_token").asText() + "\"}", Map.of()));
        assertEquals(second.get("access_token").asText(), again.get("access_token").asText());
    }

    @Test
    void theSignupLimitAnswers429WithRetryAfter() {
        JsonNode client = admin("{\"action\":\"putClient\",\"clientId\":\"one-app\",\"signupsPerIp\":1}");
        assertEquals(1, client.get("signupsPerIp").asInt());
        token(post("/auth/anonymous/create", "{\"clientId\":\"one-app\"}", Map.of()));

        HttpResult refused = post("/auth/anonymous/create", "{\"clientId\":\"one-app\"}", Map.of());

        assertEquals(429, refused.status(), refused.rawBody());
        assertEquals("signup_rate_limited", refused.body().get("error").asText());
        assertTrue(Long.parseLong(refused.header("Retry-After")) > 0);
    }

    @Test
    void theBotCheckReadsItsSecretAndAsksTheProvider() throws IOException {
        CaptchaServices captcha = new CaptchaServices();
        Map<String, String> urls = captcha.start();
        CaptchaServices.putSecureString("/anonymous-access/captcha/e2e", CaptchaServices.SECRET);
        admin("{\"action\":\"putClient\",\"clientId\":\"guarded-app\",\"captcha\":{\"provider\":\"turnstile\","
                + "\"secretParameter\":\"/anonymous-access/captcha/e2e\"}}");
        Map<String, String> environment = new LinkedHashMap<>();
        urls.forEach((key, value) -> environment.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
        try (LambdaProcess guarded = start(function("create"), "CreateWithBotCheck", environment)) {
            String good = Lambda.write(Lambda.httpEvent("POST", "/auth/anonymous/create", Map.of("content-type",
                    "application/json"), "{\"clientId\":\"guarded-app\",\"captchaToken\":\"good:x\"}", false));
            String bad = good.replace("good:x", "forged");

            assertEquals(200, HttpResult.of(guarded.invoke(good).payload()).status());
            HttpResult refused = HttpResult.of(guarded.invoke(bad).payload());
            assertEquals(403, refused.status(), refused.rawBody());
            assertEquals("captcha_failed", refused.body().get("error").asText());
        } finally {
            captcha.stop();
        }
    }

    @Test
    void everyErrorAnswerIsOAuthJson() {
        admin("{\"action\":\"putClient\",\"clientId\":\"strict-app\",\"allowedOrigins\":[\"" + ORIGIN + "\"]}");
        Map<HttpResult, String> expected = new LinkedHashMap<>();
        expected.put(post("/auth/anonymous/create", "{\"clientId\":\"nobody\"}", Map.of()), "400 invalid_client");
        expected.put(post("/auth/anonymous/create", "{\"clientId\":\"strict-app\"}",
                Map.of("Origin", "https://evil.example.net")), "403 origin_not_allowed");
        expected.put(post("/auth/anonymous/refresh", "grant_type=password", Map.of()), "400 invalid_request");
        expected.put(post("/auth/anonymous/refresh", "{\"grant_type\":\"password\",\"refresh_token\":\"x\"}",
                Map.of()), "400 unsupported_grant_type");
        expected.put(post("/auth/anonymous/refresh", "{\"refresh_token\":\"R0\"}", Map.of()), "400 invalid_grant");
        expected.put(post("/auth/anonymous/claim", "{}", Map.of()), "401 invalid_client");
        expected.forEach((result, statusAndError) -> {
            assertEquals(statusAndError, result.status() + " " + result.body().path("error").asText(),
                    result.rawBody());
            assertFalse(result.body().path("error_description").asText().isBlank());
            if (result.status() == 401) {
                assertNotNull(result.header("WWW-Authenticate"), "RFC 9110: every 401 carries a challenge, "
                        + result.rawBody());
            }
        });
    }

    @Test
    void aMethodTheRouteDoesNotHaveIsNotFoundAsApiGatewayAnswersIt() {
        HttpResult get = request("GET", "/auth/anonymous/create", Map.of(), null);

        assertEquals(404, get.status());
        assertEquals("{\"message\":\"Not Found\"}", get.rawBody());
    }

    @Test
    void base64AndFormBodiesAreRead() {
        admin("{\"action\":\"putClient\",\"clientId\":\"encoded-app\"}");
        Map<String, Object> event = Lambda.httpEvent("POST", "/auth/anonymous/create",
                Map.of("content-type", "application/json"), java.util.Base64.getEncoder()
                        .encodeToString("{\"clientId\":\"encoded-app\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                true);
        JsonNode created = token(sample("create", Lambda.write(event)));

        Map<String, Object> form = Lambda.httpEvent("POST", "/auth/anonymous/revoke",
                Map.of("content-type", "application/x-www-form-urlencoded"),
                "token=" + created.get("access_token").asText() + "&token_type_hint=access_token", false);
        assertEquals(200, sample("revoke", Lambda.write(form)).status());
        assertEquals(403, me(created.get("access_token").asText()).status());
    }

    /** Whether the package under test is the native build (a {@code bootstrap} at its root). */
    static boolean nativeBuild() {
        return Files.isRegularFile(Path.of("target", "e2e", "task", "bootstrap"));
    }

    @Test
    void twoInstancesOfOnePackageIssueDifferentTokens() throws IOException {
        // A seed fixed at build time is a native-image hazard only; the JVM seeds at run time by construction.
        Assumptions.assumeTrue(nativeBuild(), "native builds only");
        admin("{\"action\":\"putClient\",\"clientId\":\"twin-app\"}");
        String create = function("create");
        try (LambdaProcess one = start(create, "CreateTwinOne", Map.of());
                LambdaProcess two = start(create, "CreateTwinTwo", Map.of())) {
            String event = Lambda.write(Lambda.httpEvent("POST", "/auth/anonymous/create",
                    Map.of("content-type", "application/json"), "{\"clientId\":\"twin-app\"}", false));
            JsonNode first = HttpResult.of(one.invoke(event).payload()).body().get("token");
            JsonNode second = HttpResult.of(two.invoke(event).payload()).body().get("token");

            assertFalse(first.get("access_token").asText().equals(second.get("access_token").asText()),
                    "the first token of two fresh instances must differ: no randomness seeded at build time");
            assertFalse(TokenText.userIdOf(first.get("access_token").asText())
                    .equals(TokenText.userIdOf(second.get("access_token").asText())));
        }
    }

    @Test
    void anHttpsStoreEndpointIsAcceptedAtStartUp() throws IOException {
        // TLS set-up that native-image may have left out; the JVM has all of it.
        Assumptions.assumeTrue(nativeBuild(), "native builds only");
        String https = dynamo.endpoint().replace("http://", "https://");
        try (LambdaProcess tls = start(function("create"), "CreateOverTls",
                Map.of("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", https))) {
            String event = Lambda.write(Lambda.httpEvent("POST", "/auth/anonymous/create",
                    Map.of("content-type", "application/json"), "{\"clientId\":\"e2e-app\"}", false));

            LambdaFunction.Invocation invocation = tls.invoke(event);

            // The proxy speaks plain HTTP, so the TLS handshake fails: a 503, not a crash at start-up.
            assertTrue(invocation.ok(), invocation.payload());
            assertEquals(503, HttpResult.of(invocation.payload()).status(), invocation.payload());
        }
    }

    /** A sample event of events/ through the packaged function; its answer as docs/openapi.yaml describes it. */
    static HttpResult sample(String export, String event) {
        LambdaFunction.Invocation invocation = functions.get(function(export)).invoke(event);
        assertTrue(invocation.ok(), invocation.payload());
        return Lambda.answerTo(Lambda.eventOf(event), invocation.payload());
    }
}

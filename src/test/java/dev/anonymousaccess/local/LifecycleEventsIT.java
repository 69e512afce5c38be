package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anonymousaccess.testing.BackendCredentials;
import dev.anonymousaccess.testing.LifecycleEventSchema;

/**
 * Lifecycle events through the packaged functions and the local stack: the table's stream on moto_server delivered to
 * the lifecycle function as Lambda's event source mapping does, its events on moto's EventBridge, read by a rule's
 * queue. Every transition driven through the API and the admin function is one event; refreshes and authorizations
 * are none; the local TTL stand-in gives the record shape AWS documents for TTL deletions.
 */
@ExtendWith(TestDeployments.class)
class LifecycleEventsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static LocalDeployment deployment;
    static String secret;

    @BeforeAll
    static void start(LocalDeployment shared) throws IOException {
        deployment = shared;
        secret = admin("{\"action\":\"rotateClientSecret\",\"clientId\":\"demo-app\"}").get("clientSecret").asText();
    }

    static JsonNode admin(String request) throws IOException {
        LambdaFunction.Invocation invocation = deployment.invoke("admin", request);
        assertTrue(invocation.ok(), invocation.payload());
        return JSON.readTree(invocation.payload());
    }

    static JsonNode post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(deployment.apiUrl() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    static JsonNode create() throws Exception {
        return post("/auth/anonymous/create", "{\"clientId\":\"demo-app\"}", null).get("token");
    }

    static String userIdOf(JsonNode token) throws Exception {
        HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(URI.create(deployment.apiUrl() + "/me"))
                .header("authorization", "Bearer " + token.get("access_token").asText()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(me.body()).get("userId").asText();
    }

    static JsonNode claim(JsonNode token, String subject) throws Exception {
        return post("/auth/anonymous/claim", "{\"access_token\":\"" + token.get("access_token").asText()
                + "\",\"subject\":\"" + subject + "\"}", BackendCredentials.basic("demo-app", secret));
    }

    /** The events of {@code userIds}, once there are {@code expected} of them (or ten seconds passed). */
    static List<JsonNode> eventsOf(List<String> userIds, int expected) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(10);
        List<JsonNode> events;
        do {
            Thread.sleep(200);
            events = deployment.lifecycleEvents().stream()
                    .filter(e -> userIds.contains(e.at("/detail/userId").asText())).toList();
        } while (events.size() < expected && Instant.now().isBefore(until));
        Thread.sleep(500);
        return LifecycleEventSchema.checked(deployment.lifecycleEvents().stream()
                .filter(e -> userIds.contains(e.at("/detail/userId").asText())).toList());
    }

    /** {@code ./run-local.sh expire <userId>}, as the docs tell a developer to trigger a TTL deletion. */
    static void expireWithTheScript(String userId) throws Exception {
        ProcessBuilder script = new ProcessBuilder("./run-local.sh", "expire", userId).redirectErrorStream(true);
        script.environment().put("LAMBDA_PORT", Integer.toString(deployment.lambdaPort()));
        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertEquals("{\"expired\":true}", output.strip());
    }

    static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("detail-type").asText()).toList();
    }

    @Test
    void everyTransitionThroughTheApiAndTheAdminFunctionIsOneEvent() throws Exception {
        // A subject of its own: the stack is shared with the other end-to-end classes.
        String subject = "github|" + UUID.randomUUID();
        JsonNode first = create();
        String holder = userIdOf(first);
        claim(first, subject);
        JsonNode second = create();
        String mergedAway = userIdOf(second);
        JsonNode device = claim(second, subject).get("token");
        post("/auth/anonymous/revoke", "{\"token\":\"" + device.get("refresh_token").asText() + "\"}", null);
        JsonNode third = create();
        String revoked = userIdOf(third);
        admin("{\"action\":\"revokeUser\",\"userId\":\"" + revoked + "\"}");
        admin("{\"action\":\"deleteUser\",\"userId\":\"" + holder + "\"}");
        String expiring = userIdOf(create());
        expireWithTheScript(expiring);

        List<JsonNode> events = eventsOf(List.of(holder, revoked, expiring), 6);

        assertEquals(List.of("UserClaimed", "UsersMerged", "SessionSignedOut", "UserRevoked", "UserErased",
                "UserExpired"), types(events));
        assertEquals(mergedAway, events.get(1).at("/detail/mergedUserId").asText());
        assertEquals("operator", events.get(3).at("/detail/reason").asText());
        assertTrue(Files.readString(TestDeployments.WORK_DIR.resolve(LocalDeployment.EVENTS_FILE))
                .contains("\"UsersMerged\""), "the events file shows them too");
    }

    @Test
    void refreshesAndAuthorizationsAreNoEvents() throws Exception {
        JsonNode token = create();
        String user = userIdOf(token);
        JsonNode refreshed = post("/auth/anonymous/refresh",
                "{\"refresh_token\":\"" + token.get("refresh_token").asText() + "\"}", null).get("token");
        assertEquals(user, userIdOf(refreshed));
        // The user's sign-out comes after them in the user's own order: once it has arrived, so had they.
        post("/auth/anonymous/revoke", "{\"token\":\"" + refreshed.get("refresh_token").asText() + "\"}", null);

        assertEquals(List.of("SessionSignedOut"), types(eventsOf(List.of(user), 1)));
    }
}

package dev.anonymousaccess.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anonymousaccess.testing.EmbeddedMetricFormat;
import dev.anonymousaccess.testing.EmbeddedMetricFormat.DataPoint;
import dev.anonymousaccess.testing.LogCapture;
import dev.anonymousaccess.testing.TestClock;

/** One summary line and one metrics document per invocation, with what the code learnt while it ran. */
@Tag("rules")
class InvocationsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Logger SOME_RULE = Logger.getLogger("dev.anonymousaccess.user.SomeRule");

    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final TestClock clock = new TestClock();
    /** As in AWS: the summary line is the metrics document. */
    final StoreCalls storeCalls = new StoreCalls();
    final Invocations invocations = new Invocations(config(true), clock, storeCalls,
            new PrintStream(stdout, true, StandardCharsets.UTF_8));
    /** As in local runs and tests: no metrics, the summary is a log line. */
    final Invocations withoutMetrics = new Invocations(config(false), clock, storeCalls,
            new PrintStream(stdout, true, StandardCharsets.UTF_8));

    static MetricsConfig config(boolean enabled) {
        return new MetricsConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String namespace() {
                return "AnonymousAccess";
            }
        };
    }

    @AfterEach
    void noInvocationLeftBehind() {
        assertTrue(MDC.getMap().isEmpty() || MDC.getMap().keySet().equals(java.util.Set.of(
                Invocations.MDC_LAMBDA_REQUEST_ID)), MDC.getMap().toString());
        MDC.remove(Invocations.MDC_LAMBDA_REQUEST_ID);
    }

    List<JsonNode> documents() throws Exception {
        List<JsonNode> documents = new java.util.ArrayList<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                documents.add(JSON.readTree(line));
            }
        }
        return documents;
    }

    static List<LogCapture.Captured> summaries(LogCapture log) {
        return log.records().stream().filter(r -> r.logger().equals(Invocations.class.getName())).toList();
    }

    @Test
    void withoutMetricsTheSummaryIsALogLineWithRouteOutcomeLatencyCallsAndIdentity() {
        try (LogCapture log = new LogCapture()) {
            withoutMetrics.run("refresh", "POST /auth/anonymous/refresh", "api-1", invocation -> {
                storeCalls.called();
                invocation.identifyUser("user-1", "app");
                storeCalls.called();
                invocation.answered(400, "invalid_grant");
                return null;
            });

            LogCapture.Captured summary = summaries(log).get(0);
            assertEquals(1, summaries(log).size());
            assertTrue(summary.message().startsWith(
                    "invocation refresh POST /auth/anonymous/refresh: 400 invalid_grant in "), summary.message());
            assertTrue(summary.message().endsWith(" ms, 2 DynamoDB calls, user user-1, client app"), summary.message());
            Map<String, String> mdc = summary.mdc();
            assertEquals("refresh", mdc.get("function"));
            assertEquals("POST /auth/anonymous/refresh", mdc.get("route"));
            assertEquals("api-1", mdc.get("apiRequestId"));
            assertEquals("400", mdc.get("outcome"));
            assertEquals("400", mdc.get("status"));
            assertEquals("invalid_grant", mdc.get("error"));
            assertEquals("2", mdc.get("dynamodbCalls"));
            assertTrue(Long.parseLong(mdc.get("latencyMs")) >= 0);
            assertEquals("user-1", mdc.get("userId"));
            assertEquals("app", mdc.get("clientId"));
        }
    }

    @Test
    void linesLoggedDuringAnInvocationCarryItsContextOnceKnownAndLaterLinesDoNot() {
        try (LogCapture log = new LogCapture()) {
            invocations.run("authorize", "GET /me", "api-2", invocation -> {
                SOME_RULE.info("before the user is known");
                invocation.identifyUser("user-2", "app");
                SOME_RULE.info("after the user is known");
                return null;
            });
            SOME_RULE.info("after the invocation");

            List<LogCapture.Captured> lines = log.records().stream()
                    .filter(r -> r.logger().equals("dev.anonymousaccess.user.SomeRule")).toList();
            assertEquals("authorize", lines.get(0).mdc().get("function"));
            assertEquals("api-2", lines.get(0).mdc().get("apiRequestId"));
            assertNull(lines.get(0).mdc().get("userId"));
            assertEquals("user-2", lines.get(1).mdc().get("userId"));
            assertEquals("app", lines.get(1).mdc().get("clientId"));
            assertTrue(lines.get(2).mdc().isEmpty(), lines.get(2).mdc().toString());
        }
    }

    @Test
    void withMetricsTheSummaryIsTheMetricsDocumentAndNoOtherLine() throws Exception {
        try (LogCapture log = new LogCapture()) {
            MDC.put(Invocations.MDC_LAMBDA_REQUEST_ID, "lambda-0");
            invocations.run("refresh", "POST /auth/anonymous/refresh", "api-0", invocation -> {
                storeCalls.called();
                invocation.identifyUser("user-0", "app");
                invocation.answered(400, "invalid_grant");
                return null;
            });

            assertEquals(List.of(), summaries(log));
            JsonNode summary = documents().get(0);
            assertEquals(1, documents().size());
            assertTrue(summary.get("message").asText().startsWith(
                    "invocation refresh POST /auth/anonymous/refresh: 400 invalid_grant in "), summary.toString());
            assertEquals("lambda-0", summary.get("requestId").asText());
            assertEquals("api-0", summary.get("apiRequestId").asText());
            assertEquals("POST /auth/anonymous/refresh", summary.get("route").asText());
            assertEquals("400", summary.get("outcome").asText());
            assertEquals(400, summary.get("status").asInt());
            assertEquals("invalid_grant", summary.get("error").asText());
            assertEquals(1, summary.get("dynamodbCalls").asInt());
            assertTrue(summary.get("Latency").isIntegralNumber());
            assertEquals("user-0", summary.get("userId").asText());
            assertEquals("app", summary.get("ClientId").asText());
        }
    }

    @Test
    void aFailingInvocationIsReportedOnceAsAnErrorAndItsFailurePassesThrough() throws Exception {
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> invocations.run("admin", "putClient", null, invocation -> {
                    throw new IllegalStateException("bad request");
                }));

        assertEquals("bad request", thrown.getMessage());
        assertEquals(1, documents().size());
        assertEquals("error", documents().get(0).get("outcome").asText());
    }

    @Test
    void aDirectInvokeThatAnswersIsOk() throws Exception {
        invocations.run("admin", "getClient", null, invocation -> {
            invocation.succeeded();
            return null;
        });

        assertEquals("ok", documents().get(0).get("outcome").asText());
        assertFalse(documents().get(0).has("status"), "a direct invoke answers no HTTP status");
    }

    @Test
    void aRefusalAnsweredByFailingStaysARefusal() throws Exception {
        assertThrows(IllegalStateException.class, () -> invocations.run("authorize", null, null, invocation -> {
            invocation.refused("unknown_user");
            throw new IllegalStateException("Unauthorized");
        }));

        assertEquals("deny", documents().get(0).get("outcome").asText());
        assertEquals("unknown_user", documents().get(0).get("Reason").asText());
    }

    @Test
    void onlyTheFirstInvocationOfAnInstanceIsItsColdStart() throws Exception {
        invocations.resetColdStartForTests();
        withoutMetrics.resetColdStartForTests();
        try (LogCapture log = new LogCapture()) {
            invocations.run("me", "GET /me", null, invocation -> null);
            invocations.run("me", "GET /me", null, invocation -> null);
            withoutMetrics.run("me", "GET /me", null, invocation -> null);
            withoutMetrics.run("me", "GET /me", null, invocation -> null);

            assertEquals(List.of(true, false), documents().stream().map(d -> d.get("coldStart").asBoolean()).toList());
            assertEquals("true", summaries(log).get(0).mdc().get("coldStart"));
            assertNull(summaries(log).get(1).mdc().get("coldStart"));
        }
    }

    @Test
    void everyInvocationPublishesItsLatencyPerFunction() throws Exception {
        MDC.put(Invocations.MDC_LAMBDA_REQUEST_ID, "lambda-1");
        invocations.run("me", "GET /me", "api-3", invocation -> null);

        JsonNode document = documents().get(0);
        List<DataPoint> points = EmbeddedMetricFormat.validate(document);
        assertEquals(1, points.size());
        assertEquals("Latency", points.get(0).metric());
        assertEquals(Map.of("Function", "me"), points.get(0).dimensions());
        assertEquals("AnonymousAccess", points.get(0).namespace());
        assertEquals(TestClock.START.toEpochMilli(), document.at("/_aws/Timestamp").asLong());
        assertEquals("lambda-1", document.get("requestId").asText());
        assertEquals("api-3", document.get("apiRequestId").asText());
    }

    @Test
    void perClientMetricsArePublishedPerFunctionAndPerClientApp() throws Exception {
        invocations.run("create", "POST /auth/anonymous/create", null, invocation -> {
            invocation.identifyClient("app");
            invocation.count(Metric.USERS_CREATED);
            return null;
        });

        List<DataPoint> points = EmbeddedMetricFormat.validate(documents().get(0));
        assertTrue(points.contains(new DataPoint("AnonymousAccess", "UsersCreated", Map.of("Function", "create"), 1)),
                points.toString());
        assertTrue(points.contains(new DataPoint("AnonymousAccess", "UsersCreated",
                Map.of("Function", "create", "ClientId", "app"), 1)), points.toString());
    }

    @Test
    void aClientMetricWithoutAKnownClientAppIsPublishedPerFunctionOnly() throws Exception {
        invocations.run("refresh", null, null, invocation -> {
            invocation.count(Metric.TOKENS_REFRESHED);
            return null;
        });

        List<DataPoint> points = EmbeddedMetricFormat.validate(documents().get(0));
        assertEquals(List.of(Map.of("Function", "refresh")), points.stream()
                .filter(p -> p.metric().equals("TokensRefreshed")).map(DataPoint::dimensions).toList());
    }

    @Test
    void refusalsArePublishedPerReason() throws Exception {
        invocations.run("authorize", "GET /me", null, invocation -> {
            invocation.refused("token_expired");
            return null;
        });

        List<DataPoint> points = EmbeddedMetricFormat.validate(documents().get(0));
        assertTrue(points.contains(new DataPoint("AnonymousAccess", "AuthorizationsRefused",
                Map.of("Function", "authorize", "Reason", "token_expired"), 1)), points.toString());
        assertEquals("deny", documents().get(0).get("outcome").asText());
    }

    @Test
    void allowedAuthorizationsAreCountedPerClientApp() throws Exception {
        invocations.run("authorize", "GET /me", null, invocation -> {
            invocation.identifyUser("user-3", "app");
            invocation.allowed();
            return null;
        });

        JsonNode document = documents().get(0);
        List<DataPoint> points = EmbeddedMetricFormat.validate(document);
        assertTrue(points.contains(new DataPoint("AnonymousAccess", "Authorizations",
                Map.of("Function", "authorize", "ClientId", "app"), 1)));
        assertTrue(points.stream().noneMatch(p -> p.dimensions().containsValue("user-3")),
                "a user id is a member of the summary, never a dimension: " + points);
    }

    @Test
    void aStoreFailureCountsOncePerInvocation() throws Exception {
        invocations.run("refresh", null, null, invocation -> {
            invocation.count(Metric.STORE_FAILURES);
            invocation.count(Metric.STORE_FAILURES);
            return null;
        });

        assertEquals(1, documents().get(0).get("StoreFailures").asInt());
    }

    @Test
    void countsAddUpWithinOneInvocation() throws Exception {
        invocations.run("refresh", null, null, invocation -> {
            invocation.count(Metric.TOKENS_REFRESHED);
            invocation.count(Metric.TOKENS_REFRESHED);
            return null;
        });

        assertEquals(2, documents().get(0).get("TokensRefreshed").asInt());
    }

    @Test
    void factsGivenToNoInvocationAreIgnored() throws Exception {
        InvocationRecorder.NONE.identifyUser("user-4", "app");
        InvocationRecorder.NONE.count(Metric.USERS_CREATED);
        invocations.run("me", null, null, invocation -> null);

        assertNull(MDC.get("userId"));
        assertFalse(documents().get(0).has("UsersCreated"));
        assertFalse(documents().get(0).has("ClientId"));
    }

    @Test
    void noMetricsAreWrittenWhenTheyAreDisabled() {
        withoutMetrics.run("me", null, null, invocation -> null);

        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
    }
}

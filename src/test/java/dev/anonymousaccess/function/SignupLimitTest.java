package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Answers.assertError;
import static dev.anonymousaccess.testing.Lambda.http;
import static dev.anonymousaccess.testing.Lambda.httpEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Concurrently;
import dev.anonymousaccess.testing.DynamoDbProxy.Fault;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.ItemSize;
import dev.anonymousaccess.testing.LogCapture;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.SdkCallCounter;
import dev.anonymousaccess.user.UserRegistration;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The per-source sign-up limit of {@code create}, against moto_server behind the fault proxy. */
@QuarkusTest
@TestProfile(Exports.Create.class)
class SignupLimitTest extends FunctionTest {

    @Inject
    UserRegistration registration;

    static final String IP = "198.51.100.7";

    @BeforeEach
    void clients() {
        users.startWith(CLIENT_APPS);
    }

    static final List<ClientDefinition> CLIENT_APPS = List.of(
            ClientDefinition.builder().clientId("limited-app").name("Limited")
                    .allowedOrigins(List.of("https://app.example.com")).enabled(true).build(),
            ClientDefinition.builder().clientId("other-app").name("Other").allowedOrigins(List.of()).enabled(true)
                    .build(),
            ClientDefinition.builder().clientId("five-app").name("Five").allowedOrigins(List.of()).enabled(true)
                    .signupsPerIp(5).build(),
            ClientDefinition.builder().clientId("two-app").name("Two")
                    .allowedOrigins(List.of("https://app.example.com")).enabled(true).signupsPerIp(2).build(),
            ClientDefinition.builder().clientId("open-app").name("Open").allowedOrigins(List.of()).enabled(true)
                    .signupsPerIp(0).build());

    static HttpResult create(String clientId, String sourceIp) {
        return create(clientId, sourceIp, Map.of("content-type", "application/json"));
    }

    static HttpResult create(String clientId, String sourceIp, Map<String, String> headers) {
        return http(httpEvent("POST", CREATE_PATH, headers, "{\"clientId\":\"" + clientId + "\"}", false, sourceIp));
    }

    void createSuccessfully(int times, String clientId, String sourceIp) {
        for (int i = 0; i < times; i++) {
            assertEquals(200, create(clientId, sourceIp).status());
        }
    }

    long users(String clientId) {
        return table.users().stream().filter(user -> clientId.equals(user.get("clientId").s())).count();
    }

    @Test
    void theThirtyFirstCreateFromOneAddressWithinTheHourIsRefused() {
        createSuccessfully(30, "limited-app", IP);
        clock.advance(Duration.ofMinutes(20));

        HttpResult refused = create("limited-app", IP);

        assertError(refused, 429, "signup_rate_limited");
        assertEquals("2400", refused.header("Retry-After"), "seconds until the window ends");
        assertEquals(30, users("limited-app"), "no user for a refused sign-up");
    }

    @Test
    void aRefusalIsLoggedOnceAndSummarizedAsA429() {
        createSuccessfully(2, "two-app", IP);
        try (LogCapture log = new LogCapture()) {
            create("two-app", IP);

            assertEquals(1, log.lines().stream().filter(line -> line.contains("sign-up rate limited")).count());
            LogCapture.Captured summary = log.records().stream()
                    .filter(r -> r.logger().equals("dev.anonymousaccess.observability.Invocations")).findFirst()
                    .orElseThrow();
            assertEquals("429", summary.mdc().get("outcome"));
            assertEquals("signup_rate_limited", summary.mdc().get("error"));
            assertEquals("two-app", summary.mdc().get("clientId"));
        }
    }

    @Test
    void anotherAddressAndAnotherClientAppStillSucceed() {
        createSuccessfully(2, "two-app", IP);

        assertEquals(200, create("two-app", "198.51.100.8").status());
        assertEquals(200, create("other-app", IP).status());
    }

    @Test
    void theWindowsEndLetsTheAddressCreateAgain() {
        createSuccessfully(2, "two-app", IP);
        assertError(create("two-app", IP), 429, "signup_rate_limited");

        clock.advance(Duration.ofHours(1));

        assertEquals(200, create("two-app", IP).status());
    }

    /**
     * A sign-up by the rules {@code create} runs, answered as its HTTP status: for callers on many threads at once,
     * since the test's Lambda event server runs one invocation at a time.
     */
    int createDirectly(String clientId, String sourceIp) {
        try {
            registration.register(new UserRegistration.Signup(clientId, Optional.empty(), sourceIp, Optional.empty()),
                    InvocationRecorder.NONE);
            return 200;
        } catch (OAuthException e) {
            return e.error().status();
        }
    }

    @Test
    void twentyParallelCreatesFromOneAddressWithALimitOfFiveGiveExactlyFiveUsers() throws Exception {
        List<Integer> statuses = Concurrently.run(20, () -> createDirectly("five-app", IP));

        assertEquals(5, statuses.stream().filter(status -> status == 200).count());
        assertEquals(15, statuses.stream().filter(status -> status == 429).count(), statuses.toString());
        assertEquals(5, users("five-app"));
    }

    @Test
    void ipv6AddressesInOneSlash64ShareACounter() {
        assertEquals(200, create("two-app", "2001:db8:1:2::1").status());
        assertEquals(200, create("two-app", "2001:db8:1:2:ffff:ffff:ffff:9").status());

        assertError(create("two-app", "2001:0db8:0001:0002:0000:0000:0000:abcd"), 429, "signup_rate_limited");
        assertEquals(200, create("two-app", "2001:db8:1:3::1").status());
    }

    @Test
    void aFailedCounterWriteIs503AndWritesNoUser() {
        MotoServer.proxy().inject("UpdateItem", Fault.FAIL_BEFORE, 10);

        assertError(create("limited-app", IP), 503, "temporarily_unavailable");
        assertEquals(0, users("limited-app"));
    }

    @Test
    void aCounterWriteThatLandedBeforeItFailedCountsOnce() {
        createSuccessfully(1, "two-app", IP);
        MotoServer.proxy().inject("UpdateItem", Fault.FAIL_AFTER, 1);

        assertEquals(200, create("two-app", IP).status());

        assertEquals(2, users("two-app"));
        assertError(create("two-app", IP), 429, "signup_rate_limited");
    }

    @Test
    void aRefusalIsReadableByBrowsersOfTheAllowedOrigin() {
        createSuccessfully(2, "two-app", IP);

        HttpResult refused = create("two-app", IP,
                Map.of("content-type", "application/json", "origin", "https://app.example.com"));

        assertError(refused, 429, "signup_rate_limited");
        assertEquals("https://app.example.com", refused.header("Access-Control-Allow-Origin"));
    }

    @Test
    void aLimitOfZeroMeansNoLimit() {
        createSuccessfully(40, "open-app", IP);
    }

    @Test
    void aSteadyStateCreateIsOnePutItemAndOneCounterWriteAndNoRead() {
        createSuccessfully(1, "limited-app", IP); // this instance reads the client app once
        SdkCallCounter.reset();

        createSuccessfully(1, "limited-app", "198.51.100.9");

        assertEquals(Map.of("PutItem", 1, "UpdateItem", 1), SdkCallCounter.snapshot());
    }

    @Test
    void aDisabledClientStopsCreatingUsersOnThisInstanceAtOnce() {
        createSuccessfully(1, "limited-app", IP);

        clients.disable("limited-app");

        assertError(create("limited-app", IP), 400, "invalid_client");
    }

    @Test
    void aCounterAtTheDefaultLimitStaysOneWriteUnit() {
        createSuccessfully(30, "limited-app", IP);

        Map<String, AttributeValue> counter = table.all().stream()
                .filter(item -> item.get("pk").s().startsWith("SIGNUPS#limited-app#")).findFirst().orElseThrow();

        assertEquals(30, counter.get("signupIds").ss().size());
        assertTrue(ItemSize.of(counter) <= 1024, "the counter item has " + ItemSize.of(counter) + " bytes");
    }
}

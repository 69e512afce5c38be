package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Answers.assertUnavailableNamingNoInternals;
import static dev.anonymousaccess.testing.Lambda.answer;
import static dev.anonymousaccess.testing.Lambda.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.testing.BackendCredentials;
import dev.anonymousaccess.admin.Administration;
import dev.anonymousaccess.http.TokenEndpoints;
import dev.anonymousaccess.lambda.InvocationFailure;
import dev.anonymousaccess.testing.DynamoDbProxy.Fault;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.Lambda;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.LogCapture;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.Users;
import dev.anonymousaccess.user.IssuedTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Every function whose rules decide optimistically, driven through persistent contention: every conditional write loses
 * its race (the proxy answers as DynamoDB does when another writer got there first). Each answers 503 with
 * Retry-After, as for an outage, names no internals, and counts {@code Contention}, never {@code StoreFailures}; none
 * answers 500. The endpoints are called as their functions call them (one application holds them all).
 */
@QuarkusTest
@TestProfile(Exports.Create.class)
class ContentionTest extends FunctionTest {

    @Inject
    TokenEndpoints endpoints;

    @Inject
    Administration admin;

    IssuedTokens user;

    @BeforeEach
    void aUserOfAnAppWithABackendSecret() {
        user = users.startWithOneUser();
        users.giveBackendSecret();
    }

    /** The summary line of the one invocation {@code call} makes, with everything logged while it ran. */
    static String summaryOf(Runnable call) {
        try (LogCapture log = new LogCapture()) {
            call.run();
            List<String> summaries = log.records().stream()
                    .filter(record -> record.logger().endsWith("Invocations")).map(LogCapture.Captured::message)
                    .toList();
            assertEquals(1, summaries.size(), summaries.toString());
            assertTrue(log.lines().stream().noneMatch(line -> line.startsWith("ERROR") || line.startsWith("SEVERE")),
                    "contention is no error: " + log.lines());
            return summaries.get(0);
        }
    }

    static void assertContention(String summary) {
        assertTrue(summary.contains("counted") && summary.contains("Contention"), summary);
        assertFalse(summary.contains("StoreFailures"), "contention is not a store failure: " + summary);
    }

    HttpResult answerUnderContention(String operation, Supplier<HttpResult> call) {
        MotoServer.proxy().inject(operation, Fault.CONFLICT, 1000);
        HttpResult[] answer = new HttpResult[1];
        String summary = summaryOf(() -> answer[0] = call.get());
        assertContention(summary);
        return answer[0];
    }

    @Test
    void createUnderContentionIs503WithRetryAfter() {
        HttpResult answer = answerUnderContention("PutItem", () -> answer(endpoints::create, post(CREATE_PATH,
                Map.of(), "{\"clientId\":\"" + Users.CLIENT + "\"}")));

        assertUnavailableNamingNoInternals(answer);
        assertNotNull(answer.header("Retry-After"));
    }

    @Test
    void refreshUnderContentionIs503AndTheTokensStillWork() {
        HttpResult answer = answerUnderContention("UpdateItem", () -> answer(endpoints::refresh, post(REFRESH_PATH,
                Map.of(), "{\"refresh_token\":\""
                        + user.refreshToken().value() + "\"}")));

        assertUnavailableNamingNoInternals(answer);
        MotoServer.resetFaults();
        assertEquals(200, answer(endpoints::refresh, post(REFRESH_PATH, Map.of(),
                "{\"refresh_token\":\"" + user.refreshToken().value() + "\"}")).status());
    }

    @Test
    void claimUnderContentionIs503() {
        String basic = BackendCredentials.basic(Users.CLIENT, Users.BACKEND_SECRET);

        HttpResult answer = answerUnderContention("TransactWriteItems", () -> answer(endpoints::claim, post(
                CLAIM_PATH, Map.of("authorization", basic),
                "{\"access_token\":\"" + user.accessToken().value() + "\",\"subject\":\"auth0|busy\"}")));

        assertUnavailableNamingNoInternals(answer);
    }

    @Test
    void aSignOutThatLosesItsRaceStillAnswersAsRfc7009Says() {
        MotoServer.proxy().inject("UpdateItem", Fault.CONFLICT, 1000);

        HttpResult answer = answer(endpoints::revoke, post(REVOKE_PATH, Map.of(),
                "{\"token\":\"" + user.accessToken().value() + "\"}"));

        assertEquals(200, answer.status(), answer.rawBody());
    }

    @Test
    void anOperatorsRevocationUnderContentionFailsWithAClearMessage() {
        assertAdminContention("UpdateItem", "{\"action\":\"revokeUser\",\"userId\":\"" + user.userId() + "\"}");
    }

    @Test
    void anErasureUnderContentionFailsWithAClearMessage() {
        assertAdminContention("DeleteItem", "{\"action\":\"deleteUser\",\"userId\":\"" + user.userId() + "\"}");
    }

    void assertAdminContention(String operation, String request) {
        MotoServer.proxy().inject(operation, Fault.CONFLICT, 1000);
        InvocationFailure[] failure = new InvocationFailure[1];

        String summary = summaryOf(() -> failure[0] = assertThrows(InvocationFailure.class,
                () -> admin.perform(Lambda.read(request))));

        assertContention(summary);
        assertTrue(failure[0].getMessage().contains("retry it later"), failure[0].getMessage());
        assertFalse(failure[0].getMessage().contains("Exception"), failure[0].getMessage());
    }
}

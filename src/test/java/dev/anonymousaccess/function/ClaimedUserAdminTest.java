package dev.anonymousaccess.function;

import static dev.anonymousaccess.function.AdminFunctionTest.admin;
import static dev.anonymousaccess.function.AdminFunctionTest.adminFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Answers;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.TestClock;
import dev.anonymousaccess.testing.Users;
import dev.anonymousaccess.user.AccessDecision;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.UserClaim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The admin actions on claimed users: what they show, finding one by subject, signing out, erasing. */
@QuarkusTest
@TestProfile(Exports.Admin.class)
class ClaimedUserAdminTest extends FunctionTest {

    static final String SUBJECT = "auth0|person-2";

    @Inject
    UserClaim claims;

    IssuedTokens first;
    String merged;

    @BeforeEach
    void aClaimedUserWithTwoDevices() {
        users.startClean();
        users.giveBackendSecret();
        first = users.create();
        claim(first, SUBJECT);
        merged = claim(users.create(), SUBJECT).tokens().orElseThrow().accessToken().value();
    }

    UserClaim.Claimed claim(IssuedTokens device, String subject) {
        ClientApp app = clients.authenticateBackend(Users.CLIENT, Users.BACKEND_SECRET);
        return claims.claim(app, device.accessToken().value(), subject, InvocationRecorder.NONE);
    }

    boolean works(String accessToken) {
        return verifier.verify(accessToken, InvocationRecorder.NONE) instanceof AccessDecision.Granted;
    }

    String getUser() {
        return "{\"action\": \"getUser\", \"userId\": \"" + first.userId() + "\"}";
    }

    @Test
    void getUserShowsTheSubjectWhenClaimedAndNoEndOfLife() {
        JsonNode facts = admin(getUser());

        assertEquals(Set.of("userId", "clientId", "createdAt", "lastSeenAt", "revoked", "subject", "claimedAt",
                "sessions"), Answers.fieldNames(facts));
        assertEquals(SUBJECT, facts.get("subject").asText());
        assertEquals(TestClock.START.toString(), facts.get("claimedAt").asText());
        assertEquals(2, facts.get("sessions").asInt());
    }

    @Test
    void findUserFindsTheClaimedUserBySubject() {
        JsonNode facts = admin("{\"action\": \"findUser\", \"clientId\": \"" + Users.CLIENT + "\", \"subject\": \""
                + SUBJECT + "\"}");

        assertEquals(first.userId(), facts.get("userId").asText());
    }

    @Test
    void findUserOfAFreeSubjectFailsWithoutNamingIt() {
        String message = adminFails("{\"action\": \"findUser\", \"clientId\": \"" + Users.CLIENT
                + "\", \"subject\": \"auth0|nobody-here\"}");

        assertFalse(message.contains("nobody-here"), message);
    }

    @Test
    void findUserNeedsAClientIdAndAnAcceptableSubject() {
        assertTrue(adminFails("{\"action\": \"findUser\", \"subject\": \"s\"}").contains("clientId"));
        assertTrue(adminFails("{\"action\": \"findUser\", \"clientId\": \"" + Users.CLIENT + "\"}")
                .contains("subject"));
    }

    @Test
    void aFurtherSessionsIdIsNoUser() {
        // The id a token carries, as TokenCodec lays it out: 32 hex digits after the kind.
        String sessionId = merged.substring(1, 33).replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5");

        adminFails("{\"action\": \"getUser\", \"userId\": \"" + sessionId + "\"}");
        assertFalse(admin("{\"action\": \"deleteUser\", \"userId\": \"" + sessionId + "\"}").get("deleted")
                .asBoolean());
        assertTrue(works(merged), "asking to delete a session id erases nothing");
    }

    @Test
    void revokeUserSignsOutEveryDeviceAndKeepsTheUser() {
        admin("{\"action\": \"revokeUser\", \"userId\": \"" + first.userId() + "\"}");

        assertFalse(works(first.accessToken().value()));
        assertFalse(works(merged));
        assertEquals(SUBJECT, admin(getUser()).get("subject").asText());
    }

    @Test
    void aClaimAfterRevokeUserMergesIntoTheKeptUserAgain() {
        admin("{\"action\": \"revokeUser\", \"userId\": \"" + first.userId() + "\"}");

        UserClaim.Claimed again = claim(users.create(), SUBJECT);

        assertEquals(first.userId(), again.userId());
        assertTrue(works(again.tokens().orElseThrow().accessToken().value()));
    }

    @Test
    void deleteUserErasesEveryDeviceAndFreesTheSubject() {
        assertTrue(admin("{\"action\": \"deleteUser\", \"userId\": \"" + first.userId() + "\"}").get("deleted")
                .asBoolean());

        assertFalse(works(first.accessToken().value()));
        assertFalse(works(merged));
        assertEquals(0, table.users().stream().filter(item -> !"merged".equals(item.get("type").s())).count(),
                "no session left behind (a merge's marker ages out within the claim retry window)");
        IssuedTokens next = users.create();
        UserClaim.Claimed fresh = claim(next, SUBJECT);
        assertEquals(next.userId(), fresh.userId(), "the subject is free: a claim, not a merge");
        assertTrue(fresh.mergedUserId().isEmpty());
    }

    @Test
    void theClaimedUsersAuthorizationsNeedNoWrite() {
        clock.advance(java.time.Duration.ofHours(23)); // an anonymous user's lifetime write would be due
        MotoServer.proxy().reset();

        assertInstanceOf(AccessDecision.Granted.class, verifier.verify(merged, InvocationRecorder.NONE));
        assertEquals(0, MotoServer.proxy().calls("UpdateItem"), "no lifetime to extend");
    }
}

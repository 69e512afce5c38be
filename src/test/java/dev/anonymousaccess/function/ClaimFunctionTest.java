package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.BackendCredentials.basic;
import static dev.anonymousaccess.testing.Answers.assertError;
import static dev.anonymousaccess.testing.Answers.assertNoStoreJson;
import static dev.anonymousaccess.testing.Answers.assertUnavailableNamingNoInternals;
import static dev.anonymousaccess.testing.Answers.fieldNames;
import static dev.anonymousaccess.testing.Lambda.http;
import static dev.anonymousaccess.testing.Lambda.httpEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientId;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.client.ClientRepository;
import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.observability.StoreCalls;
import dev.anonymousaccess.testing.Concurrently;
import dev.anonymousaccess.testing.DynamoDbProxy;
import dev.anonymousaccess.testing.DynamoDbProxy.Fault;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.ItemSize;
import dev.anonymousaccess.testing.Lambda;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.LogCapture;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.StoreFault;
import dev.anonymousaccess.testing.Users;
import dev.anonymousaccess.token.TokenHash;
import dev.anonymousaccess.user.AccessDecision;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.UserAdministration;
import dev.anonymousaccess.user.UserClaim;
import dev.anonymousaccess.user.Revocation;
import dev.anonymousaccess.user.UserRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@TestProfile(Exports.Claim.class)
class ClaimFunctionTest extends FunctionTest {

    static final String SUBJECT = "auth0|person-1";
    static final String OTHER_APP = "other-app";

    @Inject
    UserAdministration administration;

    IssuedTokens device;

    @BeforeEach
    void anonymousUserOfAnAppWithABackendSecret() {
        users.startWith(List.of(Users.TEST_APP, ClientDefinition.builder().clientId(OTHER_APP).name("Other")
                .allowedOrigins(List.of("https://other.example.com")).enabled(true).signupsPerIp(0).build()));
        users.giveBackendSecret();
        device = users.create();
    }

    static HttpResult claim(String accessToken, String subject) {
        Map<String, Object> body = new HashMap<>();
        body.put("access_token", accessToken);
        body.put("subject", subject);
        return claimWith(Map.of("content-type", "application/json", "authorization",
                basic(Users.CLIENT, Users.BACKEND_SECRET)), Lambda.write(body));
    }

    static HttpResult claimWith(Map<String, String> headers, String body) {
        return http(httpEvent("POST", CLAIM_PATH, headers, body, false));
    }

    static JsonNode ok(HttpResult result) {
        assertEquals(200, result.status(), result.rawBody());
        assertNoStoreJson(result);
        return result.body();
    }

    AccessDecision decide(String accessToken) {
        return verifier.verify(accessToken, InvocationRecorder.NONE);
    }

    AccessDecision.Granted granted(String accessToken) {
        return assertInstanceOf(AccessDecision.Granted.class, decide(accessToken));
    }

    // --- claim

    @Test
    void aClaimAnswersTheUserAndItsSubject() {
        JsonNode answer = ok(claim(device.accessToken().value(), SUBJECT));

        assertEquals(device.userId(), answer.get("userId").asText());
        assertEquals(SUBJECT, answer.get("subject").asText());
        assertEquals(Set.of("userId", "subject"), fieldNames(answer));
    }

    @Test
    void aClaimedUserIsPermanentItsItemWithoutTtl() {
        ok(claim(device.accessToken().value(), SUBJECT));

        Map<String, AttributeValue> item = table.user(device.userId());
        assertFalse(item.containsKey("ttl"), "DynamoDB must never delete a claimed user");
        assertEquals(SUBJECT, item.get("subject").s());
    }

    @Test
    void theSubjectsHoldIsKeyedByItsHashNeverBySubject() {
        ok(claim(device.accessToken().value(), SUBJECT));

        List<String> keys = table.all().stream().map(item -> item.get("pk").s()).toList();
        assertTrue(keys.contains("SUBJECT#" + Users.CLIENT + "#" + TokenHash.of(SUBJECT)), keys.toString());
        assertTrue(keys.stream().noneMatch(key -> key.contains(SUBJECT)), "a key names the subject: " + keys);
    }

    @Test
    void aClaimedUserOutlivesTheInactivityPeriodAndRefreshesAsBefore() {
        ok(claim(device.accessToken().value(), SUBJECT));
        clock.advance(Duration.ofDays(90));

        IssuedTokens next = rotation.refresh(device.refreshToken().value(), java.util.Optional.empty(),
                InvocationRecorder.NONE);

        AccessDecision.Granted granted = granted(next.accessToken().value());
        assertEquals(device.userId(), granted.userId());
        assertEquals(SUBJECT, granted.subject());
        assertFalse(table.user(device.userId()).containsKey("ttl"), "a rotation gives it no end of life");
    }

    @Test
    void theClaimedUsersTokensKeepWorkingAndCarryTheSubject() {
        ok(claim(device.accessToken().value(), SUBJECT));

        assertEquals(SUBJECT, granted(device.accessToken().value()).subject());
    }

    @Test
    void anAnonymousUsersAuthorizationCarriesNoSubject() {
        assertNull(granted(device.accessToken().value()).subject());
    }

    @Test
    void theSameClaimAgainAnswersTheSame() {
        JsonNode first = ok(claim(device.accessToken().value(), SUBJECT));
        JsonNode again = ok(claim(device.accessToken().value(), SUBJECT));

        assertEquals(first, again);
    }

    @Test
    void aUserClaimedForAnotherSubjectIsAlreadyClaimed() {
        ok(claim(device.accessToken().value(), SUBJECT));

        assertError(claim(device.accessToken().value(), "auth0|someone-else"), 409, "already_claimed");
    }

    @Test
    void theClaimFormEncodedIsTheSame() {
        String body = "access_token=" + device.accessToken().value() + "&subject="
                + URLEncoder.encode(SUBJECT, StandardCharsets.UTF_8);

        JsonNode answer = ok(claimWith(Map.of("content-type", "application/x-www-form-urlencoded", "authorization",
                basic(Users.CLIENT, Users.BACKEND_SECRET)), body));

        assertEquals(SUBJECT, answer.get("subject").asText());
    }

    @Test
    void aSubjectOfTwoHundredFiftySixCharactersIsTaken() {
        String subject = "é".repeat(256);

        assertEquals(subject, ok(claim(device.accessToken().value(), subject)).get("subject").asText());
    }

    /**
     * Subjects that differ only in characters outside ASCII: accents, CJK, emoji (outside the Basic Multilingual
     * Plane), combining marks, and one accented letter spelt both NFC and NFD.
     */
    static List<String> subjectsDifferingOnlyBeyondAscii() {
        List<String> differing = List.of("ü", "ö", "ä", "ß", "é", "e\u0301", "è", "ê", "ë", "ñ", "ç", "ø", "å", "æ",
                "ł", "ő", "ž", "ğ", "ı", "İ", "李", "四", "张", "三", "王", "五", "山", "田", "한", "글", "あ", "ア",
                "Ж", "ж", "Ω", "λ", "ע", "ب", "क", "ก", "😀", "😁", "🙂", "👍🏽", "🇩🇪", "a\u0308", "o\u0308",
                "\u0301", "\u0308\u0301", "\u00a0");
        return differing.stream().map(middle -> "m" + middle + "ller@example.com").toList();
    }

    @Test
    void subjectsThatDifferOnlyBeyondAsciiAreDistinctPeople() {
        List<String> subjects = subjectsDifferingOnlyBeyondAscii();
        assertEquals(50, Set.copyOf(subjects).size());
        Map<String, String> userOf = new HashMap<>();

        for (String subject : subjects) {
            IssuedTokens person = users.create();
            JsonNode answer = ok(claim(person.accessToken().value(), subject));
            assertFalse(answer.has("mergedUserId"), "a new subject is claimed, never merged");
            assertEquals(subject, answer.get("subject").asText());
            userOf.put(subject, answer.get("userId").asText());
        }

        assertEquals(50, Set.copyOf(userOf.values()).size(), "50 people, 50 users");
        for (String subject : subjects) {
            assertEquals(userOf.get(subject), administration.findBySubject(Users.CLIENT, subject).orElseThrow()
                    .userId(), "findUser finds the one who holds exactly this subject");
            assertEquals(subject, administration.find(userOf.get(subject)).orElseThrow().subject());
        }
    }

    @Test
    void theNfcAndNfdSpellingsOfOneNameAreTwoSubjects() {
        IssuedTokens other = users.create();

        JsonNode composed = ok(claim(device.accessToken().value(), "jos\u00e9@example.com"));
        JsonNode decomposed = ok(claim(other.accessToken().value(), "jose\u0301@example.com"));

        assertFalse(decomposed.has("mergedUserId"), "no normalisation: the two spellings are two people");
        assertFalse(composed.get("userId").equals(decomposed.get("userId")));
    }

    @Test
    void signingOutAClaimedUserKeepsTheUser() {
        ok(claim(device.accessToken().value(), SUBJECT));

        signOut.revoke(device.refreshToken().value(), InvocationRecorder.NONE);

        assertInstanceOf(AccessDecision.Denied.class, decide(device.accessToken().value()));
        assertEquals(SUBJECT, administration.find(device.userId()).orElseThrow().subject());
    }

    // --- merge

    @Test
    void aClaimOfAHeldSubjectMergesIntoItsHolderWithANewPair() {
        ok(claim(device.accessToken().value(), SUBJECT));
        IssuedTokens second = users.create();

        JsonNode answer = ok(claim(second.accessToken().value(), SUBJECT));

        assertEquals(device.userId(), answer.get("userId").asText());
        assertEquals(SUBJECT, answer.get("subject").asText());
        assertEquals(second.userId(), answer.get("mergedUserId").asText());
        JsonNode token = answer.get("token");
        assertEquals(Set.of("access_token", "expires_in", "token_type", "refresh_token"), fieldNames(token));
        assertEquals("Bearer", token.get("token_type").asText());
        assertEquals(86400, token.get("expires_in").asInt());
        AccessDecision.Granted granted = granted(token.get("access_token").asText());
        assertEquals(device.userId(), granted.userId());
        assertEquals(SUBJECT, granted.subject());
    }

    @Test
    void theMergedUsersTokensStopWorkingAtOnceAndItIsErased() {
        ok(claim(device.accessToken().value(), SUBJECT));
        IssuedTokens second = users.create();

        ok(claim(second.accessToken().value(), SUBJECT));

        assertInstanceOf(AccessDecision.Denied.class, decide(second.accessToken().value()));
        assertTrue(administration.find(second.userId()).isEmpty());
        OAuthException refused = assertThrows(OAuthException.class, () -> rotation.refresh(
                second.refreshToken().value(), java.util.Optional.empty(), InvocationRecorder.NONE));
        assertEquals(OAuthError.INVALID_GRANT, refused.error());
    }

    @Test
    void theHoldersOwnDeviceKeepsWorkingAfterAMerge() {
        ok(claim(device.accessToken().value(), SUBJECT));

        ok(claim(users.create().accessToken().value(), SUBJECT));

        assertEquals(device.userId(), granted(device.accessToken().value()).userId());
    }

    @Test
    void theMergedDevicesPairRefreshesAsTheHolder() {
        ok(claim(device.accessToken().value(), SUBJECT));
        JsonNode token = ok(claim(users.create().accessToken().value(), SUBJECT)).get("token");

        IssuedTokens next = rotation.refresh(token.get("refresh_token").asText(), java.util.Optional.empty(),
                InvocationRecorder.NONE);

        assertEquals(device.userId(), granted(next.accessToken().value()).userId());
        assertEquals(device.userId(), granted(device.accessToken().value()).userId(), "each device its own pair");
    }

    @Test
    void theSameMergeAgainAnswersTheSamePair() {
        ok(claim(device.accessToken().value(), SUBJECT));
        IssuedTokens second = users.create();
        JsonNode first = ok(claim(second.accessToken().value(), SUBJECT));

        JsonNode again = ok(claim(second.accessToken().value(), SUBJECT));

        assertEquals(first.get("userId"), again.get("userId"));
        assertEquals(first.get("mergedUserId"), again.get("mergedUserId"));
        assertEquals(first.get("token").get("access_token"), again.get("token").get("access_token"));
        assertEquals(first.get("token").get("refresh_token"), again.get("token").get("refresh_token"));
    }

    @Test
    void aRepeatedMergeAfterThePairWasUsedNamesTheUsersWithoutAPair() {
        ok(claim(device.accessToken().value(), SUBJECT));
        IssuedTokens second = users.create();
        JsonNode first = ok(claim(second.accessToken().value(), SUBJECT));
        rotation.refresh(first.get("token").get("refresh_token").asText(), java.util.Optional.empty(),
                InvocationRecorder.NONE);

        JsonNode again = ok(claim(second.accessToken().value(), SUBJECT));

        assertEquals(device.userId(), again.get("userId").asText());
        assertEquals(second.userId(), again.get("mergedUserId").asText());
        assertFalse(again.has("token"), "the device already moved on to the pair's successor");
    }

    @Test
    void aMergeIsAnsweredAgainOnlyWithinTheClaimRetryWindow() {
        ok(claim(device.accessToken().value(), SUBJECT));
        IssuedTokens second = users.create();
        ok(claim(second.accessToken().value(), SUBJECT));
        clock.advance(Duration.ofMinutes(10));

        assertError(claim(second.accessToken().value(), SUBJECT), 400, "invalid_grant");
    }

    @Inject
    UserRepository userStore;

    @Test
    void aLifetimeWriteThatLostTheRaceToAMergeLeavesTheMarkerExpiringWithinTheRetryWindow() {
        ok(claim(device.accessToken().value(), SUBJECT));
        IssuedTokens second = users.create();
        clock.advance(Duration.ofHours(2)); // the second user's lifetime is due for a write
        ok(claim(second.accessToken().value(), SUBJECT));
        Map<String, AttributeValue> marker = table.user(second.userId());

        // An authorization that read the second user just before the merge now writes its lifetime.
        boolean written = userStore.extendLifetime(second.userId(), clock.instant(), expiry.expiresAt(clock.instant()));

        assertFalse(written, "the lifetime write is for a user's item, not a merge marker");
        assertEquals(marker, table.user(second.userId()));
        long forgetAt = Long.parseLong(marker.get("ttl").n());
        assertTrue(forgetAt <= clock.instant().plus(config.claimRetryWindow()).getEpochSecond(),
                "the marker lives no longer than the claim retry window");
        clock.advance(config.claimRetryWindow());
        assertError(claim(second.accessToken().value(), SUBJECT), 400, "invalid_grant");
    }

    @Test
    void aSignOutThatLostTheRaceToAMergeLeavesTheMarkerAsItIs() {
        ok(claim(device.accessToken().value(), SUBJECT));
        IssuedTokens second = users.create();
        ok(claim(second.accessToken().value(), SUBJECT));
        Map<String, AttributeValue> marker = table.user(second.userId());

        assertFalse(userStore.revoke(second.userId(), clock.instant(), Revocation.SIGN_OUT));

        assertEquals(marker, table.user(second.userId()));
    }

    @Test
    void aMergedUserClaimedAgainForAnotherSubjectIsAlreadyClaimed() {
        ok(claim(device.accessToken().value(), SUBJECT));
        IssuedTokens second = users.create();
        ok(claim(second.accessToken().value(), SUBJECT));

        assertError(claim(second.accessToken().value(), "auth0|someone-else"), 409, "already_claimed");
    }

    @Test
    void aClaimedUserKeepsAtMostTheNewestSessionsAndDropsTheOldest() {
        ok(claim(device.accessToken().value(), SUBJECT));
        List<String> merged = new ArrayList<>();
        for (int i = 0; i <= UserClaim.MAX_SESSIONS; i++) {
            merged.add(ok(claim(users.create().accessToken().value(), SUBJECT)).get("token").get("access_token")
                    .asText());
        }

        assertInstanceOf(AccessDecision.Denied.class, decide(merged.get(0)), "the oldest merged session is dropped");
        for (String token : merged.subList(1, merged.size())) {
            assertEquals(device.userId(), granted(token).userId());
        }
        assertEquals(device.userId(), granted(device.accessToken().value()).userId(), "the user's own item stays");
        assertEquals(1 + UserClaim.MAX_SESSIONS, administration.find(device.userId()).orElseThrow().sessions());
    }

    @Test
    void aClaimedUserWithTheMostSessionsStaysOneWriteUnit() {
        String subject = "auth0|" + "5f8d0c2e9a4b7e1d3c6f0a92"; // a typical login's id
        ok(claim(device.accessToken().value(), subject));
        for (int i = 0; i < UserClaim.MAX_SESSIONS; i++) {
            ok(claim(users.create().accessToken().value(), subject));
        }
        rotation.refresh(device.refreshToken().value(), java.util.Optional.empty(), InvocationRecorder.NONE);

        int size = ItemSize.of(table.user(device.userId()));
        assertTrue(size <= 1024, size + " bytes: a write of it would cost two units");
    }

    // --- concurrency (the rules called from threads: the test's Lambda event server runs one invocation at a time)

    @Inject
    UserClaim rules;

    /** What a claim of the rules answers, or the OAuth error it throws. */
    record Outcome(UserClaim.Claimed claimed, OAuthError error) {
    }

    Outcome claimDirectly(String accessToken, String subject) {
        try {
            ClientApp app = clients.authenticateBackend(Users.CLIENT, Users.BACKEND_SECRET);
            return new Outcome(rules.claim(app, accessToken, subject, InvocationRecorder.NONE), null);
        } catch (OAuthException e) {
            return new Outcome(null, e.error());
        }
    }

    @Test
    void eightDevicesClaimingOneNewSubjectAtOnceConvergeOnOneUser() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tokens.add(users.create().accessToken().value());
        }
        List<String> next = new ArrayList<>(tokens);

        List<Outcome> outcomes = Concurrently.run(8, () -> {
            String token;
            synchronized (next) {
                token = next.remove(0);
            }
            return claimDirectly(token, SUBJECT);
        });

        Set<String> holders = new HashSet<>();
        int merges = 0;
        for (Outcome outcome : outcomes) {
            assertNull(outcome.error(), "every device gets 200");
            holders.add(outcome.claimed().userId());
            if (outcome.claimed().mergedUserId().isPresent()) {
                merges++;
                assertEquals(outcome.claimed().userId(),
                        granted(outcome.claimed().tokens().orElseThrow().accessToken().value()).userId());
            }
        }
        assertEquals(1, holders.size(), "one permanent user for the subject");
        assertEquals(7, merges);
        String holder = holders.iterator().next();
        assertEquals(holder, administration.findBySubject(Users.CLIENT, SUBJECT).orElseThrow().userId());
        assertEquals(8, administration.find(holder).orElseThrow().sessions());
    }

    @Test
    void eightIdenticalFreshClaimsAtOnceAllAnswerTheOneUser() throws Exception {
        List<Outcome> outcomes = Concurrently.run(8,
                () -> claimDirectly(device.accessToken().value(), SUBJECT));

        for (Outcome outcome : outcomes) {
            assertNull(outcome.error(), "every duplicate answers 200: " + outcomes);
            assertEquals(device.userId(), outcome.claimed().userId());
            assertTrue(outcome.claimed().mergedUserId().isEmpty(), "a user is never merged into itself");
        }
        assertEquals(device.userId(), administration.findBySubject(Users.CLIENT, SUBJECT).orElseThrow().userId());
        assertEquals(1, administration.find(device.userId()).orElseThrow().sessions(), "no session was added");
    }

    @Test
    void aDuplicateClaimThatFindsTheFirstLandedSinceItReadTheUserAnswersTheClaim() throws Exception {
        DynamoDbProxy.PausedRead holdRead = MotoServer.proxy().pauseNextReadOf("SUBJECT#");
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Outcome> duplicate = caller.submit(() -> claimDirectly(device.accessToken().value(), SUBJECT));
            holdRead.awaitReached(); // the duplicate read the user as anonymous and now asks who holds the subject
            Outcome first = claimDirectly(device.accessToken().value(), SUBJECT);
            holdRead.release();

            Outcome second = duplicate.get(10, TimeUnit.SECONDS);
            assertNull(first.error());
            assertNull(second.error(), "the duplicate finds its own user holding the subject: " + second);
            assertEquals(device.userId(), second.claimed().userId());
            assertTrue(second.claimed().mergedUserId().isEmpty());
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void oneUserClaimedForTwoSubjectsAtOnceGetsOneClaimAndOneConflict() throws Exception {
        List<String> subjects = new ArrayList<>(List.of("auth0|a", "auth0|b"));

        List<Outcome> outcomes = Concurrently.run(2, () -> {
            String subject;
            synchronized (subjects) {
                subject = subjects.remove(0);
            }
            return claimDirectly(device.accessToken().value(), subject);
        });

        List<Outcome> won = outcomes.stream().filter(outcome -> outcome.error() == null).toList();
        assertEquals(1, won.size(), outcomes.toString());
        assertTrue(outcomes.stream().anyMatch(outcome -> outcome.error() == OAuthError.ALREADY_CLAIMED));
        String subject = won.get(0).claimed().subject();
        assertEquals(subject, administration.find(device.userId()).orElseThrow().subject());
        String lost = subject.equals("auth0|a") ? "auth0|b" : "auth0|a";
        assertTrue(administration.findBySubject(Users.CLIENT, lost).isEmpty(), "no hold left for the loser");
    }

    // --- faults between the function and the store

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "FAIL_AFTER", "APPLY_LATE" })
    void aClaimThatLandedBeforeItFailedAnswersTheClaim(Fault fault) {
        int before = MotoServer.proxy().calls("TransactWriteItems");
        MotoServer.proxy().inject("TransactWriteItems", fault, 1);

        JsonNode answer = ok(claim(device.accessToken().value(), SUBJECT));

        assertEquals(device.userId(), answer.get("userId").asText());
        assertEquals(before + 2, MotoServer.proxy().calls("TransactWriteItems"),
                "the SDK retried the write that had landed");
        assertEquals(device.userId(), administration.findBySubject(Users.CLIENT, SUBJECT).orElseThrow().userId());
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "FAIL_AFTER", "APPLY_LATE" })
    void aMergeThatLandedBeforeItFailedAnswersTheMergeWithAWorkingPair(Fault fault) {
        ok(claim(device.accessToken().value(), SUBJECT));
        IssuedTokens second = users.create();
        MotoServer.proxy().inject("TransactWriteItems", fault, 1);

        JsonNode answer = ok(claim(second.accessToken().value(), SUBJECT));

        assertEquals(device.userId(), answer.get("userId").asText());
        assertEquals(second.userId(), answer.get("mergedUserId").asText());
        assertEquals(device.userId(), granted(answer.get("token").get("access_token").asText()).userId());
        assertEquals(2, administration.find(device.userId()).orElseThrow().sessions(), "merged once");
    }

    @Test
    void aMergeThatLandedButEveryAnswerFailedIs503AndTheClaimAgainAnswersIt() {
        ok(claim(device.accessToken().value(), SUBJECT));
        IssuedTokens second = users.create();
        MotoServer.proxy().inject("TransactWriteItems", Fault.FAIL_AFTER, 100);

        assertUnavailableNamingNoInternals(claim(second.accessToken().value(), SUBJECT));
        MotoServer.resetFaults();

        JsonNode answer = ok(claim(second.accessToken().value(), SUBJECT));
        assertEquals(second.userId(), answer.get("mergedUserId").asText());
        assertEquals(device.userId(), granted(answer.get("token").get("access_token").asText()).userId());
    }

    @Test
    void aClaimThatNeverLandedIs503AndLeavesTheUserAnonymous() {
        MotoServer.proxy().inject("TransactWriteItems", Fault.FAIL_BEFORE, 100);

        assertUnavailableNamingNoInternals(claim(device.accessToken().value(), SUBJECT));

        MotoServer.resetFaults();
        assertNull(administration.find(device.userId()).orElseThrow().subject());
        assertTrue(administration.findBySubject(Users.CLIENT, SUBJECT).isEmpty(), "no hold half-written");
        assertTrue(table.user(device.userId()).containsKey("ttl"));
    }

    @ParameterizedTest
    @EnumSource(StoreFault.class)
    void everyStoreFaultIsAnswered503NamingNoInternals(StoreFault fault) {
        assertUnavailableNamingNoInternals(fault.during(() -> claim(device.accessToken().value(), SUBJECT)));
    }

    // --- client authentication

    @Test
    void noCredentialsIsInvalidClientWithABasicChallenge() {
        HttpResult result = claimWith(Map.of("content-type", "application/json"),
                "{\"access_token\":\"" + device.accessToken().value() + "\",\"subject\":\"s\"}");

        assertError(result, 401, "invalid_client");
        assertTrue(result.header("WWW-Authenticate").startsWith("Basic "), result.headers().toString());
    }

    @Test
    void aWrongSecretIsInvalidClient() {
        assertInvalidClient(basic(Users.CLIENT, Users.BACKEND_SECRET + "x"));
    }

    @Test
    void anUnknownAppIsInvalidClient() {
        assertInvalidClient(basic("no-such-app", Users.BACKEND_SECRET));
    }

    @Test
    void anAppWithoutASecretIsInvalidClient() {
        assertInvalidClient(basic(OTHER_APP, Users.BACKEND_SECRET));
    }

    @Test
    void aDisabledAppIsInvalidClient() {
        clients.disable(Users.CLIENT);

        assertInvalidClient(basic(Users.CLIENT, Users.BACKEND_SECRET));
    }

    /** Authorization headers that are no well-formed credentials of this service, each for its own reason. */
    static List<String> malformedAuthorizations() {
        String secret = Users.BACKEND_SECRET;
        return List.of("", "Bearer abc", "Basic", "Basic %%%", "Basic dGVzdC1hcHA=",
                "Basic " + "QUFB".repeat(2000),
                basic("x".repeat(5000), secret),
                basic("x".repeat(ClientId.MAX_LENGTH + 1), secret),
                basic("müller-app", secret),
                basic("app#with#hashes", secret),
                basic("", secret),
                basic(Users.CLIENT, ""),
                basic(Users.CLIENT, "not-a-secret"),
                basic(Users.CLIENT, secret + "x"),
                basic(Users.CLIENT, "aas_" + "é".repeat(43)),
                basic(Users.CLIENT, "s".repeat(5000)),
                "Basic " + Base64.getEncoder().encodeToString(new byte[] { 't', 0x3a, (byte) 0xed, (byte) 0xa0,
                        (byte) 0x80 }),
                rawBasic(Users.CLIENT + ":" + secret.substring(0, 10) + "\ud800" + secret.substring(11)),
                rawBasic("\ud800" + ":" + secret));
    }

    static String rawBasic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Inject
    StoreCalls storeCalls;

    @ParameterizedTest
    @MethodSource("malformedAuthorizations")
    void malformedCredentialsAreInvalidClientWithoutAStoreCallAFailureOrAnError(String authorization) {
        int proxied = MotoServer.proxy().calls().values().stream().mapToInt(Integer::intValue).sum();
        long called = storeCalls.calls();
        long failed = storeCalls.failures();
        HttpResult result;
        try (LogCapture log = new LogCapture()) {
            result = claimWith(authorization.isEmpty() ? Map.of("content-type", "application/json")
                    : Map.of("content-type", "application/json", "authorization", authorization),
                    "{\"access_token\":\"" + device.accessToken().value() + "\",\"subject\":\"s\"}");
            assertTrue(log.lines().stream().noneMatch(line -> line.startsWith("SEVERE") || line.startsWith("ERROR")),
                    log.lines().toString());
        }

        assertError(result, 401, "invalid_client");
        assertEquals(OAuthException.CLIENT_AUTHENTICATION_FAILED, result.body().get("error_description").asText());
        assertTrue(result.header("WWW-Authenticate").startsWith("Basic "));
        assertEquals(proxied, MotoServer.proxy().calls().values().stream().mapToInt(Integer::intValue).sum(),
                "no DynamoDB call");
        assertEquals(called, storeCalls.calls());
        assertEquals(failed, storeCalls.failures(), "no store failure counted");
    }

    @Test
    void everyFailedClientAuthenticationAnswersTheSame() {
        clients.disable(OTHER_APP);
        String body = "{\"access_token\":\"" + device.accessToken().value() + "\",\"subject\":\"s\"}";
        HttpResult missing = claimWith(Map.of("content-type", "application/json"), body);

        for (String authorization : List.of(basic(Users.CLIENT, Users.BACKEND_SECRET.replace('t', 'u')),
                basic("no-such-app", Users.BACKEND_SECRET), basic(OTHER_APP, Users.BACKEND_SECRET), "Basic %%%")) {
            HttpResult refused = claimWith(Map.of("content-type", "application/json", "authorization",
                    authorization), body);
            assertEquals(missing.status(), refused.status());
            assertEquals(missing.rawBody(), refused.rawBody(), "the answer does not say which check failed");
            assertEquals(missing.headers(), refused.headers());
        }
    }

    @Inject
    ClientRepository clientStore;

    @Inject
    AnonymousAccessConfig config;

    @Test
    void aSecretRotatedByAnotherInstanceWorksAtOnce() {
        ok(claim(device.accessToken().value(), SUBJECT)); // this instance has read the app with its first secret
        String next = "aas_rotated-elsewhere-0123456789abcdefghijklmno";
        anotherInstancesRegistry().rotateSecret(Users.CLIENT, next); // the admin function's

        HttpResult result = claimWith(Map.of("content-type", "application/json", "authorization",
                basic(Users.CLIENT, next)), "{\"access_token\":\"" + device.accessToken().value()
                        + "\",\"subject\":\"" + SUBJECT + "\"}");

        assertEquals(200, result.status(), result.rawBody());
    }

    @Test
    void aSecretRotatedAwayTwiceOnAnotherInstanceStopsWorkingAtOnce() {
        ok(claim(device.accessToken().value(), SUBJECT)); // this instance has read the app with its first secret
        ClientRegistry admin = anotherInstancesRegistry(); // the admin function's
        admin.rotateSecret(Users.CLIENT, "aas_" + "second-secret-".repeat(4).substring(0, 43));
        admin.rotateSecret(Users.CLIENT, "aas_" + "third-secret-".repeat(4).substring(0, 43));

        assertError(claimWith(Map.of("content-type", "application/json", "authorization",
                basic(Users.CLIENT, Users.BACKEND_SECRET)), "{\"access_token\":\"" + device.accessToken().value()
                        + "\",\"subject\":\"" + SUBJECT + "\"}"), 401, "invalid_client");
    }

    @Test
    void thePreviousSecretWorksWithinItsGracePeriod() {
        clients.rotateSecret(Users.CLIENT, "aas_the-next-secret-0123456789abcdefghijklmnopq");

        ok(claim(device.accessToken().value(), SUBJECT));
    }

    void assertInvalidClient(String authorization) {
        HttpResult result = claimWith(Map.of("content-type", "application/json", "authorization", authorization),
                "{\"access_token\":\"" + device.accessToken().value() + "\",\"subject\":\"s\"}");
        assertError(result, 401, "invalid_client");
        assertTrue(result.header("WWW-Authenticate").startsWith("Basic "));
        assertNull(administration.find(device.userId()).orElseThrow().subject());
    }

    @Test
    void aBrowserIsRefusedWithoutCorsHeaders() {
        HttpResult result = claimWith(Map.of("content-type", "application/json", "origin", "https://app.example.com",
                "authorization", basic(Users.CLIENT, Users.BACKEND_SECRET)),
                "{\"access_token\":\"" + device.accessToken().value() + "\",\"subject\":\"s\"}");

        assertError(result, 403, "origin_not_allowed");
        assertNull(result.header("Access-Control-Allow-Origin"), "no page may read the answer");
        assertNull(administration.find(device.userId()).orElseThrow().subject());
    }

    @Test
    void aPreflightIsRefusedWithoutCorsHeaders() {
        HttpResult result = http(httpEvent("OPTIONS", CLAIM_PATH, Map.of("origin", "https://app.example.com",
                "access-control-request-method", "POST"), null, false));

        assertEquals(403, result.status());
        assertNull(result.header("Access-Control-Allow-Origin"));
    }

    // --- the grant

    @Test
    void anUnknownTokenIsInvalidGrant() {
        String value = device.accessToken().value();
        String forged = value.substring(0, value.length() - 1) + (value.endsWith("a") ? "b" : "a");

        assertError(claim(forged, SUBJECT), 400, "invalid_grant");
    }

    @Test
    void aRefreshTokenIsInvalidGrant() {
        assertError(claim(device.refreshToken().value(), SUBJECT), 400, "invalid_grant");
    }

    @Test
    void anExpiredAccessTokenIsInvalidGrant() {
        clock.advance(Duration.ofHours(25));

        assertError(claim(device.accessToken().value(), SUBJECT), 400, "invalid_grant");
    }

    @Test
    void aRevokedTokenIsInvalidGrant() {
        signOut.revoke(device.accessToken().value(), InvocationRecorder.NONE);

        assertError(claim(device.accessToken().value(), SUBJECT), 400, "invalid_grant");
    }

    @Test
    void aTokenOfAnotherAppsUserIsInvalidGrant() {
        IssuedTokens stranger = users.create(OTHER_APP);

        assertError(claim(stranger.accessToken().value(), SUBJECT), 400, "invalid_grant");
        assertNull(administration.find(stranger.userId()).orElseThrow().subject());
    }

    @Test
    void aSupersededAccessTokenIsInvalidGrant() {
        rotation.refresh(device.refreshToken().value(), java.util.Optional.empty(), InvocationRecorder.NONE);

        assertError(claim(device.accessToken().value(), SUBJECT), 400, "invalid_grant");
    }

    @Test
    void aMissingTokenIsInvalidRequest() {
        assertError(claimWith(Map.of("content-type", "application/json", "authorization",
                basic(Users.CLIENT, Users.BACKEND_SECRET)), "{\"subject\":\"s\"}"), 400, "invalid_request");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", "{\"subject\":42}", "{\"subject\":\"\"}", "{\"subject\":\"   \"}",
            "{\"subject\":\"a\\u0000b\"}", "{\"subject\":\"line\\nbreak\"}", "{\"subject\":null}",
            "{\"subject\":\"lone \\ud800 high\"}", "{\"subject\":\"lone \\udc00 low\"}",
            "{\"subject\":\"\\ude00\\ud83d reversed\"}" })
    void anUnacceptableSubjectIsInvalidRequest(String subjectField) {
        String body = subjectField.equals("{}") ? "{\"access_token\":\"" + device.accessToken().value() + "\"}"
                : subjectField.replace("{", "{\"access_token\":\"" + device.accessToken().value() + "\",");

        assertError(claimWith(Map.of("content-type", "application/json", "authorization",
                basic(Users.CLIENT, Users.BACKEND_SECRET)), body), 400, "invalid_request");
        assertNull(administration.find(device.userId()).orElseThrow().subject());
    }

    @Test
    void aSubjectLongerThanTwoHundredFiftySixCharactersIsInvalidRequest() {
        assertError(claim(device.accessToken().value(), "x".repeat(257)), 400, "invalid_request");
    }

    // --- logs

    @Test
    void neitherTheSubjectNorAnyTokenReachesTheLog() {
        String subject = "person-" + "q7Zr".repeat(4) + "@example.com";
        IssuedTokens second = users.create();
        List<String> lines;
        try (LogCapture log = new LogCapture()) {
            ok(claim(device.accessToken().value(), subject));
            JsonNode merged = ok(claim(second.accessToken().value(), subject));
            assertError(claim(device.accessToken().value(), subject + "x"), 409, "already_claimed");
            lines = log.lines();
            String pair = merged.get("token").get("access_token").asText();
            for (String line : log.lines()) {
                assertFalse(line.contains(pair), line);
            }
        }
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            assertFalse(line.contains(subject), line);
            assertFalse(line.contains(Users.BACKEND_SECRET), line);
            assertFalse(line.contains(device.accessToken().value()), line);
            assertFalse(line.contains(second.accessToken().value()), line);
        }
    }
}

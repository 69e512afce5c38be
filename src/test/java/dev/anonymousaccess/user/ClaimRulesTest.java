package dev.anonymousaccess.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.error.ContentionException;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.observability.Metric;
import dev.anonymousaccess.testing.Concurrently;
import dev.anonymousaccess.testing.CountingRecorder;
import dev.anonymousaccess.testing.Domain;

/** Claim and merge, the rules alone on the in-memory store (the same cases run against DynamoDB in ClaimFunctionTest). */
@Tag("rules")
class ClaimRulesTest {

    static final String SUBJECT = "auth0|4711";

    final Domain domain = new Domain();
    ClientApp app;
    IssuedTokens device;

    @BeforeEach
    void anAppAndAnAnonymousUser() {
        app = domain.clients.put(ClientDefinition.builder().clientId("app").signupsPerIp(0).build());
        device = created();
    }

    IssuedTokens created() {
        return domain.registration.register(Domain.signup("app"), InvocationRecorder.NONE);
    }

    UserClaim.Claimed claim(IssuedTokens tokens, String subject) {
        return domain.claims.claim(app, tokens.accessToken().value(), subject, InvocationRecorder.NONE);
    }

    OAuthError refusal(IssuedTokens tokens, String subject) {
        return assertThrows(OAuthException.class, () -> claim(tokens, subject)).error();
    }

    AccessDecision decide(String accessToken) {
        return domain.verifier.verify(accessToken, InvocationRecorder.NONE);
    }

    @Test
    void aClaimMakesTheUserPermanentAndHoldsTheSubject() {
        UserClaim.Claimed claimed = claim(device, SUBJECT);

        assertEquals(device.userId(), claimed.userId());
        assertTrue(claimed.mergedUserId().isEmpty());
        User user = domain.userStore.findUser(device.userId()).orElseThrow();
        assertEquals(SUBJECT, user.subject());
        assertEquals(null, user.own().expiresAt());
        assertEquals(Optional.of(device.userId()), domain.userStore.holderOf("app", SUBJECT));
        assertEquals(SUBJECT, assertInstanceOf(AccessDecision.Granted.class,
                decide(device.accessToken().value())).subject());
    }

    @Test
    void theSameClaimAgainAnswersTheSame() {
        assertEquals(claim(device, SUBJECT), claim(device, SUBJECT));
    }

    @Test
    void aUserClaimedForAnotherSubjectIsAlreadyClaimed() {
        claim(device, SUBJECT);

        assertEquals(OAuthError.ALREADY_CLAIMED, refusal(device, "auth0|other"));
    }

    @Test
    void aClaimOfAHeldSubjectMergesIntoItsHolderWithAPairOfTheHolders() {
        claim(device, SUBJECT);
        IssuedTokens second = created();

        UserClaim.Claimed merged = claim(second, SUBJECT);

        assertEquals(device.userId(), merged.userId());
        assertEquals(Optional.of(second.userId()), merged.mergedUserId());
        String pair = merged.tokens().orElseThrow().accessToken().value();
        assertEquals(device.userId(), assertInstanceOf(AccessDecision.Granted.class, decide(pair)).userId());
        assertInstanceOf(AccessDecision.Denied.class, decide(second.accessToken().value()));
        assertEquals(1, domain.userStore.findUser(device.userId()).orElseThrow().furtherSessions().size());
    }

    @Test
    void aRetriedMergeAnswersTheSamePairUntilItIsUsedThenTheIdsOnly() {
        claim(device, SUBJECT);
        IssuedTokens second = created();
        UserClaim.Claimed first = claim(second, SUBJECT);

        assertEquals(first, claim(second, SUBJECT));
        domain.rotation.refresh(first.tokens().orElseThrow().refreshToken().value(), Optional.empty(),
                InvocationRecorder.NONE);

        UserClaim.Claimed later = claim(second, SUBJECT);
        assertEquals(device.userId(), later.userId());
        assertTrue(later.tokens().isEmpty(), "the device evidently got the first answer");
    }

    @Test
    void aMergeIsAnsweredAgainOnlyWithinTheClaimRetryWindow() {
        claim(device, SUBJECT);
        IssuedTokens second = created();
        claim(second, SUBJECT);
        domain.clock.advance(Domain.CLAIM_RETRY_WINDOW);

        assertEquals(OAuthError.INVALID_GRANT, refusal(second, SUBJECT));
    }

    @Test
    void aClaimedUserKeepsAtMostTheNewestSessions() {
        claim(device, SUBJECT);
        List<String> merged = new ArrayList<>();
        for (int i = 0; i <= UserClaim.MAX_SESSIONS; i++) {
            merged.add(claim(created(), SUBJECT).tokens().orElseThrow().accessToken().value());
        }

        assertInstanceOf(AccessDecision.Denied.class, decide(merged.get(0)), "the oldest is dropped");
        assertInstanceOf(AccessDecision.Granted.class, decide(merged.get(merged.size() - 1)));
        assertEquals(UserClaim.MAX_SESSIONS,
                domain.userStore.findUser(device.userId()).orElseThrow().furtherSessions().size());
    }

    @Test
    void theMergedDevicesPairIsOfItsAppsAccessTokenLifetime() {
        app = domain.clients.put(ClientDefinition.builder().clientId("app").signupsPerIp(0)
                .settings(dev.anonymousaccess.client.ClientSettings.builder()
                        .accessTokenLifetime(Duration.ofMinutes(15)).build()).build());
        claim(device, SUBJECT);

        assertEquals(Duration.ofMinutes(15), claim(created(), SUBJECT).tokens().orElseThrow().expiresIn());
    }

    @Test
    void tokensThatAreNotALiveAccessTokenOfTheAppAreInvalidGrant() {
        IssuedTokens refreshed = domain.rotation.refresh(device.refreshToken().value(), Optional.empty(),
                InvocationRecorder.NONE);
        assertEquals(OAuthError.INVALID_GRANT, refusal(device, SUBJECT), "superseded");
        assertEquals(OAuthError.INVALID_GRANT, assertThrows(OAuthException.class,
                () -> domain.claims.claim(app, refreshed.refreshToken().value(), SUBJECT, InvocationRecorder.NONE))
                .error(), "a refresh token");
        domain.signOut.revoke(refreshed.accessToken().value(), InvocationRecorder.NONE);
        assertEquals(OAuthError.INVALID_GRANT, refusal(refreshed, SUBJECT), "revoked");
        IssuedTokens expiring = created();
        domain.clock.advance(Duration.ofHours(25));
        assertEquals(OAuthError.INVALID_GRANT, refusal(expiring, SUBJECT), "expired");
    }

    @Test
    void eightDevicesClaimingOneNewSubjectAtOnceConvergeOnOneUser() throws Exception {
        List<IssuedTokens> devices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            devices.add(created());
        }

        List<UserClaim.Claimed> outcomes = Concurrently.run(devices.stream()
                .<Callable<UserClaim.Claimed>>map(tokens -> () -> claim(tokens, SUBJECT)).toList());

        Set<String> holders = new HashSet<>();
        outcomes.forEach(outcome -> holders.add(outcome.userId()));
        assertEquals(1, holders.size());
        assertEquals(7, outcomes.stream().filter(outcome -> outcome.mergedUserId().isPresent()).count());
    }

    @Test
    void eightIdenticalClaimsAtOnceAllAnswerTheOneUser() throws Exception {
        List<UserClaim.Claimed> outcomes = Concurrently.run(8, () -> claim(device, SUBJECT));

        assertTrue(outcomes.stream().allMatch(outcome -> outcome.userId().equals(device.userId())
                && outcome.mergedUserId().isEmpty()), outcomes.toString());
    }

    @Test
    void aClaimThatKeepsLosingItsRaceIsContentionCountedAsSuch() {
        domain.userStore.loseEveryRace();
        CountingRecorder recorder = new CountingRecorder();

        assertThrows(ContentionException.class,
                () -> domain.claims.claim(app, device.accessToken().value(), SUBJECT, recorder));

        assertEquals(List.of(Metric.CONTENTION), recorder.counted());
    }

}

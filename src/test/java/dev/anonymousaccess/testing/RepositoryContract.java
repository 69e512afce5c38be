package dev.anonymousaccess.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.anonymousaccess.client.CaptchaPolicy;
import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientCredentials;
import dev.anonymousaccess.client.ClientRepository;
import dev.anonymousaccess.client.ClientSettings;
import dev.anonymousaccess.client.Deprecation;
import dev.anonymousaccess.jwt.KeySet;
import dev.anonymousaccess.jwt.SigningAlgorithm;
import dev.anonymousaccess.jwt.SigningKey;
import dev.anonymousaccess.jwt.SigningKeyRepository;
import dev.anonymousaccess.signup.SignupCounter;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.token.TokenKind;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.Revocation;
import dev.anonymousaccess.user.Session;
import dev.anonymousaccess.user.User;
import dev.anonymousaccess.user.UserRepository;

/**
 * What every store must do, run against each implementation (DynamoDB on moto_server, and the in-memory one of the
 * fast tests), so the fake cannot drift from the real thing.
 */
public abstract class RepositoryContract {

    static final Instant NOW = TestClock.START;
    static final String SUBJECT = "auth0|4711";

    /** The stores under the contract; the signing-key store holds no key set at the start of each test. */
    public record Stores(UserRepository users, ClientRepository clients, SignupCounter signups,
            SigningKeyRepository signingKeys) {
    }

    protected abstract Stores stores();

    private UserRepository users() {
        return stores().users();
    }

    private ClientRepository clients() {
        return stores().clients();
    }

    private SignupCounter signups() {
        return stores().signups();
    }

    private SigningKeyRepository signingKeys() {
        return stores().signingKeys();
    }

    /** A further session of {@code user}, as a device joining it gets one. */
    static Session deviceOf(User user) {
        return user.newSession(pairOf(UUID.randomUUID().toString()), NOW, "key", null);
    }

    /** {@code merged} merged into {@code into}, which {@code device} joins, dropping no session: whether it landed. */
    private boolean mergeAs(User merged, User into, Session device) {
        return users().merge(new UserRepository.Merge(merged, into, device, List.of(device.sessionId()), List.of(),
                NOW.plusSeconds(600)));
    }

    /** An anonymous user's only session, as registration makes it. */
    static Session session() {
        String id = UUID.randomUUID().toString();
        return Session.builder().userId(id).clientId("app").createdAt(NOW).lastSeenAt(NOW)
                .expiresAt(NOW.plus(Duration.ofDays(30))).accessTokenHash("access-" + id)
                .accessTokenExpiresAt(NOW.plus(Duration.ofHours(24))).refreshTokenHash("refresh-" + id)
                .rotationKey("key").version(1).build();
    }

    static Session rotated(Session session) {
        Instant later = NOW.plusMillis(1500);
        return session.toBuilder().lastSeenAt(NOW.plusSeconds(1)).expiresAt(session.expiresAt().plusSeconds(1))
                .accessTokenHash("access2").accessTokenExpiresAt(NOW.plus(Duration.ofHours(25)))
                .refreshTokenHash("refresh2").previousRefreshTokenHash(session.refreshTokenHash())
                .refreshRotatedAt(later).retiredRefreshTokenHashes(List.of(session.refreshTokenHash()))
                .version(session.version() + 1).build();
    }

    /** A new anonymous user, stored. */
    User stored() {
        Session session = session();
        assertTrue(users().insert(session));
        return User.anonymous(session);
    }

    /** A new user, stored and claimed for {@code subject}. */
    User claimed(String subject) {
        User user = stored();
        User claimed = user.claimedFor(subject, NOW);
        assertTrue(users().claim(user, claimed));
        return users().findUser(user.userId()).orElseThrow();
    }

    static ClientApp client(String id, boolean enabled, String... origins) {
        return ClientApp.builder().clientId(id).name(id).enabled(enabled)
                .settings(ClientSettings.builder().allowedOrigins(List.of(origins)).build()).createdAt(NOW)
                .updatedAt(NOW).version(1).build();
    }

    // --- client apps

    @Test
    void aClientAppsSettingsAreReadBackAsWritten() {
        ClientApp app = client("settings-" + UUID.randomUUID(), true).toBuilder().settings(ClientSettings.builder()
                .allowedOrigins(List.of("https://a.example.com")).signupsPerIp(5)
                .captcha(new CaptchaPolicy(CaptchaPolicy.Provider.HCAPTCHA, "/captcha/app", true))
                .deprecation(Deprecation.of("2026-02-01T00:00:00Z", "2026-08-01T00:00:00Z", "https://example.com/a"))
                .inactivityPeriod(Duration.ofDays(90)).accessTokenLifetime(Duration.ofMinutes(15))
                .refreshRetryWindow(Duration.ofSeconds(30)).build()).build();

        assertTrue(clients().save(app, Optional.empty()));

        assertEquals(Optional.of(app), clients().find(app.clientId()));
    }

    @Test
    void aClientAppWithoutSettingsOfItsOwnIsReadBackWithout() {
        ClientApp app = client("plain-" + UUID.randomUUID(), true).toBuilder().settings(ClientSettings.NONE).build();

        assertTrue(clients().save(app, Optional.empty()));

        assertEquals(ClientSettings.NONE, clients().find(app.clientId()).orElseThrow().settings());
    }

    @Test
    void aClientAppsBackendCredentialsAreReadBackAsWritten() {
        ClientApp app = client("with-secret", true).toBuilder()
                .credentials(ClientCredentials.first("hash-1", NOW).rotatedTo("hash-2", NOW, Duration.ofHours(24)))
                .build();

        assertTrue(clients().save(app, Optional.empty()));

        assertEquals(Optional.of(app), clients().find("with-secret"));
    }

    @Test
    void aClientAppIsReplacedOnlyFromTheVersionItWasReadAt() {
        ClientApp app = client("app-" + UUID.randomUUID(), true);
        clients().save(app, Optional.empty());
        ClientApp second = app.toBuilder().name("second").updatedAt(NOW.plusSeconds(5)).version(2).build();
        ClientApp rival = app.toBuilder().name("rival").updatedAt(NOW.plusSeconds(6)).version(2).build();

        assertTrue(clients().save(second, Optional.of(app)));
        assertTrue(clients().save(second, Optional.of(app)), "a retried save of this very change");
        assertFalse(clients().save(rival, Optional.of(app)));
        assertFalse(clients().save(client(app.clientId(), true), Optional.empty()), "never overwrites as new");
        assertEquals(Optional.of(second), clients().find(app.clientId()));
    }

    @Test
    void theOriginIndexHoldsTheOriginsOfEnabledClientAppsOnly() {
        String id = "app-" + UUID.randomUUID();
        String origin = "https://" + id + ".example.com";
        ClientApp app = client(id, true, origin);
        clients().save(app, Optional.empty());
        assertTrue(clients().anyClientAllowsOneOf(List.of("https://other.example.com", origin)));

        ClientApp disabled = app.toBuilder().enabled(false).version(2).build();
        clients().save(disabled, Optional.of(app));
        assertFalse(clients().anyClientAllowsOneOf(List.of(origin)));

        ClientApp enabledAgain = app.toBuilder().version(3).build();
        clients().save(enabledAgain, Optional.of(disabled));
        assertTrue(clients().anyClientAllowsOneOf(List.of(origin)));
        clients().save(client(id, true).toBuilder().version(4).build(), Optional.of(enabledAgain));
        assertFalse(clients().anyClientAllowsOneOf(List.of(origin)), "an origin removed from an enabled app");
    }

    @Test
    void aSignupIsCountedOnceAndTheCounterHoldsAtMostItsLimit() {
        String key = "app#192.0.2.1#" + UUID.randomUUID();
        Instant end = NOW.plus(Duration.ofHours(1));

        assertTrue(signups().countOnce(key, "one", 2, end));
        assertTrue(signups().countOnce(key, "one", 2, end), "a retried count of this very sign-up");
        assertTrue(signups().countOnce(key, "two", 2, end));
        assertFalse(signups().countOnce(key, "three", 2, end));
        assertTrue(signups().countOnce(key, "two", 2, end), "a counted sign-up retried once the counter is full");
        assertTrue(signups().countOnce("app#192.0.2.2#" + UUID.randomUUID(), "three", 2, end), "another source");
    }

    // --- sessions

    @Test
    void aSessionIsReadBackAsWrittenAndItsUserWithIt() {
        Session session = session();
        assertTrue(users().insert(session));

        assertEquals(Optional.of(session), users().findSession(session.sessionId()));
        assertEquals(Optional.of(User.anonymous(session)), users().findUser(session.userId()));
    }

    @Test
    void aRotatedSessionIsReadBackWithMillisecondRotationTime() {
        Session session = session();
        users().insert(session);
        Session next = rotated(session);

        assertTrue(users().replaceTokens(session, next).written());
        assertEquals(Optional.of(next), users().findSession(session.sessionId()));
    }

    @Test
    void anAbsentSessionIsEmpty() {
        assertEquals(Optional.empty(), users().findSession(UUID.randomUUID().toString()));
        assertEquals(Optional.empty(), users().findUser(UUID.randomUUID().toString()));
    }

    @Test
    void insertingTheSameUserAgainIsSuccessButAnotherWithItsIdIsNot() {
        Session session = session();
        users().insert(session);
        Session other = session.toBuilder().clientId("other").accessTokenHash("other-access")
                .refreshTokenHash("other-refresh").build();

        assertTrue(users().insert(session), "a retried insert of this very user");
        assertFalse(users().insert(other));
        assertEquals(Optional.of(session), users().findSession(session.sessionId()));
    }

    @Test
    void theLifetimeOnlyMovesForward() {
        Session session = session();
        users().insert(session);

        assertFalse(users().extendLifetime(session.userId(), NOW, session.expiresAt()));
        assertFalse(users().extendLifetime(session.userId(), NOW, session.expiresAt().minusSeconds(60)));
        assertTrue(users().extendLifetime(session.userId(), NOW.plusSeconds(60), session.expiresAt().plusSeconds(60)));

        Session stored = users().findSession(session.sessionId()).orElseThrow();
        assertEquals(session.expiresAt().plusSeconds(60), stored.expiresAt());
        assertEquals(NOW.plusSeconds(60), stored.lastSeenAt());
    }

    @Test
    void theLifetimeOfAnAbsentUserIsNeverWritten() {
        String id = UUID.randomUUID().toString();

        assertFalse(users().extendLifetime(id, NOW, NOW.plus(Duration.ofDays(30))));
        assertEquals(Optional.empty(), users().findSession(id));
    }

    @Test
    void aClaimedUserNeverGetsALifetime() {
        User user = claimed(SUBJECT + UUID.randomUUID());

        assertFalse(users().extendLifetime(user.userId(), NOW, NOW.plus(Duration.ofDays(30))));
        assertEquals(null, users().findUser(user.userId()).orElseThrow().own().expiresAt());
    }

    @Test
    void aReplacementAtAnotherVersionIsRefusedWithTheCurrentSession() {
        Session session = session();
        users().insert(session);
        Session next = rotated(session);
        users().replaceTokens(session, next);

        UserRepository.Replacement again = users().replaceTokens(session, rotated(session));

        assertFalse(again.written());
        assertEquals(Optional.of(next), again.current());
    }

    @Test
    void aRevokedSessionsTokensAreNeverReplaced() {
        Session session = session();
        users().insert(session);
        users().revoke(session.sessionId(), NOW, Revocation.SIGN_OUT);

        UserRepository.Replacement replacement = users().replaceTokens(session, rotated(session));

        assertFalse(replacement.written());
        assertTrue(replacement.current().orElseThrow().revoked());
    }

    @Test
    void theReplacementOfAGoneSessionSaysSo() {
        Session session = session();

        assertEquals(new UserRepository.Replacement(false, Optional.empty()),
                users().replaceTokens(session, rotated(session)));
    }

    @Test
    void revokingRecordsWhyAndMovesTheVersion() {
        Session session = session();
        users().insert(session);

        assertTrue(users().revoke(session.sessionId(), NOW, Revocation.REUSE_DETECTED));
        assertTrue(users().revoke(session.sessionId(), NOW, Revocation.REUSE_DETECTED), "again changes nothing");

        Session stored = users().findSession(session.sessionId()).orElseThrow();
        assertEquals(Revocation.REUSE_DETECTED, stored.revokedFor());
        assertTrue(stored.version() > session.version());
        assertFalse(users().revoke(UUID.randomUUID().toString(), NOW, Revocation.SIGN_OUT));
    }

    // --- users: revocation and erasure, one item or a transaction

    @Test
    void anAnonymousUserIsErasedOnceFromTheVersionItWasReadAt() {
        User user = stored();

        assertTrue(users().erase(user));
        assertFalse(users().erase(user), "nothing left to erase");
        assertEquals(Optional.empty(), users().findUser(user.userId()));
    }

    @Test
    void aUserThatChangedSinceItWasReadIsNotErased() {
        User user = stored();
        users().revoke(user.userId(), NOW, Revocation.SIGN_OUT); // a change between the read and the erasure

        assertFalse(users().erase(user));
        assertTrue(users().findUser(user.userId()).isPresent());
    }

    @Test
    void aUserClaimedSinceItWasReadIsNotErasedAlone() {
        User user = stored();
        users().claim(user, user.claimedFor(SUBJECT + "-late", NOW));

        assertFalse(users().erase(user));
        assertTrue(users().holderOf("app", SUBJECT + "-late").isPresent(), "the hold still names its user");
    }

    @Test
    void aMergedDevicesSessionRemembersTheUserMergedAway() {
        User into = claimed(SUBJECT + UUID.randomUUID());
        User merged = stored();
        Session device = into.newSession(pairOf(UUID.randomUUID().toString()), NOW, "key", merged.userId());

        assertTrue(mergeAs(merged, into, device));
        assertEquals(merged.userId(), users().findSession(device.sessionId()).orElseThrow().mergedFrom());
    }

    @Test
    void anOperatorsRevocationRevokesEverySessionOfTheUserAsRead() {
        User into = claimed(SUBJECT + UUID.randomUUID());
        Session device = deviceOf(into);
        assertTrue(mergeAs(stored(), into, device));
        User now = users().findUser(into.userId()).orElseThrow();

        assertFalse(users().revokeEverySession(into, NOW), "read before the merge: the merged device is not missed");
        assertTrue(users().revokeEverySession(now, NOW));

        assertEquals(Revocation.OPERATOR, users().findSession(into.userId()).orElseThrow().revokedFor());
        assertEquals(Revocation.OPERATOR, users().findSession(device.sessionId()).orElseThrow().revokedFor());
    }

    @Test
    void aClaimedUserIsErasedWithItsSessionsAndItsHold() {
        String subject = SUBJECT + UUID.randomUUID();
        User into = claimed(subject);
        Session device = deviceOf(into);
        mergeAs(stored(), into, device);

        assertTrue(users().erase(users().findUser(into.userId()).orElseThrow()));

        assertEquals(Optional.empty(), users().findUser(into.userId()));
        assertEquals(Optional.empty(), users().findSession(device.sessionId()));
        assertEquals(Optional.empty(), users().holderOf("app", subject), "the subject is free again");
    }

    // --- claims and merges

    @Test
    void aClaimHoldsTheSubjectAndMakesTheUserPermanent() {
        String subject = SUBJECT + UUID.randomUUID();
        User user = claimed(subject);

        assertEquals(Optional.of(user.userId()), users().holderOf("app", subject));
        assertEquals(subject, user.subject());
        assertEquals(null, user.own().expiresAt());
        assertEquals(NOW, user.own().claimedAt());
    }

    @Test
    void aHeldSubjectIsNeverClaimedAgain() {
        String subject = SUBJECT + UUID.randomUUID();
        User holder = claimed(subject);
        User other = stored();

        assertFalse(users().claim(other, other.claimedFor(subject, NOW)));

        assertEquals(Optional.of(holder.userId()), users().holderOf("app", subject));
        assertEquals(null, users().findUser(other.userId()).orElseThrow().subject());
    }

    @Test
    void aUserChangedSinceItWasReadIsNotClaimed() {
        User user = stored();
        users().revoke(user.userId(), NOW, Revocation.SIGN_OUT);

        assertFalse(users().claim(user, user.claimedFor(SUBJECT + "-changed", NOW)));

        assertEquals(Optional.empty(), users().holderOf("app", SUBJECT + "-changed"), "no hold half-written");
    }

    @Test
    void subjectsThatDifferOnlyBeyondAsciiAreHeldApart() {
        User first = claimed("m\u00fcller@example.com");
        User second = claimed("m\u00f6ller@example.com");

        assertEquals(Optional.of(first.userId()), users().holderOf("app", "m\u00fcller@example.com"));
        assertEquals(Optional.of(second.userId()), users().holderOf("app", "m\u00f6ller@example.com"));
    }

    @Test
    void aMergeLeavesAMarkerAddsTheSessionAndIsLocatedUntilItsTime() {
        User into = claimed(SUBJECT + UUID.randomUUID());
        User merged = stored();
        Session device = deviceOf(into);

        assertTrue(mergeAs(merged, into, device));

        assertEquals(Optional.empty(), users().findSession(merged.userId()), "the merged user's tokens stop");
        assertEquals(Optional.empty(), users().findUser(merged.userId()));
        UserRepository.MergedUser marker = users().locate(merged.userId(), NOW).merged().orElseThrow();
        assertEquals(into.userId(), marker.intoUserId());
        assertEquals(device.sessionId(), marker.sessionId());
        assertEquals(merged.own().accessTokenHash(), marker.accessTokenHash());
        assertTrue(users().locate(merged.userId(), NOW.plusSeconds(600)).merged().isEmpty(), "forgotten in time");
        assertEquals(List.of(device.sessionId()), users().findUser(into.userId()).orElseThrow().furtherSessions());
        assertEquals(Optional.of(device), users().findSession(device.sessionId()));
    }

    @Test
    void aMergeOfUsersChangedSinceTheyWereReadWritesNothing() {
        User into = claimed(SUBJECT + UUID.randomUUID());
        User merged = stored();
        users().revoke(merged.userId(), NOW, Revocation.SIGN_OUT);
        Session device = deviceOf(into);

        assertFalse(mergeAs(merged, into, device));

        assertTrue(users().findSession(merged.userId()).isPresent());
        assertEquals(Optional.empty(), users().findSession(device.sessionId()));
        assertEquals(List.of(), users().findUser(into.userId()).orElseThrow().furtherSessions());
    }

    @Test
    void aMergeDropsTheSessionsItIsToldTo() {
        User into = claimed(SUBJECT + UUID.randomUUID());
        Session first = deviceOf(into);
        mergeAs(stored(), into, first);
        User holding = users().findUser(into.userId()).orElseThrow();
        Session second = deviceOf(holding);

        assertTrue(users().merge(new UserRepository.Merge(stored(), holding, second, List.of(second.sessionId()),
                List.of(first.sessionId()), NOW.plusSeconds(600))));

        assertEquals(Optional.empty(), users().findSession(first.sessionId()));
        assertEquals(List.of(second.sessionId()), users().findUser(into.userId()).orElseThrow().furtherSessions());
    }

    @Test
    void aLifetimeWriteOrASignOutThatLostTheRaceToAMergeLeavesTheMarkerAlone() {
        User into = claimed(SUBJECT + UUID.randomUUID());
        User merged = stored();
        Session device = deviceOf(into);
        mergeAs(merged, into, device);

        assertFalse(users().extendLifetime(merged.userId(), NOW, NOW.plus(Duration.ofDays(31))));
        assertFalse(users().revoke(merged.userId(), NOW, Revocation.SIGN_OUT));

        assertTrue(users().locate(merged.userId(), NOW.plusSeconds(600)).merged().isEmpty(),
                "the marker still expires with the claim retry window");
    }

    static SigningKey signingKey(String kid, Instant signsUntil, Instant publishedUntil) {
        return new SigningKey(kid, SigningAlgorithm.RS256, "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\"}",
                new byte[] { 0, 1, 2, (byte) 0xff, 4 }, NOW, NOW.plusSeconds(9000), signsUntil, publishedUntil);
    }

    static KeySet keySet(long version, SigningKey... keys) {
        return new KeySet(List.of(keys), version);
    }

    @Test
    void aStoreWithoutSigningKeysReadsTheEmptySet() {
        assertEquals(KeySet.EMPTY, signingKeys().read());
    }

    @Test
    void theKeySetIsReadBackAsSavedWithItsScheduleAndCiphertext() {
        KeySet set = keySet(1, signingKey("old", NOW.plusSeconds(9000), NOW.plus(Duration.ofHours(27))),
                signingKey("new", null, null));

        assertTrue(signingKeys().save(set, 0));
        assertEquals(set, signingKeys().read());
    }

    @Test
    void aKeySetSavedFromAnOlderVersionIsRefusedAndChangesNothing() {
        KeySet first = keySet(1, signingKey("a", null, null));
        KeySet rival = keySet(1, signingKey("b", null, null));
        assertTrue(signingKeys().save(first, 0));

        assertFalse(signingKeys().save(rival, 0));
        assertEquals(first, signingKeys().read());
    }

    @Test
    void aSaveRepeatedAfterItLandedIsSuccess() {
        KeySet first = keySet(1, signingKey("a", null, null));
        KeySet second = keySet(2, signingKey("a", NOW.plusSeconds(9000), NOW.plus(Duration.ofHours(27))),
                signingKey("b", null, null));
        assertTrue(signingKeys().save(first, 0));
        assertTrue(signingKeys().save(second, 1));

        assertTrue(signingKeys().save(second, 1), "the SDK's retry of a write that landed");
        assertEquals(second, signingKeys().read());
    }

    private static final TokenCodec CODEC = new TokenCodec();

    /** A pair of tokens for a new session (only their hashes are stored). */
    static IssuedTokens pairOf(String sessionId) {
        return new IssuedTokens(sessionId, sessionId, null, CODEC.issue(TokenKind.ACCESS, sessionId),
                CODEC.issue(TokenKind.REFRESH, sessionId), Duration.ofHours(24), null);
    }
}
